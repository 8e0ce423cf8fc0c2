namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The test classes that share one running Garnet graph.</summary>
[CollectionDefinition(Name)]
public sealed class GarnetGraph : ICollectionFixture<GarnetAppFixture>
{
    public const string Name = "Garnet graph";
}
