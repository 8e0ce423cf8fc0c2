namespace QuoteAspire.Tests.Containers;

/// <summary>The test classes that share the frontend image built the README's way.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedContainers : ICollectionFixture<FrontendImageFixture>
{
    public const string Name = "published containers";
}
