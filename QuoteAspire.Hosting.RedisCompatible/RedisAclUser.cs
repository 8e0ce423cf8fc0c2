namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A user of a Redis-protocol store besides its administrator (<c>default</c>, whose password is the store's own): what
/// it may run, on which keys and channels, written as Redis ACL rules. A client that signs in as it (a frontend) can run
/// nothing else: no <c>FLUSHALL</c>, <c>CONFIG</c> or <c>KEYS</c> unless <see cref="Commands"/> names them.
/// </summary>
/// <param name="Name">The user name, as clients give it (<c>user=</c> in a connection string).</param>
/// <param name="Commands">Commands and categories granted after <c>-@all</c>, such as <c>+rpush</c>, <c>+@connection</c> or <c>+script|load</c>.</param>
/// <param name="KeyPatterns">The keys it may touch, as glob patterns (<c>entries</c>, <c>entries:*</c>), inside scripts too.</param>
/// <param name="Channels">The Pub/Sub channels it may use, as glob patterns.</param>
public sealed record RedisAclUser(string Name, IReadOnlyList<string> Commands, IReadOnlyList<string> KeyPatterns, IReadOnlyList<string> Channels)
{
    /// <summary>
    /// What a StackExchange.Redis client signed in as <paramref name="name"/> asks a Sentinel: which node is the primary,
    /// who else watches, and news of a failover. It touches no keys.
    /// </summary>
    public static RedisAclUser SentinelClient(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(
            name,
            [
                "+@connection", "+info", "+role",
                "+sentinel|get-master-addr-by-name", "+sentinel|replicas", "+sentinel|sentinels", "+sentinel|master",
                "+subscribe", "+unsubscribe", "+psubscribe", "+punsubscribe",
            ],
            [],
            ["*"]);
    }

    /// <summary>
    /// A StackExchange.Redis client signed in as <paramref name="name"/> that may run <paramref name="commands"/> on
    /// <paramref name="keyPatterns"/>, and what the client itself sends: signing in, <c>PING</c>, <c>ECHO</c>,
    /// <c>CLIENT SETNAME</c> and the like, the roles and <c>INFO</c> it (and a health check) reads, and its subscription to
    /// news of a new primary from other clients.
    /// </summary>
    public static RedisAclUser StackExchangeClient(string name, IReadOnlyList<string> commands, IReadOnlyList<string> keyPatterns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(keyPatterns);
        return new(name, ["+@connection", "+info", "+role", .. commands, "+subscribe", "+unsubscribe"], keyPatterns, [PrimaryChangedChannel]);
    }

    // StackExchange.Redis subscribes to it to hear of a new primary from other clients.
    private const string PrimaryChangedChannel = "__Booksleeve_MasterChanged";

    /// <summary>
    /// A backup job's user (<c>AddScheduledBackups</c>): finds a replica in sync (<c>INFO replication</c>) and takes its copy
    /// as a replica would (<c>redis-cli --rdb</c>: <c>REPLCONF</c>, then <c>SYNC</c>). It reads every key that way, which is
    /// what a backup is, and writes none.
    /// </summary>
    public static RedisAclUser BackupCopier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, ["+@connection", "+info", "+role", "+replconf", "+sync", "+psync"], [], []);
    }

    /// <summary>
    /// A restore job's user (<c>AddScheduledBackups</c>): finds the primary, then replaces the list and the records with the
    /// backup's, on <paramref name="keyPatterns"/> only: <c>SCAN</c> and <c>UNLINK</c> for the records, <c>RESTORE</c> for
    /// what the job's own server sends over (<c>MIGRATE</c>, which selects the database first), its scripts' list
    /// commands, and the swap of the lists.
    /// </summary>
    public static RedisAclUser BackupRestorer(string name, IReadOnlyList<string> keyPatterns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(keyPatterns);
        return new(
            name,
            ["+@connection", "+info", "+role", "+select", "+scan", "+unlink", "+del", "+exists", "+llen", "+eval", "+lrange", "+rpush",
             "+rename", "+multi", "+exec", "+restore"],
            keyPatterns,
            []);
    }

    /// <summary>
    /// The <c>user</c> line of a redis.conf (or a Sentinel's configuration) that defines it with <paramref name="passwords"/>:
    /// two while a password is rotated, the old and the new both accepted.
    /// </summary>
    public string RedisConfigLine(params string[] passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        if (passwords.Length == 0)
        {
            throw new ArgumentException("A user needs a password: one without any could not sign in, or anyone could.", nameof(passwords));
        }

        return string.Join(' ', ["user", Name, "on", "resetpass", .. passwords.Select(password => RedisServerConfig.Quote($">{password}")), Rules]);
    }

    /// <summary>
    /// What its <c>user</c> line says after the passwords: the keys, channels and commands it may use, each list reset
    /// first. A container's script writes the line with the passwords it reads from the environment, then these.
    /// </summary>
    public string Rules => string.Join(' ', [
        "resetkeys", .. KeyPatterns.Select(pattern => $"~{pattern}"),
        "resetchannels", .. Channels.Select(channel => $"&{channel}"),
        "-@all", .. Commands]);

    /// <summary>
    /// Whether the store also accepts a next password for the user, from <see cref="NextPasswordVariable"/>: the first
    /// step of a rotation, before its clients switch to it.
    /// </summary>
    public bool AcceptsNextPassword { get; init; }

    /// <summary>The environment variable a container's script reads the user's next password from, while it is rotated.</summary>
    public string NextPasswordVariable => PasswordVariable + "_NEXT";

    /// <summary>The environment variable a container's script reads the user's password from: <c>REDIS_PASSWORD_QUOTE_FRONTEND</c> for <c>quote-frontend</c>.</summary>
    public string PasswordVariable => "REDIS_PASSWORD_" + new string([.. Name.ToUpperInvariant().Select(character => char.IsAsciiLetterOrDigit(character) ? character : '_')]);

    /// <summary>
    /// Its line in a Garnet ACL file. Garnet (2.2) enforces command rules, inside Lua too, but refuses key and channel
    /// patterns and commands it does not serve (<paramref name="unsupported"/>, such as <c>+wait</c>): there the user is
    /// limited by command only.
    /// </summary>
    public string GarnetAclLine(string password, params string[] unsupported)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(unsupported);
        return string.Join(' ', ["user", Name, "on", $">{password}", "-@all", .. Commands.Except(unsupported, StringComparer.OrdinalIgnoreCase)]);
    }
}
