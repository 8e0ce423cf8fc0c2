namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How one resource runs on Kubernetes; a value left null keeps the publisher's default. Values set in the AppHost are defaults; configuration under
/// <c>Kubernetes:Resources:&lt;name&gt;</c> overrides them at publish time. The properties are settable, not init-only,
/// because the configuration binder's generated code sets no init-only property (it leaves them unbound, silently).
/// </summary>
public sealed record KubernetesResourceSettings
{
    /// <summary>Pods of a Deployment; a StatefulSet always runs one.</summary>
    public int? Replicas { get; set; }

    /// <summary>
    /// The most pods a HorizontalPodAutoscaler may run, scaling between <see cref="Replicas"/> and this on CPU;
    /// no autoscaler unless it is above <see cref="Replicas"/>.
    /// </summary>
    public int? MaxReplicas { get; set; }

    /// <summary>The average CPU use, in percent of the request, that the autoscaler keeps pods at.</summary>
    public int? TargetCpuUtilization { get; set; }

    /// <summary>The Service type: ClusterIP (default), NodePort or LoadBalancer.</summary>
    public string? ServiceType { get; set; }

    /// <summary>The size of each volume claim, such as <c>1Gi</c>.</summary>
    public string? StorageSize { get; set; }

    /// <summary>The image repository of a project, default the resource name.</summary>
    public string? ImageRepository { get; set; }

    /// <summary>The CPU the container is scheduled with, such as <c>100m</c>.</summary>
    public string? CpuRequest { get; set; }

    /// <summary>The most CPU the container may use, such as <c>500m</c>.</summary>
    public string? CpuLimit { get; set; }

    /// <summary>The memory the container is scheduled with, such as <c>128Mi</c>.</summary>
    public string? MemoryRequest { get; set; }

    /// <summary>The most memory the container may use before it is killed, such as <c>256Mi</c>.</summary>
    public string? MemoryLimit { get; set; }

    /// <summary>The non-root user the container runs as; .NET images use 1654 ("app").</summary>
    public long? RunAsUser { get; set; }

    /// <summary>The StorageClass of each volume claim; none means the cluster's default class.</summary>
    public string? StorageClass { get; set; }

    /// <summary>The Secret (of type kubernetes.io/dockerconfigjson) the kubelet pulls images with; none for public images.</summary>
    public string? ImagePullSecret { get; set; }

    /// <summary>
    /// The PriorityClass of the pods, which a cluster short of room schedules first and evicts last; none for the
    /// cluster's default priority. The class is the cluster's own: it is named here, not published.
    /// </summary>
    public string? PriorityClassName { get; set; }

    /// <summary>Settings of <paramref name="overrides"/> where given, else these.</summary>
    public KubernetesResourceSettings OverriddenBy(KubernetesResourceSettings overrides) => new()
    {
        Replicas = overrides.Replicas ?? Replicas,
        MaxReplicas = overrides.MaxReplicas ?? MaxReplicas,
        TargetCpuUtilization = overrides.TargetCpuUtilization ?? TargetCpuUtilization,
        ServiceType = overrides.ServiceType ?? ServiceType,
        StorageSize = overrides.StorageSize ?? StorageSize,
        ImageRepository = overrides.ImageRepository ?? ImageRepository,
        CpuRequest = overrides.CpuRequest ?? CpuRequest,
        CpuLimit = overrides.CpuLimit ?? CpuLimit,
        MemoryRequest = overrides.MemoryRequest ?? MemoryRequest,
        MemoryLimit = overrides.MemoryLimit ?? MemoryLimit,
        RunAsUser = overrides.RunAsUser ?? RunAsUser,
        StorageClass = overrides.StorageClass ?? StorageClass,
        ImagePullSecret = overrides.ImagePullSecret ?? ImagePullSecret,
        PriorityClassName = overrides.PriorityClassName ?? PriorityClassName,
    };
}
