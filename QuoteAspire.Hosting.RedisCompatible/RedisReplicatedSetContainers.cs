using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A member of a <see cref="RedisReplicatedSetResource"/> run as a container. It announces itself by its name on the
/// containers' network, where the other members reach it; the AppHost, and clients outside that network, reach it on
/// the port it is published on here.
/// </summary>
/// <param name="name">The member's name, which is also its host name on the containers' network.</param>
/// <param name="announcedPort">The port it serves on inside its container, which it announces with its name.</param>
public abstract class RedisReplicatedSetMemberContainerResource(string name, int announcedPort) : ContainerResource(name), IRedisReplicatedSetMember
{
    /// <summary>The name of the endpoint the member serves on.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The port the member serves on inside its container, which it announces with its name.</summary>
    public int AnnouncedPort { get; } = announcedPort;

    /// <inheritdoc />
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress => ReferenceExpression.Create($"{AnnouncedHostAndPort}");

    /// <summary>
    /// The member's announced address mapped to where it is published here (<c>quote-store-0:6379=127.0.0.1:41001</c>):
    /// an entry of <see cref="RedisReplicatedSetResource.AddressMap"/>.
    /// </summary>
    public string PublishedAddress
    {
        get
        {
            var published = Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == PrimaryEndpointName);
            return string.Create(CultureInfo.InvariantCulture, $"{AnnouncedHostAndPort}={RedisCompatibleServerConfig.LoopbackAddress}:{published.Port}");
        }
    }

    private string AnnouncedHostAndPort => string.Create(CultureInfo.InvariantCulture, $"{Name}:{AnnouncedPort}");
}

/// <summary>A data node of a <see cref="RedisReplicatedSetResource"/> run as a container.</summary>
public sealed class RedisReplicatedNodeContainerResource(string name, ParameterResource password)
    : RedisReplicatedSetMemberContainerResource(name, RedisReplicatedContainerResource.DataPort), IRedisReplicatedSetNode
{
    /// <summary>The password the node requires.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}

/// <summary>A Sentinel of a <see cref="RedisReplicatedSetResource"/> run as a container.</summary>
public sealed class RedisSentinelContainerResource(string name, RedisReplicatedSetResource set)
    : RedisReplicatedSetMemberContainerResource(name, RedisReplicatedContainerResource.SentinelPort), IRedisReplicatedSetSentinel
{
    /// <inheritdoc />
    public RedisReplicatedSetResource ReplicatedSet { get; } = set ?? throw new ArgumentNullException(nameof(set));
}
