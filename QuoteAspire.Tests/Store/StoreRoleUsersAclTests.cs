using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore.Backups;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The store's users besides the frontend's, as a real redis-server reads their lines: replicas', Sentinels', the backup
/// job's and the restore job's. Each can do its job and gets NOPERM for emptying, reconfiguring or listing the store.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreRoleUsersAclTests : IAsyncDisposable
{
    private const string AdminPassword = "roles-test-admin";
    private static readonly RedisAclUser[] Roles = [RedisSetMemberUsers.Replication, RedisSetMemberUsers.Sentinel, BackupJobUsers.Backup, BackupJobUsers.Restore];
    private readonly TemporaryFolder _folder = new("quoteaspire-roles-");
    private readonly string _address = $"127.{Random.Shared.Next(2, 250)}.3.3";
    private const int Port = 6379;

    [Fact]
    public async Task EachRoleUserGetsNopermForFlushallConfigSetAndKeys()
    {
        await StartAsync();
        await AsAsync("default", "rpush", "quotes", "kept");

        foreach (var role in Roles)
        {
            foreach (var command in new[] { new[] { "flushall" }, ["config", "set", "maxmemory", "1"], ["config", "get", "maxmemory"], ["keys", "*"] })
            {
                Assert.StartsWith("NOPERM", await AsAsync(role.Name, command), StringComparison.Ordinal);
            }
        }

        Assert.Equal("1", (await AsAsync("default", "llen", "quotes")).Trim());
    }

    [Fact]
    public async Task ReplicasAndSentinelsMayDoTheirJobsAndNothingWithKeys()
    {
        await StartAsync();

        Assert.Equal("PONG", (await AsAsync(RedisSetMemberUsers.Replication.Name, "ping")).Trim());
        Assert.Equal("OK", (await AsAsync(RedisSetMemberUsers.Replication.Name, "replconf", "listening-port", "6380")).Trim());
        Assert.Contains("role:master", await AsAsync(RedisSetMemberUsers.Sentinel.Name, "info", "replication"), StringComparison.Ordinal);
        Assert.Equal("0", (await AsAsync(RedisSetMemberUsers.Sentinel.Name, "publish", "__sentinel__:hello", "hi")).Trim());
        // Rewriting the configuration, which a failover does, is the Sentinel's; no other CONFIG subcommand is.
        Assert.DoesNotContain("NOPERM", await AsAsync(RedisSetMemberUsers.Sentinel.Name, "config", "rewrite"), StringComparison.Ordinal);
        foreach (var role in new[] { RedisSetMemberUsers.Replication, RedisSetMemberUsers.Sentinel })
        {
            Assert.StartsWith("NOPERM", await AsAsync(role.Name, "get", "quotes"), StringComparison.Ordinal);
            Assert.StartsWith("NOPERM", await AsAsync(role.Name, "rpush", "quotes", "x"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheBackupUserTakesACopyAndTheRestoreUserWritesTheQuotesKeysOnly()
    {
        await StartAsync();
        await AsAsync("default", "rpush", "quotes", "backed up");

        var copy = Path.Combine(_folder.Path, "copy.rdb");
        await AsAsync(BackupJobUsers.Backup.Name, "--rdb", copy);
        Assert.True(new FileInfo(copy).Length > 0, "The backup user's copy is empty.");
        Assert.StartsWith("NOPERM", await AsAsync(BackupJobUsers.Backup.Name, "lrange", "quotes", "0", "-1"), StringComparison.Ordinal);

        Assert.Equal("1", (await AsAsync(BackupJobUsers.Restore.Name, "rpush", "quotes:restoring", "restored")).Trim());
        Assert.Equal("OK", (await AsAsync(BackupJobUsers.Restore.Name, "rename", "quotes:restoring", "quotes")).Trim());
        Assert.StartsWith("NOPERM", await AsAsync(BackupJobUsers.Restore.Name, "set", "sessions:1", "x"), StringComparison.Ordinal);
        Assert.Equal("restored", (await AsAsync("default", "lindex", "quotes", "0")).Trim());
    }

    private async Task StartAsync()
    {
        var config = Path.Combine(_folder.Path, "redis.conf");
        await File.WriteAllLinesAsync(config, [
            $"bind {_address}", $"port {Port}", $"requirepass {AdminPassword}", "save \"\"", $"dir {_folder.Path}",
            "daemonize yes", $"pidfile {Path.Combine(_folder.Path, "redis.pid")}",
            .. Roles.Select(role => role.RedisConfigLine(PasswordOf(role.Name)))], TestContext.Current.CancellationToken);
        var (exitCode, output) = await ExternalTool.RunAsync("redis-server", config);
        Assert.True(exitCode == 0, output);
        await Bounded.UntilAsync(async () => (await AsAsync("default", "ping")).Contains("PONG", StringComparison.Ordinal), Bounded.ResourceHealthy, "redis-server to answer");
    }

    private static string PasswordOf(string user) => user == "default" ? AdminPassword : $"roles-test-{user}";

    private async Task<string> AsAsync(string user, params string[] command)
    {
        var (_, output) = await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", _address, "-p", $"{Port}", "--user", user, .. command],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = PasswordOf(user) });
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", _address, "-p", $"{Port}", "shutdown", "nosave"],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = AdminPassword });
        _folder.Dispose();
    }
}
