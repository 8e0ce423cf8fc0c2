namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A replicated Redis as one container image run as peers, each a data node with a Sentinel beside it: the form the
/// set takes on a cluster. Clients get the Sentinels' address and the set's name in their connection string
/// (<c>host:port,serviceName=NAME,password=...</c>), as for <see cref="RedisReplicatedSetResource"/>; or, when the
/// peers have stable names (<see cref="PeerHosts"/>), every data node's.
/// </summary>
public sealed class RedisReplicatedContainerResource(string name, ParameterResource password)
    : ContainerResource(name), IResourceWithConnectionString, IRedisReplicatedStore
{
    /// <summary>The data nodes' endpoint.</summary>
    public const string DataEndpointName = "tcp";

    /// <summary>The Sentinels' endpoint, which clients connect to.</summary>
    public const string SentinelEndpointName = "sentinel";

    /// <summary>The port each data node listens on.</summary>
    public const int DataPort = 6379;

    /// <summary>The port each Sentinel listens on.</summary>
    public const int SentinelPort = 26379;

    /// <summary>The password of every node and Sentinel.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>How many peers run: a primary and the rest replicas, each with a Sentinel.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>How many Sentinels must agree that the primary is down: a majority of them.</summary>
    public int Quorum => (Replicas / 2) + 1;

    /// <inheritdoc />
    public int MinReplicasToWrite { get; init; } = 1;

    /// <summary>The Sentinels, as clients reach them.</summary>
    public EndpointReference SentinelEndpoint => new(this, SentinelEndpointName);

    /// <summary>
    /// Each peer by its own name, when the peers have stable names (a StatefulSet's pods). Clients then connect to every
    /// data node (<c>host:6379,host:6379,...,password=...</c>) and write to whichever says it is the primary, so a client
    /// that reads the roles again moves to a promoted node at once. Through the Sentinels it would wait for their
    /// <c>+switch-master</c>, which StackExchange.Redis acted on 5 to 6 s after a planned handover (a rolling restart under
    /// load, measured). The Sentinels still decide which node is the primary. None: the Sentinels' endpoint.
    /// </summary>
    public IReadOnlyList<string> PeerHosts { get; init; } = [];

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(user: null, PasswordParameter);

    /// <summary>As <see cref="ConnectionStringExpression"/>, signing in as <paramref name="user"/> (the administrator when null).</summary>
    public ReferenceExpression ConnectionStringFor(string? user, ParameterResource password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var signIn = user is null ? string.Empty : $",user={user}";
        return PeerHosts.Count == 0
            ? ReferenceExpression.Create($"{SentinelEndpoint.Property(EndpointProperty.HostAndPort)},serviceName={Name}{signIn},password={password}")
            : ReferenceExpression.Create($"{string.Join(',', PeerHosts.Select(host => $"{host}:{DataPort}"))}{signIn},password={password}");
    }
}
