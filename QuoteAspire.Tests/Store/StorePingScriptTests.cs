using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The store's probes and a client's wait for it (<c>Scripts/store-ping.sh</c>), run by <c>/bin/sh</c> as the kubelet
/// runs them, against a stand-in <c>redis-cli</c> that answers PING with the given reply to the right password, and
/// notes the command line it was given.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StorePingScriptTests : IDisposable
{
    private const string AdminPassword = "store-ping-admin";
    private const string FrontendPassword = "store-ping-frontend";

    private readonly TemporaryFolder _folder = new("quoteaspire-store-ping-");

    private string CommandLineFile => Path.Combine(_folder.Path, "redis-cli-args");

    [Theory]
    [InlineData("PONG", false, true)]
    [InlineData("PONG", true, true)]
    // A server still loading its data is alive (startup and liveness), not ready.
    [InlineData("LOADING Redis is loading the dataset in memory", false, false)]
    [InlineData("LOADING Redis is loading the dataset in memory", true, true)]
    [InlineData("MASTERDOWN Link with MASTER is down", true, false)]
    public async Task TheStoreCountsAsAnsweringOnlyWithTheRepliesItsProbeTakes(string reply, bool alive, bool answers)
    {
        var exitCode = await PingAsync(reply, AdminPassword, alive ? ["--alive"] : []);

        Assert.Equal(answers, exitCode == 0);
        // Its own server, as the administrator, whose password is in the environment only.
        Assert.Equal("-h 127.0.0.1 -p 6379 ping", await File.ReadAllTextAsync(CommandLineFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AWrongPasswordIsNoAnswer() =>
        Assert.NotEqual(0, await PingAsync("PONG", "another-password", []));

    [Fact]
    public async Task AClientWaitsSignedInAsItsUserAtTheStoresAddress()
    {
        var exitCode = await PingAsync("PONG", FrontendPassword, ["--user", "quote-frontend", "REDIS_PASSWORD_QUOTE_FRONTEND"], ("TARGET_HOST", "quote-store"), ("TARGET_PORT", "6379"));

        Assert.Equal(0, exitCode);
        Assert.Equal("--no-auth-warning --user quote-frontend -h quote-store -p 6379 ping", await File.ReadAllTextAsync(CommandLineFile, TestContext.Current.CancellationToken));
    }

    // The script's exit code, redis-cli replying with reply to the password expected (NOAUTH to any other).
    private async Task<int> PingAsync(string reply, string expectedPassword, string[] options, params (string Name, string Value)[] more)
    {
        var run = new ShellScriptRun(_folder.Path);
        await run.StandInAsync("redis-cli", $"""
            printf '%s' "$*" > '{CommandLineFile}'
            if [ "$REDISCLI_AUTH" = '{expectedPassword}' ]; then echo '{reply}'; else echo 'NOAUTH Authentication required.'; fi
            """);
        var environment = new Dictionary<string, string> { ["REDIS_PASSWORD"] = AdminPassword, ["REDIS_PASSWORD_QUOTE_FRONTEND"] = FrontendPassword };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        var (exitCode, _) = await run.RunAsync(PeerScriptFile.ShellArguments(PeerScriptFile.StorePing, options), environment);
        return exitCode;
    }

    public void Dispose() => _folder.Dispose();
}
