namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The test classes that share one running graph with the replicated redis-server store.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicatedRedisServerGraph : ICollectionFixture<ReplicatedRedisServerAppFixture>
{
    public const string Name = "replicated redis-server graph";
}
