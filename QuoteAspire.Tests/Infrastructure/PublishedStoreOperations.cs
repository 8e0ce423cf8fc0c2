namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The replicated store as published, run under Podman pod by pod, through what an operator does to it: its first
/// start and cold starts. A set of pods of its own, in the parallel part of the run: nothing here times an outage.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishedStoreOperations : ICollectionFixture<QuoteAspire.Tests.ClusterStandIn.PublishedReplicatedStoreFixture>
{
    public const string Name = "published store operations";
}

/// <summary>The published replicated store's backups and restores, on a set of pods of their own, in the parallel part of the run.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedStoreBackups : ICollectionFixture<QuoteAspire.Tests.ClusterStandIn.PublishedReplicatedStoreFixture>
{
    public const string Name = "published store backups";
}

/// <summary>A password rotation on the published replicated store, on a set of pods of its own, in the parallel part of the run.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedStoreRotation : ICollectionFixture<QuoteAspire.Tests.ClusterStandIn.PublishedReplicatedStoreFixture>
{
    public const string Name = "published store rotation";
}
