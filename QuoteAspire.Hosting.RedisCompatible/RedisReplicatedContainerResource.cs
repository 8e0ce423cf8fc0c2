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

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{SentinelEndpoint.Property(EndpointProperty.HostAndPort)},serviceName={Name},password={PasswordParameter}");
}
