using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(QuoteAspire.Tests.Infrastructure.CostlyFirst))]

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Starts the longest lanes first. xUnit runs collections in this order: those that allow parallel runs as threads free
/// up, then the rest (the Faults tier) one at a time. In the parallel part the native publish and the password rotation
/// on published pods after it are the longest chain (the rotation alone takes two minutes): the native graph, which
/// starts the publish, and the three sets of store pods, which start while it runs and wait for its image only to
/// start their frontends, take the first threads; the published workloads and the graphs fill them as they free up;
/// in the serial part the published pods go first (their image is ready by then), then the fault collections on programs
/// before those on containers.
/// </summary>
public sealed class CostlyFirst : ITestCollectionOrderer
{
    private static readonly string[] s_order =
    [
        NativeFrontendGraph.Name,
        PublishedStoreRotation.Name,
        PublishedStoreOperations.Name,
        PublishedStoreBackups.Name,
        "PublishedWorkloadTests",
        "KubernetesDeployTests",
        RedisServerGraph.Name,
        ContainerGraph.Name,
        GarnetGraph.Name,
        RunningAppHostGroup.Name,
        PublishedReplicatedStore.Name,
        RedisServerFaults.Name,
        GarnetFaults.Name,
        ReplicatedRedisServerGraph.Name,
        ContainerFaults.Name,
        ReplicatedContainerGraph.Name,
    ];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(collection => Rank(collection.TestCollectionDisplayName)).ThenBy(collection => collection.TestCollectionDisplayName, StringComparer.Ordinal)];

    // A class without a collection of its own is in one named after it.
    private static int Rank(string collection)
    {
        var rank = Array.FindIndex(s_order, name => collection == name || collection.Contains($".{name} ", StringComparison.Ordinal) || collection.EndsWith($".{name}", StringComparison.Ordinal));
        return rank < 0 ? s_order.Length : rank;
    }
}
