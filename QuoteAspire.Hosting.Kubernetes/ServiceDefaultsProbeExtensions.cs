using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Health checks and published probes for a project that maps the ServiceDefaults health endpoints.</summary>
public static class ServiceDefaultsProbeExtensions
{
    /// <summary>The ServiceDefaults endpoint that checks the project's dependencies too.</summary>
    public const string HealthPath = "/health";

    /// <summary>The ServiceDefaults endpoint that answers while the process runs.</summary>
    public const string AlivePath = "/alive";

    /// <summary>
    /// Checks <see cref="HealthPath"/> (with the project's dependencies) for the dashboard, and probes <see cref="AlivePath"/>
    /// for the cluster's startup, readiness and liveness probes. A pod stays Ready while a dependency is away, so clients
    /// get the project's own answer (such as a 503 with Retry-After) rather than "connection refused", and no pod is
    /// restarted for a dependency's sake.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="endpointName">The endpoint both are asked on.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithServiceDefaultsProbes<T>(this IResourceBuilder<T> builder, string endpointName = "http") where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);

        // Probe annotations rather than WithHttpProbe: it also registers a health check per call and
        // refuses a second one on the same path. No timings: the publisher's defaults suit them.
        var endpoint = builder.GetEndpoint(endpointName);
        return builder
            .WithHttpHealthCheck(HealthPath, endpointName: endpointName)
            .WithAnnotation(Probe(ProbeType.Startup, endpoint))
            .WithAnnotation(Probe(ProbeType.Readiness, endpoint))
            .WithAnnotation(Probe(ProbeType.Liveness, endpoint));
    }

    private static EndpointProbeAnnotation Probe(ProbeType type, EndpointReference endpoint) => new()
    {
        Type = type,
        EndpointReference = endpoint,
        Path = AlivePath,
    };
}
