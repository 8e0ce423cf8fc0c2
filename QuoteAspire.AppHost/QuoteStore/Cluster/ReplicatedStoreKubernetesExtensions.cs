using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>The replicated store as a cluster runs it: peers of one StatefulSet, each a data node with a Sentinel beside it.</summary>
public static class ReplicatedStoreKubernetesExtensions
{
    /// <summary>The Sentinel's container in each pod.</summary>
    public const string SentinelContainer = "sentinel";

    /// <summary>
    /// Adds the store as <see cref="RedisReplicatedContainerResource"/>: three peers from <paramref name="image"/>, each
    /// with its data on a claim (<paramref name="dataVolume"/> locally), written as <paramref name="appendFsync"/> says, full
    /// at <paramref name="maxMemory"/>. Clients reach the Sentinels through the store's Service and the primary by its pod's name.
    /// </summary>
    public static IResourceBuilder<RedisReplicatedContainerResource> AddReplicatedRedisForKubernetes(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> password,
        ImageReference image,
        string dataVolume,
        AppendFsync appendFsync,
        string maxMemory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(image);

        var store = new RedisReplicatedContainerResource(name, password.Resource);
        var scripts = ScriptsFor(store);
        return builder.AddResource(store)
            .WithImage(image.Repository, image.Tag)
            .WithImageRegistry(image.Registry)
            .WithEndpoint(targetPort: RedisReplicatedContainerResource.DataPort, name: RedisReplicatedContainerResource.DataEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: RedisReplicatedContainerResource.SentinelPort, name: RedisReplicatedContainerResource.SentinelEndpointName, scheme: "tcp")
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithVolume(dataVolume, RedisContainerExtensions.DataDirectory)
            .WithEntrypoint("/bin/sh")
            .WithArgs("-c", scripts.DataNode(appendFsync, maxMemory, store.MinReplicasToWrite))
            .WithKubernetesRedisDefaults()
            .WithKubernetesPeers(store.Replicas, RedisReplicatedContainerResource.SentinelEndpointName)
            .WithKubernetesSidecar(new KubernetesSidecarAnnotation(
                SentinelContainer,
                ["/bin/sh", "-c", scripts.Sentinel()],
                [RedisReplicatedContainerResource.SentinelEndpointName],
                ["sh", "-c", RedisContainerExtensions.PingSentinel]));
    }

    /// <summary>The scripts of <paramref name="store"/>'s pods and of its backups, with each peer's name.</summary>
    public static RedisPeerScripts ScriptsFor(RedisReplicatedContainerResource store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new(store.Name, [.. Enumerable.Range(0, store.Replicas).Select(ordinal => KubernetesPeersAnnotation.HostOf(store.Name, ordinal))], store.Quorum);
    }
}
