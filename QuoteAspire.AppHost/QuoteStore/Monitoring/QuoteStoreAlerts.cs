using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Monitoring;

/// <summary>
/// The store's alerts, on the Redis exporter's series (<see cref="RedisStoreAlerts"/>), in the quotes' words: a test reads
/// their metrics from a real exporter in front of a real primary, replica and Sentinel. Given to <c>AddRedisStore</c>,
/// which publishes them beside the exporter.
/// </summary>
public static class QuoteStoreAlerts
{
    /// <summary>Share of <c>maxmemory</c> past which the store is about to refuse writes.</summary>
    public const double MemoryThreshold = 0.9;

    /// <summary>The alerts of the store <paramref name="store"/>: with <paramref name="replicated"/>, those of its Sentinels and replicas too.</summary>
    public static IEnumerable<KubernetesAlert> For(string store, bool replicated, int replicas) =>
        RedisStoreAlerts.For(store, replicated, replicas, MemoryThreshold, new(
            NoPrimary: new(
                "QuoteStoreNoPrimary",
                $"{store} has no primary: posts get 503",
                "No node of the store reports itself the primary. Posts fail until one does; reads fail too. See the README's Operations: a cold start after all pods were away."),
            MemoryNearlyFull: new(
                "QuoteStoreMemoryNearlyFull",
                $"{store} is above {MemoryThreshold:P0} of maxmemory",
                "At maxmemory the store refuses every write (noeviction) and posts get 507. Raise QuoteStore:MaxMemory (the pods' memory follows) or trim old quotes."),
            FailoverStuck: new(
                "QuoteStoreFailoverStuck",
                $"{store}'s failover did not finish",
                "For two minutes the Sentinels have seen the primary down, or two nodes have each called themselves the primary. A failover takes seconds: look at the Sentinels' logs for the votes and the epochs."),
            ReplicaLinkDown: new(
                "QuoteStoreReplicaLinkDown",
                $"{store} has a replica out of sync",
                "A replica has lost its link to the primary, or the primary counts fewer replicas than the set has. Posts go on while one replica confirms them; with none, they get 503.")));
}
