namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The test classes that share one running graph with the replicated redis-server store.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicatedRedisServerGraph : ICollectionFixture<ReplicatedRedisServerAppFixture>
{
    public const string Name = "replicated redis-server graph";
}

/// <summary>The test classes that share one running graph with the replicated store in containers.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicatedContainerGraph : ICollectionFixture<ReplicatedContainerAppFixture>
{
    public const string Name = "replicated container graph";
}
