using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Every value the publisher applies where the app model says nothing, in one place: an app overrides them
/// with <c>WithKubernetesSettings</c>, probe timings on its probe annotations, or configuration.
/// </summary>
internal static class KubernetesDefaults
{
    public const string ClusterIP = "ClusterIP";

    /// <summary>ASP.NET Core container images listen on 8080 (ASPNETCORE_HTTP_PORTS).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The "app" user of the .NET container images.</summary>
    public const long DotNetImageUser = 1654;

    public const string ImageTag = "latest";

    /// <summary>How long a Deployment's pod keeps serving after it is told to stop, for endpoints to catch up.</summary>
    public const long PreStopDelaySeconds = 5;

    /// <summary>The preStop delay plus ASP.NET Core's time to finish requests in flight, with room to spare.</summary>
    public const long TerminationGracePeriodSeconds = 30;

    /// <summary>A small image with a shell and nc, for init containers that wait for a port.</summary>
    public const string PortWaitImage = "docker.io/library/busybox:1.37";

    /// <summary>The temporary-files volume of every pod (its root filesystem is read-only): room for scratch files, not data.</summary>
    public const string TempVolumeSizeLimit = "64Mi";

    public static readonly KubernetesResourceSettings Settings = new()
    {
        Replicas = 1,
        // Scale out well before the CPU limit (five times the request) is reached.
        TargetCpuUtilization = 70,
        ServiceType = ClusterIP,
        StorageSize = "1Gi",
        CpuRequest = "100m",
        CpuLimit = "500m",
        MemoryRequest = "128Mi",
        MemoryLimit = "256Mi",
    };

    /// <summary>How long one run of a job may take before Kubernetes stops it.</summary>
    public const long JobDeadlineSeconds = 600;

    /// <summary>How long a finished on-demand Job, and its pod's log, stays for the operator to read: a week.</summary>
    public const int FinishedJobSecondsKept = 7 * 24 * 3600;

    /// <summary>A sidecar beside the main container, such as a Sentinel: a small process that mostly waits.</summary>
    public static readonly KubernetesResourceSettings Sidecar = new()
    {
        CpuRequest = "10m",
        CpuLimit = "200m",
        MemoryRequest = "16Mi",
        MemoryLimit = "64Mi",
    };

    /// <summary>An init container that waits for a port or a command: a shell loop that sleeps between tries.</summary>
    public static readonly KubernetesResourceSettings WaitContainer = new()
    {
        CpuRequest = "10m",
        CpuLimit = "100m",
        MemoryRequest = "16Mi",
        MemoryLimit = "64Mi",
    };

    /// <summary>
    /// Startup allows a minute to come up (30 tries, 2 seconds apart); after that, readiness and liveness look every
    /// 10 seconds and act after three failures in a row.
    /// </summary>
    public static ProbeTimings ProbeTimings(ProbeKind kind) => kind == ProbeKind.Startup
        ? new(PeriodSeconds: 2, TimeoutSeconds: 3, FailureThreshold: 30)
        : new(PeriodSeconds: 10, TimeoutSeconds: 3, FailureThreshold: 3);
}
