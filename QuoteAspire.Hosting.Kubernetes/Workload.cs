using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>What a compute resource of the app model becomes on Kubernetes, before it is typed as objects.</summary>
internal enum WorkloadKind
{
    /// <summary>Stateless: any number of identical pods.</summary>
    Deployment,

    /// <summary>Holds data: one pod with its own persistent volumes, or peers that replicate it.</summary>
    StatefulSet,

    /// <summary>Runs to completion on a schedule.</summary>
    CronJob,

    /// <summary>Runs to completion once each time an operator creates it.</summary>
    Job,
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
    IReadOnlyList<ExecProbe> ExecProbes,
    IReadOnlyList<WaitTarget> WaitsFor,
    IReadOnlyList<string> ReachableFrom,
    KubernetesResourceSettings Settings)
{
    /// <summary>For a store that replicates among its pods: how many, and what its Service offers.</summary>
    public WorkloadPeers? Peers { get; init; }

    /// <summary>The other containers of each pod.</summary>
    public IReadOnlyList<WorkloadSidecar> Sidecars { get; init; } = [];

    public WorkloadPlannedStop? PlannedStop { get; init; }

    /// <summary>What Prometheus scrapes from its pods: a PodMonitor's endpoints, when monitoring is published.</summary>
    public WorkloadMetrics? Metrics { get; init; }

    /// <summary>The alerts about it, gathered into the app's PrometheusRule when monitoring is published.</summary>
    public KubernetesAlertsAnnotation? Alerts { get; init; }

    /// <summary>When a CronJob runs, in cron syntax.</summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// Whether the configuration (<c>Kubernetes:Resources:&lt;name&gt;:ServiceType</c>) names its Service type, rather than
    /// the app's defaults: an operator who asks for a NodePort or LoadBalancer beside an Ingress gets it.
    /// </summary>
    public bool ServiceTypeConfigured { get; init; }

    /// <summary>Whether it runs to completion (a CronJob or a Job) rather than serving.</summary>
    public bool IsJob => Kind is WorkloadKind.CronJob or WorkloadKind.Job;

    /// <summary>The ports the main container listens on: those no sidecar serves.</summary>
    public IEnumerable<WorkloadPort> MainPorts => Ports.Where(port => !Sidecars.Any(sidecar => sidecar.PortNames.Contains(port.Name)));

    /// <summary>
    /// The ports the resource's own Service offers: the main container's, or those of its peers' clients. A sidecar's
    /// other ports (an exporter's) are reached on each pod: through the Service they would reach any one.
    /// </summary>
    public IEnumerable<WorkloadPort> ServicePorts => Peers is null ? MainPorts : Ports.Where(port => Peers.ClientPortNames.Contains(port.Name));

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

/// <summary>
/// A persistent volume mounted into the container: a claim template of a StatefulSet, or for a job a claim of that
/// name, which the publisher writes unless it <paramref name="Exists"/> already.
/// </summary>
internal sealed record WorkloadVolume(string Name, string MountPath, bool Exists = false);

/// <summary>Pods that replicate among themselves, the ports of their Service that clients use, and how long a pod back must be ready before the next is replaced.</summary>
internal sealed record WorkloadPeers(int Replicas, IReadOnlyList<string> ClientPortNames, int MinReadySeconds);

/// <summary>A second container of the pod: same image and environment, its own command, ports and probe, and the main container's claims if it keeps state.</summary>
internal sealed record WorkloadSidecar(string Name, IReadOnlyList<string> Command, IReadOnlyList<string> PortNames, IReadOnlyList<string> ProbeCommand, bool SharesVolumes)
{
    /// <summary>With no probe command: the HTTP path of its probes, on its first port.</summary>
    public string? ProbePath { get; init; }

    /// <summary>Its own image; null for the workload's.</summary>
    public string? Image { get; init; }
}

/// <summary>The main container's preStop command and the pod's grace period for it and the shutdown.</summary>
internal sealed record WorkloadPlannedStop(IReadOnlyList<string> PreStopCommand, int GracePeriodSeconds);

/// <summary>Which of a container's probes: the three Kubernetes knows.</summary>
internal enum ProbeKind
{
    Startup,
    Readiness,
    Liveness,
}

/// <summary>When and how often a probe runs; a null value leaves the one in <see cref="KubernetesDefaults"/>.</summary>
internal sealed record ProbeTimings(int? PeriodSeconds = null, int? TimeoutSeconds = null, int? FailureThreshold = null, int? InitialDelaySeconds = null)
{
    /// <summary>Timings of <paramref name="overrides"/> where given, else these.</summary>
    public ProbeTimings OverriddenBy(ProbeTimings? overrides) => overrides is null ? this : new(
        overrides.PeriodSeconds ?? PeriodSeconds,
        overrides.TimeoutSeconds ?? TimeoutSeconds,
        overrides.FailureThreshold ?? FailureThreshold,
        overrides.InitialDelaySeconds ?? InitialDelaySeconds);
}

/// <summary>An HTTP probe on one of the workload's ports, with the timings the app gave it.</summary>
internal sealed record HttpProbe(ProbeKind Kind, string Path, string PortName, string Scheme, ProbeTimings Timings);

/// <summary>A command run in the container as the probes of <paramref name="Kinds"/>.</summary>
internal sealed record ExecProbe(IReadOnlyList<ProbeKind> Kinds, IReadOnlyList<string> Command);

/// <summary>A resource this one waits for, and how to tell that it answers: a command, or else its port open.</summary>
internal sealed record WaitTarget(string Name, int Port, string Image, IReadOnlyList<string>? AnswerCheck, IReadOnlyList<EnvironmentEntry> SecretEnvironment);

/// <summary>A Secret the publisher writes: one secret parameter of the app model.</summary>
internal sealed record SecretSource(string Name, string Value)
{
    public const string ValueKey = "value";
}

/// <summary>The port Prometheus scrapes on each pod, and what it asks there.</summary>
internal sealed record WorkloadMetrics(string PortName, IReadOnlyList<KubernetesMetricsTarget> Targets);
