namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A node or Sentinel of a <see cref="RedisReplicatedSetResource"/>, run as a local program or as a container: the same
/// part of the set either way, reached by the AppHost on its port on this machine.
/// </summary>
public interface IRedisReplicatedSetMember : IResourceWithEndpoints
{
    /// <summary>The endpoint the member serves on: its port on this machine is where the AppHost reaches it.</summary>
    EndpointReference PrimaryEndpoint { get; }

    /// <summary>
    /// The address (<c>host:port</c>) the member gives the rest of the set, which the Sentinels give clients: its port on
    /// loopback for a program, its name on the containers' network for a container.
    /// </summary>
    ReferenceExpression AnnouncedAddress { get; }
}

/// <summary>A data node of a <see cref="RedisReplicatedSetResource"/>, any of which may be the primary.</summary>
public interface IRedisReplicatedSetNode : IRedisReplicatedSetMember, IResourceWithConnectionString;

/// <summary>A Sentinel of a <see cref="RedisReplicatedSetResource"/>.</summary>
public interface IRedisReplicatedSetSentinel : IRedisReplicatedSetMember
{
    /// <summary>The set this Sentinel watches.</summary>
    RedisReplicatedSetResource ReplicatedSet { get; }
}
