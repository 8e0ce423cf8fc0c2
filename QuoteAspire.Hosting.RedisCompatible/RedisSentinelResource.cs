namespace Aspire.Hosting.ApplicationModel;

/// <summary>One Redis Sentinel of a <see cref="RedisReplicatedSetResource"/>: <c>redis-server --sentinel</c>, run as a local program.</summary>
public sealed class RedisSentinelResource(string name, string workingDirectory, RedisReplicatedSetResource set)
    : ExecutableResource(name, RedisCompatibleServerBuilderExtensions.RedisServerProgram, workingDirectory), IRedisReplicatedSetSentinel
{
    /// <summary>The name of the endpoint clients ask for the primary.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <inheritdoc />
    public RedisReplicatedSetResource ReplicatedSet { get; } = set ?? throw new ArgumentNullException(nameof(set));

    /// <summary>The endpoint clients ask for the primary.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress =>
        ReferenceExpression.Create($"{RedisCompatibleServerConfig.LoopbackAddress}:{PrimaryEndpoint.Property(EndpointProperty.TargetPort)}");
}
