using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The frontend's store user, as real servers read it: redis-server from its <c>user</c> line, Garnet from its ACL
/// file. It may do what the frontend does on the quotes' keys, and gets NOPERM for emptying, reconfiguring or listing the store.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FrontendUserAclTests : IAsyncDisposable
{
    private const string AdminPassword = "acl-test-admin";
    private const string FrontendPassword = "acl-test-frontend";
    private readonly TemporaryFolder _folder = new("quoteaspire-acl-");
    private string _address = $"127.{Random.Shared.Next(2, 250)}.2.2";
    private int _port;
    private System.Diagnostics.Process? _garnet;

    [Fact]
    public async Task OnRedisServerTheFrontendUserWorksOnTheQuotesKeysAndGetsNopermForFlushallConfigKeysAndOtherKeys()
    {
        _port = 6379;
        var config = Path.Combine(_folder.Path, "redis.conf");
        await File.WriteAllLinesAsync(config, [
            $"bind {_address}", $"port {_port}", $"requirepass {AdminPassword}", "save \"\"", $"dir {_folder.Path}",
            "daemonize yes", $"pidfile {Path.Combine(_folder.Path, "redis.pid")}",
            QuoteFrontendUser.Rules.RedisConfigLine(FrontendPassword)], TestContext.Current.CancellationToken);
        var (exitCode, output) = await ExternalTool.RunAsync("redis-server", config);
        Assert.True(exitCode == 0, output);
        await Bounded.UntilAsync(async () => (await AsFrontendAsync("ping")).Contains("PONG", StringComparison.Ordinal), Bounded.ResourceHealthy, "redis-server to answer the frontend's user");

        await TheFrontendsCommandsWorkAndTheDangerousOnesAreRefusedAsync();
        Assert.StartsWith("NOPERM", await AsFrontendAsync("eval", "return redis.call('SET', KEYS[1], 'x')", "1", "sessions:1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnGarnetTheFrontendUserIsLimitedByCommandAndGetsNopermForFlushallConfigAndKeys()
    {
        _port = FreePort.Next();
        _address = "127.0.0.1";
        var acl = Path.Combine(_folder.Path, "users.acl");
        await File.WriteAllLinesAsync(acl, [
            $"user default on >{AdminPassword} +@all",
            // Garnet serves no WAIT (it is a store of one node here).
            QuoteFrontendUser.Rules.GarnetAclLine(FrontendPassword, "+wait")], TestContext.Current.CancellationToken);
        _garnet = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { "tool", "run", "garnet-server", "--", "--bind", _address, "--port", $"{_port}", "--auth", "ACL", "--acl-file", acl, "--lua" },
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Bounded.UntilAsync(async () => (await AsFrontendAsync("ping")).Contains("PONG", StringComparison.Ordinal), Bounded.ResourceHealthy, "Garnet to answer the frontend's user");

        await TheFrontendsCommandsWorkAndTheDangerousOnesAreRefusedAsync();
    }

    private async Task TheFrontendsCommandsWorkAndTheDangerousOnesAreRefusedAsync()
    {
        Assert.Equal("1", (await AsFrontendAsync("rpush", "quotes", "To be or not to be")).Trim());
        Assert.Contains("To be or not to be", await AsFrontendAsync("lrange", "quotes", "0", "-1"), StringComparison.Ordinal);
        Assert.Equal("OK", (await AsFrontendAsync("eval", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "quotes:idempotency:k1", "v")).Trim());
        Assert.Contains("# Memory", await AsFrontendAsync("info", "memory"), StringComparison.Ordinal);
        foreach (var command in new[] { new[] { "flushall" }, ["config", "get", "maxmemory"], ["keys", "*"] })
        {
            Assert.StartsWith("NOPERM", await AsFrontendAsync(command), StringComparison.Ordinal);
        }

        // Inside a script too, in each server's own words.
        var inScript = await AsFrontendAsync("eval", "return redis.call('FLUSHALL')", "0");
        Assert.True(inScript.Contains("can't run this command", StringComparison.Ordinal) || inScript.Contains("NOPERM", StringComparison.Ordinal), inScript);

        // Nothing was lost to those attempts.
        Assert.Equal("1", (await AsFrontendAsync("llen", "quotes")).Trim());
    }

    private async Task<string> AsFrontendAsync(params string[] command)
    {
        var (_, output) = await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", _address, "-p", $"{_port}", "--user", QuoteFrontendUser.Name, .. command],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = FrontendPassword });
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_garnet is { } garnet)
        {
            garnet.Kill(entireProcessTree: true);
            await garnet.WaitForExitAsync();
            garnet.Dispose();
        }

        await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", _address, "-p", $"{_port}", "shutdown", "nosave"],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = AdminPassword });
        _folder.Dispose();
    }
}
