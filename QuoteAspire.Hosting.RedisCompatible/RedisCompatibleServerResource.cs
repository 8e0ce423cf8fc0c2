namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis-protocol server (redis-server, Garnet) run as a local program instead of a container,
/// for machines without a container runtime. Clients see the same connection string shape as
/// Aspire's own Redis resource: <c>host:port,password=...</c>.
/// </summary>
public sealed class RedisCompatibleServerResource(
    string name, string command, string workingDirectory, ParameterResource password, RedisCompatibleServerConfig config)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString, IRedisReplicatedSetNode
{
    /// <summary>The name of the endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <summary>The password the server requires; every client must present it.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>What the server reads from its configuration file: the password, address and persistence.</summary>
    public RedisCompatibleServerConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression AnnouncedAddress =>
        ReferenceExpression.Create($"{RedisCompatibleServerConfig.LoopbackAddress}:{PrimaryEndpoint.Property(EndpointProperty.TargetPort)}");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
