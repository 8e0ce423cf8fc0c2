namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The test classes that share one running graph with the store in a container.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerGraph : ICollectionFixture<ContainerAppFixture>
{
    public const string Name = "container graph";
}
