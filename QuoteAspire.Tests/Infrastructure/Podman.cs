namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs Podman commands for the container tests, each bounded, failing the test on a non-zero exit.</summary>
public static class Podman
{
    /// <summary>Runs <c>podman ARGS</c> and returns its output, trimmed.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(TestImages.Runtime, args);
        Assert.True(exitCode == 0, $"podman {string.Join(' ', args)} exited with {exitCode}:\n{output}");
        return output.Trim();
    }

    /// <summary>Runs <c>podman ARGS</c> and returns its exit code and output, whatever they are.</summary>
    public static Task<(int ExitCode, string Output)> TryAsync(params string[] args) => ExternalTool.RunAsync(TestImages.Runtime, args);
}
