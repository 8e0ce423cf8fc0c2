using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The published Sentinel's readiness probe, run by <c>/bin/sh</c> as the kubelet runs it, against a stand-in
/// <c>redis-cli</c> that answers <c>SENTINEL MASTER</c> with what the Sentinel knows.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SentinelReadinessScriptTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("quoteaspire-sentinel-ready-");

    [Fact]
    public async Task ASentinelThatKnowsEveryOtherNodeAndSentinelIsReady() =>
        Assert.Equal(0, await ProbeAsync(replicas: 2, otherSentinels: 2));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(0, 0)]
    public async Task ASentinelThatDoesNotKnowTheWholeSetYetIsNotReady(int replicas, int otherSentinels) =>
        Assert.NotEqual(0, await ProbeAsync(replicas, otherSentinels));

    [Fact]
    public async Task ASentinelThatDoesNotAnswerIsNotReady() =>
        Assert.NotEqual(0, await ProbeAsync(replicas: null, otherSentinels: null));

    // The probe's exit code for a set of three nodes, the Sentinel knowing so many replicas and other Sentinels (null:
    // redis-cli fails, as when nothing answers).
    private async Task<int> ProbeAsync(int? replicas, int? otherSentinels)
    {
        var run = new ShellScriptRun(_folder.Path);
        await run.StandInAsync(
            "redis-cli",
            replicas is null
                ? "exit 1"
                : $"printf 'name\\r\\nquote-store\\r\\nnum-slaves\\r\\n{replicas}\\r\\nnum-other-sentinels\\r\\n{otherSentinels}\\r\\nquorum\\r\\n2\\r\\n'");

        var (exitCode, _) = await run.RunAsync(
            ["-c", PeerScriptFile.Read(PeerScriptFile.SentinelReadiness), PeerScriptFile.SentinelReadiness, "quote-store", "3"],
            new Dictionary<string, string> { ["REDIS_PASSWORD"] = "sentinel-ready-test" });
        return exitCode;
    }

    public void Dispose() => _folder.Dispose();
}
