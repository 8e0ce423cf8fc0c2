using Aspire.Hosting;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Publishes the manifests as README says, <c>--step publish-kubernetes --output-path DIR</c>: the arguments in one place.</summary>
public static class KubernetesPublish
{
    /// <summary>The AppHost's arguments that publish into <paramref name="outputDirectory"/>, with <paramref name="settings"/> (<c>Key=value</c>) after them.</summary>
    public static string[] Arguments(string outputDirectory, params string[] settings) =>
    [
        "--operation", "publish", "--step", KubernetesBuilderExtensions.PublishStepName, "--output-path", outputDirectory,
        // Neither read nor write Aspire's deployment state: a password saved there would override the one a test gives,
        // and the developer's own saved password stays as it was.
        "--clear-cache", "true",
        .. settings,
    ];

    /// <summary>Runs <c>dotnet run --project QuoteAspire.AppHost</c> with <see cref="Arguments"/>; returns what it printed.</summary>
    public static Task<string> RunAsync(string outputDirectory, params string[] settings) =>
        AppHostProcess.RunAsync(Repository.Root, Arguments(outputDirectory, settings));
}
