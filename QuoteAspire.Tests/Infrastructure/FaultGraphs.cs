namespace QuoteAspire.Tests.Infrastructure;

// The Faults tier's graphs. Each collection runs alone, after every parallel collection (xUnit runs collections that
// disable parallelization last, one at a time): an outage is timed on a machine doing nothing else, and a store killed
// here cannot fail another class's request. Their frontends keep the store timeout users get (one second), since
// what is measured is how soon callers learn of an outage.

/// <summary>The fault tests on redis-server.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisServerFaults : ICollectionFixture<RedisServerFaultsAppFixture>
{
    public const string Name = "redis-server faults";
}

/// <summary>The fault tests on Garnet.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarnetFaults : ICollectionFixture<GarnetFaultsAppFixture>
{
    public const string Name = "Garnet faults";
}

/// <summary>The fault tests on the store in a container.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerFaults : ICollectionFixture<ContainerFaultsAppFixture>
{
    public const string Name = "container faults";
}

/// <summary>The replicated store as published, run under Podman pod by pod, its pods killed and paused.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishedReplicatedStore : ICollectionFixture<QuoteAspire.Tests.ClusterStandIn.PublishedReplicatedStoreFixture>
{
    public const string Name = "published replicated store";
}
