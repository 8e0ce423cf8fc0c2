using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Scripts;

/// <summary>
/// The published init containers' wait (<c>QuoteAspire.Hosting.Kubernetes/Scripts/wait-for.sh</c>), run by <c>/bin/sh</c>
/// with a stand-in check that fails the first time it runs.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WaitForScriptTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("quoteaspire-wait-for-");

    [Fact]
    public async Task TheWaitRunsTheCheckWithItsArgumentsUntilItSucceeds()
    {
        var run = new ShellScriptRun(_folder.Path);
        var calls = Path.Combine(_folder.Path, "calls");
        await run.StandInAsync("check", $"echo \"$*\" >> '{calls}'; [ \"$(wc -l < '{calls}')\" -ge 2 ]");

        var (exitCode, output) = await run.RunAsync(
            KubernetesScriptFile.ShellArguments(KubernetesScriptFile.WaitFor, ["check", "quote-store", "6379"]),
            new Dictionary<string, string> { ["TARGET_HOST"] = "quote-store", ["TARGET_PORT"] = "6379" });

        Assert.True(exitCode == 0, output);
        Assert.Equal(["quote-store 6379", "quote-store 6379"], await File.ReadAllLinesAsync(calls, TestContext.Current.CancellationToken));
        Assert.Equal("waiting for quote-store:6379\n", output);
    }

    [Fact]
    public async Task AWaitWithoutACheckFailsRatherThanPassAtOnce()
    {
        var (exitCode, output) = await new ShellScriptRun(_folder.Path).RunAsync(
            KubernetesScriptFile.ShellArguments(KubernetesScriptFile.WaitFor, []),
            new Dictionary<string, string> { ["TARGET_HOST"] = "quote-store", ["TARGET_PORT"] = "6379" });

        Assert.Equal(2, exitCode);
        Assert.Contains("no check to wait for", output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
