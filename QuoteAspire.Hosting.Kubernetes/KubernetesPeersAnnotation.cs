namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A store whose pods replicate among themselves: its StatefulSet runs <see cref="Replicas"/> pods, each found by name
/// (<c>&lt;pod&gt;.&lt;name&gt;-peers</c>) through a headless Service, required to be on different nodes, disrupted one
/// at a time, and free to reach each other. The Service that clients use offers only <see cref="ClientEndpoints"/>.
/// </summary>
public sealed class KubernetesPeersAnnotation(int replicas, IReadOnlyList<string> clientEndpoints) : IResourceAnnotation
{
    /// <summary>The name the pod of <paramref name="ordinal"/> answers to in the namespace, for the peers' own configuration.</summary>
    public static string HostOf(string resourceName, int ordinal) => QuoteAspire.Hosting.Kubernetes.KubernetesNames.PeerHost(resourceName, ordinal);

    /// <summary>The headless Service of the peers, the domain of <see cref="HostOf"/>.</summary>
    public static string PeersServiceOf(string resourceName) => QuoteAspire.Hosting.Kubernetes.KubernetesNames.PeersServiceName(resourceName);

    /// <summary>How many pods the StatefulSet runs.</summary>
    public int Replicas { get; } = replicas > 1 ? replicas : throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "Peers are at least two pods.");

    /// <summary>The endpoints the resource's own Service offers; the others are reached only pod by pod.</summary>
    public IReadOnlyList<string> ClientEndpoints { get; } = clientEndpoints;

    /// <summary>
    /// How long a pod must have been ready before a rolling update stops the next one: time for the peers to see
    /// it back (<c>minReadySeconds</c>).
    /// </summary>
    public int MinReadySeconds { get; init; }
}
