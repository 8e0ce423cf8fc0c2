namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis primary with replicas and the Sentinels that fail it over, as one store. Clients get the Sentinels'
/// addresses and the set's name in their connection string (<c>host:port,...,serviceName=NAME,password=...</c>), so a
/// client that speaks Sentinel (StackExchange.Redis does) always finds the current primary.
/// </summary>
public sealed class RedisReplicatedSetResource(string name, ParameterResource password, RedisSentinelConfig sentinelConfig, int minReplicasToWrite)
    : Resource(name), IRedisReplicatedStore, IResourceWithWaitSupport
{
    /// <summary>The set's property in the dashboard that names the node the Sentinels hold to be the primary.</summary>
    public const string PrimaryProperty = "redis.primary";

    /// <summary>Each node's property in the dashboard: <see cref="PrimaryRole"/>, <see cref="ReplicaRole"/>, or what keeps it from being one.</summary>
    public const string RoleProperty = "redis.role";

    /// <summary>The role of the node that takes writes.</summary>
    public const string PrimaryRole = "primary";

    /// <summary>The role of a node in sync with the primary.</summary>
    public const string ReplicaRole = "replica";

    private readonly List<IRedisReplicatedSetNode> _nodes = [];
    private readonly List<IRedisReplicatedSetSentinel> _sentinels = [];

    /// <summary>The password of every node and Sentinel.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>How replicas and Sentinels sign in to the data nodes: as users of their own, not as the administrator.</summary>
    public required RedisSetMemberUsers MemberUsers { get; init; }

    /// <summary>What each Sentinel is told: the set's name, the quorum, how soon it acts.</summary>
    public RedisSentinelConfig SentinelConfig { get; } = sentinelConfig ?? throw new ArgumentNullException(nameof(sentinelConfig));

    /// <summary>Replicas that must be in sync for the primary to take writes, and that clients wait for on each write.</summary>
    public int MinReplicasToWrite { get; } = minReplicasToWrite;

    /// <summary>The data nodes, any of which may be the primary.</summary>
    public IReadOnlyList<IRedisReplicatedSetNode> Nodes => _nodes;

    /// <summary>The Sentinels.</summary>
    public IReadOnlyList<IRedisReplicatedSetSentinel> Sentinels => _sentinels;

    /// <summary>The node the Sentinels name as primary, as last seen; the first primary until they have named one.</summary>
    public IRedisReplicatedSetNode? CurrentPrimary { get; internal set; }

    /// <summary>How many replicas were last seen in sync with the primary, by the Sentinels and by the primary itself.</summary>
    public int ReplicasInSync => InSyncReplicas.Count;

    /// <summary>
    /// The replicas last seen in sync with the primary, by the Sentinels and by the primary itself: where a backup is best
    /// taken, off the primary.
    /// </summary>
    public IReadOnlyList<IRedisReplicatedSetNode> InSyncReplicas { get; internal set; } = [];

    /// <summary>
    /// Whether the Sentinels name a primary that takes writes: one that answers and itself counts enough replicas in sync
    /// (<c>min-replicas-to-write</c>), as the Sentinels see them too.
    /// </summary>
    public bool IsWritable { get; internal set; }

    /// <summary>The node that was the primary when the set last ran, whose data is the newest; null on the set's first run.</summary>
    public string? PrimaryOfTheLastRun { get; init; }

    /// <summary>The node the set starts with as primary: the primary of the last run, or the first node.</summary>
    public IRedisReplicatedSetNode FirstPrimary =>
        _nodes.FirstOrDefault(node => node.Name == PrimaryOfTheLastRun) ?? _nodes.FirstOrDefault()
        ?? throw new InvalidOperationException($"The set '{Name}' has no nodes.");

    /// <summary>
    /// For a set in containers: the address each node and Sentinel announces on the containers' network, mapped to the
    /// port it is published on here (<c>quote-store-0:6379=127.0.0.1:41001,...</c>), which a client outside that network
    /// needs to follow the Sentinels. Null for a set of local programs, whose addresses are this machine's already.
    /// </summary>
    public string? AddressMap
    {
        get
        {
            var published = _nodes.Cast<IRedisReplicatedSetMember>().Concat(_sentinels)
                .OfType<RedisReplicatedSetMemberContainerResource>().Select(member => member.PublishedAddress).ToList();
            return published.Count == 0 ? null : string.Join(',', published);
        }
    }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(user: null, PasswordParameter);

    /// <summary>The Sentinels' addresses and the set's name, signing in as <paramref name="user"/> (the administrator when null).</summary>
    public ReferenceExpression ConnectionStringFor(string? user, ParameterResource password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var expression = new ReferenceExpressionBuilder();
        for (var index = 0; index < _sentinels.Count; index++)
        {
            // The Sentinels as they announce themselves to each other and to clients.
            expression.Append($"{(index == 0 ? "" : ",")}{_sentinels[index].AnnouncedAddress}");
        }

        expression.Append($",serviceName={SentinelConfig.ServiceName}");
        if (user is not null)
        {
            expression.AppendLiteral($",user={user}");
        }

        expression.Append($",password={password}");
        return expression.Build();
    }

    internal void AddNode(IRedisReplicatedSetNode node)
    {
        _nodes.Add(node);
        MemberUsers.DefineOn(node);
    }

    internal void AddSentinel(IRedisReplicatedSetSentinel sentinel) => _sentinels.Add(sentinel);
}
