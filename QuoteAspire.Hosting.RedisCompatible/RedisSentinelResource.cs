namespace Aspire.Hosting.ApplicationModel;

/// <summary>One Redis Sentinel of a <see cref="RedisReplicatedSetResource"/>: <c>redis-server --sentinel</c>, run as a local program.</summary>
public sealed class RedisSentinelResource(string name, string workingDirectory, RedisReplicatedSetResource set)
    : ExecutableResource(name, RedisCompatibleServerBuilderExtensions.RedisServerProgram, workingDirectory), IRedisReplicatedSetSentinel
{
    /// <summary>The name of the endpoint clients ask for the primary.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The set this Sentinel watches.</summary>
    public RedisReplicatedSetResource Set { get; } = set ?? throw new ArgumentNullException(nameof(set));

    /// <inheritdoc />
    public RedisReplicatedSetResource ReplicatedSet => Set;

    /// <summary>The endpoint clients ask for the primary.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress =>
        ReferenceExpression.Create($"{RedisCompatibleServerConfig.LoopbackAddress}:{PrimaryEndpoint.Property(EndpointProperty.TargetPort)}");
}
