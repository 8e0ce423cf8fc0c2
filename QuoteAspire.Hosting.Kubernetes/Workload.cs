using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>What a compute resource of the app model becomes on Kubernetes, before it is typed as objects.</summary>
internal enum WorkloadKind
{
    /// <summary>Stateless: any number of identical pods.</summary>
    Deployment,

    /// <summary>Holds data: one pod with its own persistent volumes.</summary>
    StatefulSet,
}

/// <summary>One resource, its values already rendered for a cluster.</summary>
internal sealed record Workload(
    string Name,
    WorkloadKind Kind,
    string Image,
    IReadOnlyList<string>? Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<EnvironmentEntry> Environment,
    IReadOnlyList<WorkloadPort> Ports,
    IReadOnlyList<WorkloadVolume> Volumes,
    IReadOnlyList<HttpProbe> HttpProbes,
    IReadOnlyList<KubernetesExecProbeAnnotation> ExecProbes,
    IReadOnlyList<WaitTarget> WaitsFor,
    IReadOnlyList<string> ReachableFrom,
    KubernetesResourceSettings Settings)
{
    /// <summary>Whether clients outside the cluster reach it, rather than only its own referrers.</summary>
    public bool IsExposed => Settings.ServiceType is not null and not KubernetesDefaults.ClusterIP;

    /// <summary>The Secrets its containers read, its init containers included.</summary>
    public IEnumerable<string> SecretNames =>
        Environment.Concat(WaitsFor.SelectMany(wait => wait.SecretEnvironment))
            .Select(entry => entry.FromSecret?.SecretName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    /// <summary>Whether a HorizontalPodAutoscaler, not the Deployment, decides how many pods run.</summary>
    public bool IsAutoscaled => Kind == WorkloadKind.Deployment && Settings.MaxReplicas > Settings.Replicas;
}

/// <summary>An environment variable: a literal (which may use <c>$(VAR)</c>) or a key of a Secret.</summary>
internal sealed record EnvironmentEntry(string Name, string? Value, SecretKey? FromSecret);

/// <summary>A key of a Secret that the publisher writes.</summary>
internal sealed record SecretKey(string SecretName, string Key);

/// <summary>An endpoint: the port the container listens on and the port its Service offers.</summary>
internal sealed record WorkloadPort(string Name, int ContainerPort, int ServicePort);

/// <summary>A persistent volume mounted into the container.</summary>
internal sealed record WorkloadVolume(string Name, string MountPath);

/// <summary>An HTTP probe on one of the workload's ports.</summary>
internal sealed record HttpProbe(ProbeType Type, string Path, string PortName, string Scheme, EndpointProbeAnnotation Timings);

/// <summary>A resource this one waits for, and how to tell that it answers.</summary>
internal sealed record WaitTarget(string Name, int Port, string Image, string? AnswerCheck, IReadOnlyList<EnvironmentEntry> SecretEnvironment);

/// <summary>A Secret the publisher writes: one secret parameter of the app model.</summary>
internal sealed record SecretSource(string Name, string Value)
{
    public const string ValueKey = "value";
}
