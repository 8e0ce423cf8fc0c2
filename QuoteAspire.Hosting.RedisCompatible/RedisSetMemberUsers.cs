namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How the members of a replicated set sign in to its data nodes: a replica to its primary as <see cref="Replication"/>,
/// a Sentinel as <see cref="Sentinel"/>, each with a password of its own and only the commands its job takes. Neither can
/// read or write a key, empty the store or change its settings; the administrator's password is not theirs to know.
/// </summary>
/// <param name="replicationPassword">The password replicas present to their primary (<c>masteruser</c> and <c>masterauth</c>).</param>
/// <param name="sentinelPassword">The password Sentinels present to the data nodes (<c>sentinel auth-user</c> and <c>auth-pass</c>).</param>
public sealed class RedisSetMemberUsers(ParameterResource replicationPassword, ParameterResource sentinelPassword)
{
    /// <summary>What a replica sends its primary: the handshake and the stream of writes (Redis's own advice for this user).</summary>
    public static RedisAclUser Replication { get; } = new("replication", ["+psync", "+replconf", "+ping"], [], []);

    /// <summary>
    /// What a Sentinel sends a data node: what it reads to watch the set, what it publishes and hears on its hello
    /// channel, and the commands of a failover (Redis's own advice for this user). <c>CONFIG REWRITE</c> only, no
    /// <c>CONFIG SET</c> or <c>GET</c>.
    /// </summary>
    public static RedisAclUser Sentinel { get; } = new(
        "sentinel",
        ["+multi", "+exec", "+slaveof", "+replicaof", "+ping", "+subscribe", "+config|rewrite", "+role", "+publish", "+info",
         "+client|setname", "+client|kill", "+script|kill"],
        [],
        ["__sentinel__:hello"]);

    /// <summary>The password of <see cref="Replication"/>.</summary>
    public ParameterResource ReplicationPassword { get; } = replicationPassword ?? throw new ArgumentNullException(nameof(replicationPassword));

    /// <summary>The password of <see cref="Sentinel"/>.</summary>
    public ParameterResource SentinelPassword { get; } = sentinelPassword ?? throw new ArgumentNullException(nameof(sentinelPassword));

    /// <summary>
    /// The two passwords of the set <paramref name="setName"/> as secret parameters (<c>NAME-replication-password</c>,
    /// <c>NAME-sentinel-password</c>): set in configuration, or generated as the store's own is.
    /// </summary>
    public static RedisSetMemberUsers AddPasswords(IDistributedApplicationBuilder builder, string setName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(setName);
        return new(Generated(builder, $"{setName}-replication-password"), Generated(builder, $"{setName}-sentinel-password"));
    }

    /// <summary>Defines both users on <paramref name="dataNode"/>, which renders them into its configuration at each start.</summary>
    public void DefineOn(IResource dataNode)
    {
        ArgumentNullException.ThrowIfNull(dataNode);
        dataNode.Annotations.Add(new RedisAclUserAnnotation(Replication, ReplicationPassword));
        dataNode.Annotations.Add(new RedisAclUserAnnotation(Sentinel, SentinelPassword));
    }

    // Never saved by a local run; a deployment's is kept by the deploy step, as the store's password is.
    private static ParameterResource Generated(IDistributedApplicationBuilder builder, string name) =>
        builder.AddStorePassword(name).Resource;
}
