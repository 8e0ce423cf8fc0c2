using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// How a data node of the replicated store (a container or a pod) picks the primary it follows as it starts, run by
/// <c>/bin/sh</c> against a real redis-server as its peer. Each peer answers on the data port at a loopback address of
/// its own, no Sentinel answers, and a stand-in <c>redis-server</c> prints the command line the node would start with.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataNodeScriptTests : IAsyncDisposable
{
    private const string Password = "data-node-script-test";

    private readonly TemporaryFolder _folder = new("quoteaspire-data-node-");

    // Loopback addresses of their own, so the peers can all use the data port the script knows.
    private readonly string _self;
    private readonly string _peer;

    public DataNodeScriptTests()
    {
        var block = Random.Shared.Next(2, 250);
        _self = $"127.{block}.0.2";
        _peer = $"127.{block}.0.3";
    }

    [Fact]
    public async Task ANodeTheKnowledgeNamesPrimaryFollowsAPeerPromotedSinceInstead()
    {
        // A replica promoted by the Sentinels: it keeps its old primary's history.
        await StartPeerAsync("--replicaof", "127.0.0.1", "9");
        await RedisCliAsync("replicaof", "no", "one");

        var (exitCode, output) = await RunDataNodeAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{_peer} already serves as the primary: this node follows it.", output, StringComparison.Ordinal);
        Assert.Contains($"--replicaof {_peer} {RedisReplicatedContainerResource.DataPort}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeTheKnowledgeNamesPrimaryStartsAsPrimaryBesideAPeerThatOnlyStartedAsOneFromItsFiles()
    {
        // As in a cold start: a peer that came up first as a primary, with no replica and no promotion behind it.
        await StartPeerAsync();

        var (exitCode, output) = await RunDataNodeAsync();

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("--replicaof", output, StringComparison.Ordinal);
        Assert.Contains("redis-server started with: -", output, StringComparison.Ordinal);
    }

    private async Task StartPeerAsync(params string[] args)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            "redis-server",
            ["--bind", _peer, "--port", $"{RedisReplicatedContainerResource.DataPort}", "--requirepass", Password, "--masterauth", Password,
                "--save", "", "--appendonly", "no", "--dir", _folder.Path, "--daemonize", "yes", "--pidfile", Path.Combine(_folder.Path, "peer.pid"), .. args]);
        Assert.True(exitCode == 0, output);
        await Bounded.UntilAsync(
            async () => (await RedisCliAsync("ping")).Contains("PONG", StringComparison.Ordinal),
            Bounded.ResourceHealthy,
            $"the peer redis-server at {_peer} to answer");
    }

    private async Task<string> RedisCliAsync(params string[] command)
    {
        var (_, output) = await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", _peer, "-p", $"{RedisReplicatedContainerResource.DataPort}", .. command],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = Password });
        return output;
    }

    // The node's script as a container runs it, the peers named by address, and redis-server replaced by a stand-in.
    private async Task<(int ExitCode, string Output)> RunDataNodeAsync()
    {
        var scripts = new RedisPeerScripts("quote-store", [_self, _peer], Quorum: 2)
        {
            // Nothing answers there: the node knows only what it finds out itself.
            SentinelHosts = [$"127.{_self.Split('.')[1]}.0.9"],
            FirstPrimary = _self,
        };
        var run = new ShellScriptRun(_folder.Path);
        await run.StandInAsync("redis-server", "echo \"redis-server started with: $*\"");
        return await run.RunAsync(
            scripts.DataNode(AppendFsync.EverySecond, "64mb", minReplicasToWrite: 1, self: _self),
            new Dictionary<string, string> { ["REDIS_PASSWORD"] = Password, [RedisSetMemberUsers.Replication.PasswordVariable] = Password });
    }

    public async ValueTask DisposeAsync()
    {
        await RedisCliAsync("shutdown", "nosave");
        _folder.Dispose();
    }
}
