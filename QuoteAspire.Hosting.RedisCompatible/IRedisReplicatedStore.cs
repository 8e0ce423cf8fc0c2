namespace Aspire.Hosting.ApplicationModel;

/// <summary>A store that is a Redis primary with replicas that Sentinel fails over, in whichever form it runs.</summary>
public interface IRedisReplicatedStore : IResourceWithConnectionString
{
    /// <summary>Replicas that must be in sync for the primary to take writes, and that clients wait for on each write.</summary>
    int MinReplicasToWrite { get; }
}
