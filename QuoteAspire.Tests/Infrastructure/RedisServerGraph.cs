namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The test classes that share one running redis-server graph.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerGraph : ICollectionFixture<RedisServerAppFixture>
{
    public const string Name = "redis-server graph";
}
