using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using QuoteAspire.AppHost.Kubernetes;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Wiring that makes the frontend answer where the article's curl commands expect it.</summary>
public static class QuoteFrontendBuilderExtensions
{
    public const string PortConfigurationKey = "QuoteFrontend:Port";

    /// <summary>The article's port: <c>curl http://localhost:8000/quotes</c>.</summary>
    public const int ArticlePort = 8000;

    /// <summary>
    /// Serves the frontend's http endpoint on <c>QuoteFrontend:Port</c> (default 8000) of localhost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithArticlePort(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        var port = frontend.ApplicationBuilder.Configuration.GetValue(PortConfigurationKey, ArticlePort);
        return frontend.WithEndpoint("http", endpoint => endpoint.Port = port);
    }

    /// <summary>
    /// The health endpoints of QuoteAspire.ServiceDefaults: <c>/health</c> (readiness, with the store) for
    /// the dashboard and for startup and readiness probes, <c>/alive</c> for liveness.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaultsHealth(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        // Probe annotations rather than WithHttpProbe: it also registers a health check per call and
        // refuses a second one on the same path, while startup and readiness both ask /health.
        var http = frontend.GetEndpoint("http");
        return frontend
            .WithHttpHealthCheck(HealthPath, endpointName: "http")
            .WithAnnotation(Probe(ProbeType.Startup, http, HealthPath, periodSeconds: 2, failureThreshold: 30))
            .WithAnnotation(Probe(ProbeType.Readiness, http, HealthPath, periodSeconds: 10, failureThreshold: 3))
            .WithAnnotation(Probe(ProbeType.Liveness, http, AlivePath, periodSeconds: 10, failureThreshold: 3));
    }

    private static EndpointProbeAnnotation Probe(ProbeType type, EndpointReference endpoint, string path, int periodSeconds, int failureThreshold) => new()
    {
        Type = type,
        EndpointReference = endpoint,
        Path = path,
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
        SuccessThreshold = 1,
    };

    /// <summary>As in the article: two replicas behind a NodePort Service.</summary>
    public static IResourceBuilder<ProjectResource> WithKubernetesFrontendDefaults(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        return frontend.WithKubernetesSettings(new KubernetesResourceSettings { Replicas = 2, ServiceType = "NodePort" });
    }

    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";
}
