using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

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
        // Replicas and Sentinels sign in to the data nodes as users of their own, defined by each node from these.
        var memberUsers = RedisSetMemberUsers.AddPasswords(builder, name);
        memberUsers.DefineOn(store);
        return builder.AddResource(store)
            .WithImage(image.Repository, image.Tag)
            .WithImageRegistry(image.Registry)
            .WithEndpoint(targetPort: RedisReplicatedContainerResource.DataPort, name: RedisReplicatedContainerResource.DataEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: RedisReplicatedContainerResource.SentinelPort, name: RedisReplicatedContainerResource.SentinelEndpointName, scheme: "tcp")
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithEnvironment(RedisSetMemberUsers.Replication.PasswordVariable, memberUsers.ReplicationPassword)
            .WithEnvironment(RedisSetMemberUsers.Sentinel.PasswordVariable, memberUsers.SentinelPassword)
            .WithVolume(dataVolume, RedisContainerExtensions.DataDirectory)
            .WithEntrypoint("/bin/sh")
            // Written as it is published, with the users the store has by then (see RedisClientUserExtensions).
            .WithArgs(context =>
            {
                foreach (var arg in (scripts with { DataUsers = UsersOf(store, onSentinel: false) }).DataNode(appendFsync, maxMemory, store.MinReplicasToWrite))
                {
                    context.Args.Add(arg);
                }
            })
            .WithKubernetesRedisDefaults(maxMemory)
            .WithKubernetesExecProbe([ProbeType.Readiness], "sh", "-c", PeerScriptFile.Read(PeerScriptFile.Readiness))
            .WithKubernetesPlannedStop(
                GracePeriodSeconds,
                "sh", "-c", PeerScriptFile.Read(PeerScriptFile.PreStop), PeerScriptFile.PreStop, store.Name, scripts.PeersDomain, $"{HandoverSeconds}")
            .WithKubernetesPeers(new KubernetesPeersAnnotation(store.Replicas, [RedisReplicatedContainerResource.SentinelEndpointName]) { MinReadySeconds = MinReadySeconds })
            .WithKubernetesSidecar(SentinelSidecar(store, scripts));
    }

    /// <summary>Writes the pods' Sentinel container again, with the users the store has now.</summary>
    public static void RewriteSentinelSidecar(RedisReplicatedContainerResource store)
    {
        ArgumentNullException.ThrowIfNull(store);
        // In its place: the pod's containers keep their order (data node, Sentinel, exporter).
        var old = store.Annotations.OfType<KubernetesSidecarAnnotation>().Single(sidecar => sidecar.Name == SentinelContainer);
        var index = store.Annotations.IndexOf(old);
        store.Annotations[index] = SentinelSidecar(store, ScriptsFor(store));
    }

    private static KubernetesSidecarAnnotation SentinelSidecar(RedisReplicatedContainerResource store, RedisPeerScripts scripts) => new(
        SentinelContainer,
        ["/bin/sh", .. (scripts with { SentinelUsers = UsersOf(store, onSentinel: true) }).Sentinel()],
        [RedisReplicatedContainerResource.SentinelEndpointName],
        ["sh", "-c", PeerScriptFile.Read(PeerScriptFile.SentinelReadiness), PeerScriptFile.SentinelReadiness, store.Name, $"{store.Replicas}"])
    {
        SharesVolumes = true,
    };

    private static RedisAclUser[] UsersOf(RedisReplicatedContainerResource store, bool onSentinel) =>
        [.. store.Annotations.OfType<RedisAclUserAnnotation>().Where(user => user.OnSentinel == onSentinel).Select(user => user.User)];

    /// <summary>The scripts of <paramref name="store"/>'s pods and of its backups, with each peer's name.</summary>
    internal static RedisPeerScripts ScriptsFor(RedisReplicatedContainerResource store)
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
