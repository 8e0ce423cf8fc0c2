namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The replicated store as published, run under Podman pod by pod, through what an operator does to it: cold starts,
/// backups, restores. A set of pods of its own, beside the parallel part of the run: nothing here times an outage.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishedStoreOperations : ICollectionFixture<QuoteAspire.Tests.ClusterStandIn.PublishedReplicatedStoreFixture>
{
    public const string Name = "published store operations";
}
