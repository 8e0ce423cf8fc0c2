using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>The replicated store as a cluster runs it: peers of one StatefulSet, each a data node with a Sentinel beside it.</summary>
public static class ReplicatedStoreKubernetesExtensions
{
    /// <summary>How many peers the store runs: a primary and two replicas, each with its Sentinel.</summary>
    public const int Peers = 3;

    /// <summary>The Sentinel's container in each pod.</summary>
    public const string SentinelContainer = "sentinel";

    /// <summary>Where each pod's Sentinel keeps its state: on the pod's claim, beside the data.</summary>
    public const string SentinelStateDirectory = RedisContainerExtensions.DataDirectory + "/sentinel";

    /// <summary>
    /// How long a primary's preStop may take to hand over, writes held meanwhile: a forced failover takes about a
    /// second; past this, the node stops anyway and the Sentinels fail over as for a lost node.
    /// </summary>
    public const int HandoverSeconds = 10;

    /// <summary>The pod's grace period: the handover, then the shutdown (an fsync of the append-only file).</summary>
    public const int GracePeriodSeconds = HandoverSeconds + 25;

    /// <summary>
    /// How long a pod back must be ready before a rolling update stops the next: the Sentinels refresh what they know of
    /// a replica every 10 s, and must count the returned node in sync before they can promote it.
    /// </summary>
    public const int MinReadySeconds = 10;

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

        var store = new RedisReplicatedContainerResource(name, password.Resource) { Replicas = Peers, PeerHosts = PeerHosts(name, Peers) };
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
            .WithKubernetesRedisDefaults(maxMemory)
            .WithKubernetesExecProbe([ProbeType.Readiness], "sh", "-c", PeerScriptFile.Read(PeerScriptFile.Readiness))
            .WithKubernetesPlannedStop(
                GracePeriodSeconds,
                "sh", "-c", PeerScriptFile.Read(PeerScriptFile.PreStop), PeerScriptFile.PreStop, store.Name, scripts.PeersDomain, $"{HandoverSeconds}")
            .WithKubernetesPeers(new KubernetesPeersAnnotation(store.Replicas, [RedisReplicatedContainerResource.SentinelEndpointName]) { MinReadySeconds = MinReadySeconds })
            .WithKubernetesSidecar(new KubernetesSidecarAnnotation(
                SentinelContainer,
                ["/bin/sh", "-c", scripts.Sentinel()],
                [RedisReplicatedContainerResource.SentinelEndpointName],
                ["sh", "-c", PeerScriptFile.Read(PeerScriptFile.SentinelReadiness), PeerScriptFile.SentinelReadiness, store.Name, $"{store.Replicas}"])
            {
                SharesVolumes = true,
            });
    }

    /// <summary>The scripts of <paramref name="store"/>'s pods and of its backups, with each peer's name.</summary>
    public static RedisPeerScripts ScriptsFor(RedisReplicatedContainerResource store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new(store.Name, PeerHosts(store.Name, store.Replicas), store.Quorum)
        {
            SentinelStateDirectory = SentinelStateDirectory,
        };
    }

    // Each pod's name in the namespace, by ordinal: where its data node and its Sentinel answer.
    private static string[] PeerHosts(string name, int replicas) =>
        [.. Enumerable.Range(0, replicas).Select(ordinal => KubernetesPeersAnnotation.HostOf(name, ordinal))];
}
