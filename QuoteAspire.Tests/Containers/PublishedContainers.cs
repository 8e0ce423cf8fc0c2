namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The test classes that share the frontend image built the README's way. They run alone, after the rest:
/// building, pushing and pulling a 300 MB image stalls a small machine's disk for seconds, and Redis may
/// then hold back its append-only writes (appendfsync everysec), which the crash tests elsewhere would
/// rightly count as lost.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishedContainers : ICollectionFixture<FrontendImageFixture>
{
    public const string Name = "published containers";
}
