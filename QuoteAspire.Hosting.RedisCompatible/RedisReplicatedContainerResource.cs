namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A replicated Redis as one container image run as peers, each a data node with a Sentinel beside it: the form the
/// set takes on a cluster. Clients get the Sentinels' address and the set's name in their connection string
/// (<c>host:port,serviceName=NAME,password=...</c>), as for <see cref="RedisReplicatedSetResource"/>.
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
    /// Each Sentinel by its own name, when the peers have stable names (a StatefulSet's pods): clients then hold a
    /// connection to every Sentinel and hear a change of primary from whichever announces it first, instead of from the
    /// one a Service happened to route them to, which a planned stop may be about to take away. None: the endpoint's address.
    /// </summary>
    public IReadOnlyList<string> SentinelHosts { get; init; } = [];

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => SentinelHosts.Count == 0
        ? ReferenceExpression.Create($"{SentinelEndpoint.Property(EndpointProperty.HostAndPort)},serviceName={Name},password={PasswordParameter}")
        : ReferenceExpression.Create($"{string.Join(',', SentinelHosts.Select(host => $"{host}:{SentinelPort}"))},serviceName={Name},password={PasswordParameter}");
}
