namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The test classes that share the graph running the native frontend. Its native publish keeps both cores busy for a
/// minute or more; the Graph tier beside it waits that out (its store timeout is made for content), and the Faults
/// tier, which times outages, runs only after it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NativeFrontendGraph : ICollectionFixture<NativeFrontendAppFixture>
{
    public const string Name = "native frontend graph";
}
