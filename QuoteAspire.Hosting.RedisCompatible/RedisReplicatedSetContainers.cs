namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A data node of a <see cref="RedisReplicatedSetResource"/> run as a container. It announces itself by its name on the
/// containers' network, where the other nodes and the Sentinels reach it; the AppHost reaches it on its published port.
/// </summary>
public sealed class RedisReplicatedNodeContainerResource(string name, ParameterResource password) : ContainerResource(name), IRedisReplicatedSetNode
{
    /// <summary>The name of the endpoint the node serves on.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The password the node requires.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <inheritdoc />
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress => ReferenceExpression.Create($"{string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}:{RedisReplicatedContainerResource.DataPort}")}");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}

/// <summary>A Sentinel of a <see cref="RedisReplicatedSetResource"/> run as a container, announced by its name as the nodes are.</summary>
public sealed class RedisSentinelContainerResource(string name, RedisReplicatedSetResource set) : ContainerResource(name), IRedisReplicatedSetSentinel
{
    /// <summary>The name of the endpoint clients ask for the primary.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <inheritdoc />
    public RedisReplicatedSetResource ReplicatedSet { get; } = set ?? throw new ArgumentNullException(nameof(set));

    /// <inheritdoc />
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress => ReferenceExpression.Create($"{string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}:{RedisReplicatedContainerResource.SentinelPort}")}");
}
