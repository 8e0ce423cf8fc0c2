namespace QuoteAspire.Tests.Infrastructure;

// A replicated set is six processes or containers: each kind is started once and shared by its fault tests and its
// backup tests. The collections run alone, after the rest, as the other fault collections do (FaultGraphs.cs).

/// <summary>The test classes that share one running graph with the replicated redis-server store.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicatedRedisServerGraph : ICollectionFixture<ReplicatedRedisServerAppFixture>
{
    public const string Name = "replicated redis-server graph";
}

/// <summary>The test classes that share one running graph with the replicated store in containers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicatedContainerGraph : ICollectionFixture<ReplicatedContainerAppFixture>
{
    public const string Name = "replicated container graph";
}
