using System.Globalization;
using System.Text;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>The redis.conf that <c>redis-server</c> reads as its first argument.</summary>
public sealed record RedisServerConfig(string DataDirectory, AppendFsync AppendFsync)
    : RedisCompatibleServerConfig(DataDirectory, AppendFsync)
{
    /// <inheritdoc />
    public override string FileName => "redis.conf";

    /// <summary>The memory Redis may fill before it refuses writes (never evicting), such as <c>384mb</c>; null for no limit.</summary>
    public string? MaxMemory { get; init; }

    /// <summary>
    /// For a node of a replicated set: how many replicas must be in sync for it to take writes while it is the
    /// primary, so a primary cut off from every replica refuses what a failover would lose. Null for a lone server.
    /// </summary>
    public int? MinReplicasToWrite { get; init; }

    /// <summary>The primary this node replicates when it starts, as <c>host port</c>; null when it starts as the primary.</summary>
    public string? ReplicaOf { get; init; }

    /// <summary>How far behind (in seconds of silence) a replica may fall and still count towards <see cref="MinReplicasToWrite"/>.</summary>
    public const int MaxReplicaLagSeconds = 10;

    /// <summary>
    /// How long a primary waits, once a replica asks for a full copy, for others to ask too before it sends one. Redis
    /// waits 5 s, to send one copy to many replicas; a set has two, rarely resyncing together, and each resync (every
    /// restart of a replica) left the set 5 s longer without the replica that writes must reach: 0.
    /// </summary>
    public const int ReplicaSyncDelaySeconds = 0;

    /// <inheritdoc />
    public override string Render(string password, IReadOnlyList<(RedisAclUser User, string Password)>? users = null)
    {
        ArgumentNullException.ThrowIfNull(password);

        string[] lines =
        [
            "# Written by the AppHost at each start. It holds the server's password: only its owner may read it.",
            $"bind {LoopbackAddress}",
            $"requirepass {Quote(password)}",
            $"dir {Quote(DataDirectory)}",
            // Redis writes each command to the file before it replies, whatever appendfsync says.
            "appendonly yes",
            $"appendfsync {AppendFsync.ToRedisName()}",
            // The append-only file is the one copy; RDB snapshots would only add an older second one.
            "save \"\"",
            .. MaxMemory is null ? Array.Empty<string>() : [$"maxmemory {MaxMemory}", "maxmemory-policy noeviction"],
            // Every node of a set gets the same lines, whichever role it starts in: Sentinel may promote any of them.
            .. MinReplicasToWrite is not { } minReplicas
                ? Array.Empty<string>()
                : [.. PrimaryLogin(password, users), $"min-replicas-to-write {minReplicas}", $"min-replicas-max-lag {MaxReplicaLagSeconds}", $"repl-diskless-sync-delay {ReplicaSyncDelaySeconds}"],
            .. ReplicaOf is null ? Array.Empty<string>() : [$"replicaof {ReplicaOf}"],
            // Each user besides the administrator: what it may run, on which keys.
            .. (users ?? []).Select(user => user.User.RedisConfigLine(user.Password)),
        ];
        return string.Join('\n', lines) + "\n";
    }

    // A replica signs in to its primary as the set's replication user where the set defines one, else as the administrator.
    private static string[] PrimaryLogin(string password, IReadOnlyList<(RedisAclUser User, string Password)>? users) =>
        (users ?? []).FirstOrDefault(user => user.User.Name == RedisSetMemberUsers.Replication.Name) is ({ } replication, { } replicationPassword)
            ? [$"masteruser {replication.Name}", $"masterauth {Quote(replicationPassword)}"]
            : [$"masterauth {Quote(password)}"];

    // redis.conf reads a double-quoted value with C-like escapes, so any password or path reads back as written.
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder("\"", value.Length + 2);
        foreach (var character in value)
        {
            _ = character switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                < ' ' or '\x7f' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:x2}"),
                _ => quoted.Append(character),
            };
        }

        return quoted.Append('"').ToString();
    }
}
