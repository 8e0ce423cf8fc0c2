using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// What the store's start script (<c>Scripts/store-start.sh</c>) hands redis-server, run by <c>/bin/sh</c> with the
/// arguments the AppHost gives a container or a pod: a stand-in <c>redis-server</c> prints its command line and the
/// configuration it reads (standard input, or a Sentinel's file), no Sentinel or peer answers (a stand-in
/// <c>redis-cli</c> that fails), and a pod's hostname comes from a stand-in <c>hostname</c>.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreStartScriptTests : IDisposable
{
    // With the characters redis.conf's double quotes give a meaning to, which the script escapes.
    private const string AdminPassword = "adm\"in\\pass";
    private const string FrontendPassword = "front";
    private const string FrontendNextPassword = "fr\"ont\\next";
    private const string ReplicationPassword = "repl\"ication";
    private const string SentinelPassword = "sent";

    private static readonly string[] Nodes = ["quote-store-0", "quote-store-1", "quote-store-2"];
    private static readonly string[] Pods = [.. Nodes.Select(node => $"{node}.quote-store-peers")];

    private readonly TemporaryFolder _folder = new("quoteaspire-store-start-");

    private string StateFolder => Path.Combine(_folder.Path, "sentinel");

    private static Dictionary<string, string> Passwords => new()
    {
        ["REDIS_PASSWORD"] = AdminPassword,
        [QuoteFrontendUser.Rules.PasswordVariable] = FrontendPassword,
        [QuoteFrontendUser.Rules.NextPasswordVariable] = FrontendNextPassword,
        [RedisSetMemberUsers.Replication.PasswordVariable] = ReplicationPassword,
        [RedisSetMemberUsers.Sentinel.PasswordVariable] = SentinelPassword,
    };

    private static readonly RedisAclUser RotatedFrontend = QuoteFrontendUser.Rules with { AcceptsNextPassword = true };

    [Fact]
    public async Task TheSingleServerReadsItsPasswordAndEachUsersOnStandardInputNeverOnItsCommandLine()
    {
        var (exitCode, output) = await RunAsync(RedisContainerExtensions.RedisServerArguments(AppendFsync.Always, "64mb", [RotatedFrontend]));

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            $"""
            redis-server [-] [--appendonly] [yes] [--appendfsync] [always] [--dir] [/data] [--save] [] [--maxmemory] [64mb] [--maxmemory-policy] [noeviction]
            requirepass "adm\"in\\pass"
            {RotatedFrontend.RedisConfigLine(FrontendPassword, FrontendNextPassword)}

            """,
            output);
    }

    [Fact]
    public async Task ADataNodeContainerThatNothingNamesOtherwiseStartsAsTheFirstPrimaryWithItsReplicationLogin()
    {
        var scripts = new RedisPeerScripts("quote-store", Nodes, Quorum: 2)
        {
            SentinelHosts = ["quote-store-sentinel-0", "quote-store-sentinel-1", "quote-store-sentinel-2"],
            DataUsers = [QuoteFrontendUser.Rules, RedisSetMemberUsers.Replication, RedisSetMemberUsers.Sentinel],
        };

        var (exitCode, output) = await RunAsync(scripts.DataNode(AppendFsync.EverySecond, "64mb", minReplicasToWrite: 1, self: "quote-store-0"));

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            $"""
            No Sentinel answers and this node knows no primary: the set starts with quote-store-0 as its primary.
            redis-server [-] [--appendonly] [yes] [--appendfsync] [everysec] [--dir] [/data] [--save] [] [--maxmemory] [64mb] [--maxmemory-policy] [noeviction] [--min-replicas-to-write] [1] [--min-replicas-max-lag] [10] [--repl-diskless-sync-delay] [0] [--replica-announce-ip] [quote-store-0]
            requirepass "adm\"in\\pass"
            masteruser replication
            masterauth "repl\"ication"
            {QuoteFrontendUser.Rules.RedisConfigLine(FrontendPassword)}
            {RedisSetMemberUsers.Replication.RedisConfigLine(ReplicationPassword)}
            {RedisSetMemberUsers.Sentinel.RedisConfigLine(SentinelPassword)}

            """,
            output);
    }

    [Fact]
    public async Task ADataNodePodKnowsItsNameFromItsHostnameAndFollowsThePrimaryItsSentinelStateNames()
    {
        Directory.CreateDirectory(StateFolder);
        await File.WriteAllTextAsync(
            Path.Combine(StateFolder, "sentinel.conf"),
            "sentinel monitor quote-store quote-store-2.quote-store-peers 6379 2\nsentinel config-epoch quote-store 3\n",
            TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync(PodScripts().DataNode(AppendFsync.EverySecond, "64mb", minReplicasToWrite: 1));

        Assert.True(exitCode == 0, output);
        Assert.Contains("This pod's Sentinel state names quote-store-2.quote-store-peers in epoch 3, newer than any answer (epoch -1).", output, StringComparison.Ordinal);
        Assert.Contains(
            "[--replica-announce-ip] [quote-store-1.quote-store-peers] [--replicaof] [quote-store-2.quote-store-peers] [6379]\n",
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASentinelStartingAfreshWritesItsSettingsIntoAFileOnlyItsUserMayRead()
    {
        var (exitCode, output) = await RunAsync(PodScripts().Sentinel());

        Assert.True(exitCode == 0, output);
        var conf = Path.Combine(StateFolder, "sentinel.conf");
        Assert.Equal(
            $"""
            No Sentinel answers and this node knows no primary: the set starts with quote-store-0.quote-store-peers as its primary.
            redis-server [{conf}] [--sentinel]
            port 26379
            sentinel resolve-hostnames yes
            sentinel announce-hostnames yes
            sentinel announce-ip "quote-store-1.quote-store-peers"
            requirepass "adm\"in\\pass"
            sentinel sentinel-pass "adm\"in\\pass"
            sentinel monitor quote-store quote-store-0.quote-store-peers 6379 2
            sentinel auth-user quote-store sentinel
            sentinel auth-pass quote-store "sent"
            sentinel down-after-milliseconds quote-store 5000
            sentinel failover-timeout quote-store 30000
            sentinel parallel-syncs quote-store 1
            {QuoteFrontendUser.SentinelRules.RedisConfigLine(FrontendPassword)}

            """,
            output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(conf));
    }

    [Fact]
    public async Task ASentinelStartedAgainKeepsWhatItLearnedAndTakesTheSettingsOfThisStart()
    {
        Directory.CreateDirectory(StateFolder);
        await File.WriteAllTextAsync(Path.Combine(StateFolder, "sentinel.conf"), """
            port 26379
            sentinel announce-ip "quote-store-1.quote-store-peers"
            requirepass "an-old-password"
            sentinel monitor quote-store quote-store-2.quote-store-peers 6379 2
            sentinel config-epoch quote-store 3
            sentinel auth-pass quote-store "an-old-password"
            sentinel down-after-milliseconds quote-store 1000
            sentinel known-replica quote-store quote-store-0.quote-store-peers 6379
            user quote-frontend on resetpass ">an-old-password" -@all

            """,
            TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync(PodScripts().Sentinel());

        Assert.True(exitCode == 0, output);
        Assert.Contains("Starting from this pod's Sentinel state: sentinel monitor quote-store quote-store-2.quote-store-peers 6379 2\n", output, StringComparison.Ordinal);
        Assert.Contains(
            """
            sentinel sentinel-pass "adm\"in\\pass"
            sentinel monitor quote-store quote-store-2.quote-store-peers 6379 2
            sentinel config-epoch quote-store 3
            sentinel known-replica quote-store quote-store-0.quote-store-peers 6379
            sentinel auth-user quote-store sentinel
            sentinel auth-pass quote-store "sent"
            sentinel down-after-milliseconds quote-store 5000

            """,
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("an-old-password", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordVariableThatIsNotSetStopsTheStartNamingIt()
    {
        var environment = Passwords;
        environment.Remove(QuoteFrontendUser.Rules.NextPasswordVariable);

        var (exitCode, output) = await RunAsync(RedisContainerExtensions.RedisServerArguments(AppendFsync.EverySecond, "64mb", [RotatedFrontend]), environment);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("REDIS_PASSWORD_QUOTE_FRONTEND_NEXT, the variable that holds the password of the user quote-frontend, is not set.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("redis-server [", output, StringComparison.Ordinal);
    }

    // A pod's scripts, its Sentinel state on the test's folder, with the frontend's user on the Sentinel.
    private RedisPeerScripts PodScripts() => new("quote-store", Pods, Quorum: 2)
    {
        SentinelStateDirectory = StateFolder,
        SentinelUsers = [QuoteFrontendUser.SentinelRules],
    };

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = new ShellScriptRun(_folder.Path);
        await run.StandInAsync("redis-server", """
            printf 'redis-server'
            for arg; do printf ' [%s]' "$arg"; done
            printf '\n'
            if [ "${2:-}" = --sentinel ]; then cat "$1"; else cat; fi
            """);
        await run.StandInAsync("redis-cli", "exit 1");
        await run.StandInAsync("hostname", "echo quote-store-1");
        return await run.RunAsync(arguments, environment ?? Passwords);
    }

    public void Dispose() => _folder.Dispose();
}
