using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The sentinel.conf that <c>redis-server --sentinel</c> reads. Unlike a data node's file it stays on disk while the
/// Sentinel runs: Sentinel refuses to start without a writable file, and rewrites it as it learns the other Sentinels,
/// the replicas and each failover.
/// </summary>
/// <param name="ServiceName">The name the Sentinels know the set by, which clients ask them for.</param>
/// <param name="Quorum">How many Sentinels must agree that the primary is down before one fails it over.</param>
public sealed record RedisSentinelConfig(string ServiceName, int Quorum)
{
    /// <summary>The file's name.</summary>
    public const string FileName = "sentinel.conf";

    /// <summary>
    /// How long the primary may not answer before a Sentinel holds it down: short, since every node is on this machine,
    /// but well past a Sentinel's own one-second cycle. After each failover a Sentinel starts its view of the new primary
    /// afresh and first pings it about a second later; with one second here, Sentinels held a healthy primary down
    /// 1.01 s after promoting it, failed it over too, and left two primaries (seen in a fresh-clone run, 2026-12-07).
    /// </summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one failover attempt may take before another Sentinel may try.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The file's text: the set to watch, starting at <paramref name="primaryHost"/>:<paramref name="primaryPort"/>; the
    /// Sentinel's own password (<paramref name="password"/>, also what Sentinels present to one another) and its users;
    /// and how it signs in to the data nodes: as <see cref="RedisSetMemberUsers.Sentinel"/> with
    /// <paramref name="dataNodePassword"/>, or as their administrator when that is null.
    /// </summary>
    public string Render(
        string password, string primaryHost, int primaryPort, IReadOnlyList<(RedisAclUser User, string Password)>? users = null, string? dataNodePassword = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrWhiteSpace(primaryHost);

        var quotedPassword = RedisServerConfig.Quote(password);
        string[] lines =
        [
            "# Written by the AppHost when the Sentinel first starts, then kept up to date by the Sentinel itself.",
            $"bind {RedisCompatibleServerConfig.LoopbackAddress}",
            // Clients and the other Sentinels present the Sentinels' password.
            $"requirepass {quotedPassword}",
            $"sentinel sentinel-pass {quotedPassword}",
            string.Create(CultureInfo.InvariantCulture, $"sentinel monitor {ServiceName} {primaryHost} {primaryPort} {Quorum}"),
            .. dataNodePassword is null
                ? [$"sentinel auth-pass {ServiceName} {quotedPassword}"]
                : new[] { $"sentinel auth-user {ServiceName} {RedisSetMemberUsers.Sentinel.Name}", $"sentinel auth-pass {ServiceName} {RedisServerConfig.Quote(dataNodePassword)}" },
            string.Create(CultureInfo.InvariantCulture, $"sentinel down-after-milliseconds {ServiceName} {(int)DownAfter.TotalMilliseconds}"),
            string.Create(CultureInfo.InvariantCulture, $"sentinel failover-timeout {ServiceName} {(int)FailoverTimeout.TotalMilliseconds}"),
            // One replica at a time resyncs with a new primary, so the others keep serving reads and count for writes.
            $"sentinel parallel-syncs {ServiceName} 1",
            // Each user besides the administrator: clients that ask for the primary and follow it, and nothing more.
            .. (users ?? []).Select(user => user.User.RedisConfigLine(user.Password)),
        ];
        return string.Join('\n', lines) + "\n";
    }
}
