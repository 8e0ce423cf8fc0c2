using System.Reflection;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Paths in the repository the tests were built from.</summary>
public static class Repository
{
    /// <summary>The folder that holds QuoteAspire.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string AppHostProject => Path.Combine(Root, "QuoteAspire.AppHost");

    /// <summary>The build configuration of these tests, which the AppHost was built with too.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "QuoteAspire.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No QuoteAspire.sln above {AppContext.BaseDirectory}.");
    }
}
