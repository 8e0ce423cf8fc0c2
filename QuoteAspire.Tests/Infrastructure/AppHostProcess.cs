namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs the AppHost the way users do, <c>dotnet run --project QuoteAspire.AppHost -- ARGS</c>, to completion.</summary>
public static class AppHostProcess
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the AppHost with <paramref name="args"/> from <paramref name="workingDirectory"/> and returns its output; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = await TryAsync(workingDirectory, args);

        Assert.True(exitCode == 0, $"The AppHost exited with {exitCode} for '{string.Join(' ', args)}':\n{output}");
        return output;
    }

    /// <summary>Runs the AppHost with <paramref name="args"/>, and <paramref name="environment"/> added, whatever its exit code.</summary>
    public static Task<(int ExitCode, string Output)> TryAsync(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        ExternalTool.RunAsync(
            "dotnet",
            ["run", "--project", Repository.AppHostProject, "--no-build", "--configuration", Repository.Configuration, "--", .. args],
            workingDirectory,
            timeout ?? PublishTimeout,
            environment);
}
