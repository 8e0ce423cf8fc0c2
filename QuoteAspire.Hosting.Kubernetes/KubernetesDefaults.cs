using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>The defaults the publisher applies where the app model says nothing.</summary>
internal static class KubernetesDefaults
{
    public const string ClusterIP = "ClusterIP";

    /// <summary>ASP.NET Core container images listen on 8080 (ASPNETCORE_HTTP_PORTS).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The "app" user of the .NET container images.</summary>
    public const long DotNetImageUser = 1654;

    public const string ImageTag = "latest";
    public const string StorageSize = "1Gi";
    public const string CpuRequest = "100m";
    public const string CpuLimit = "500m";
    public const string MemoryRequest = "128Mi";
    public const string MemoryLimit = "256Mi";

    /// <summary>How long a Deployment's pod keeps serving after it is told to stop, for endpoints to catch up.</summary>
    public const long PreStopDelaySeconds = 5;

    /// <summary>The preStop delay plus ASP.NET Core's time to finish requests in flight, with room to spare.</summary>
    public const long TerminationGracePeriodSeconds = 30;

    /// <summary>A small image with a shell and nc, for init containers that wait for a port.</summary>
    public const string PortWaitImage = "docker.io/library/busybox:1.37";

    /// <summary>Scale out well before the CPU limit (five times the request) is reached.</summary>
    public const int TargetCpuUtilization = 70;

    public static readonly KubernetesResourceSettings Settings = new()
    {
        Replicas = 1,
        TargetCpuUtilization = TargetCpuUtilization,
        ServiceType = ClusterIP,
        StorageSize = StorageSize,
        CpuRequest = CpuRequest,
        CpuLimit = CpuLimit,
        MemoryRequest = MemoryRequest,
        MemoryLimit = MemoryLimit,
    };
}
