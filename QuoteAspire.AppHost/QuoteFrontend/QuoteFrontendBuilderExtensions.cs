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
    /// The health endpoints of QuoteAspire.ServiceDefaults: <c>/health</c> (with the store) for the dashboard,
    /// <c>/alive</c> for the cluster's probes. A pod stays Ready while the store is away, so clients get the
    /// designed 503 with Retry-After rather than "connection refused", and no pod is restarted for the store's sake.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaultsHealth(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        // Probe annotations rather than WithHttpProbe: it also registers a health check per call and
        // refuses a second one on the same path, while startup and readiness both ask /health.
        var http = frontend.GetEndpoint("http");
        return frontend
            .WithHttpHealthCheck(HealthPath, endpointName: "http")
            .WithAnnotation(Probe(ProbeType.Startup, http, AlivePath, periodSeconds: 2, failureThreshold: 30))
            .WithAnnotation(Probe(ProbeType.Readiness, http, AlivePath, periodSeconds: 10, failureThreshold: 3))
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

    /// <summary>As in the article: two replicas behind a NodePort Service; under load, up to four.</summary>
    public static IResourceBuilder<ProjectResource> WithKubernetesFrontendDefaults(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        return frontend
            .WithKubernetesSettings(new KubernetesResourceSettings { Replicas = 2, MaxReplicas = 4, ServiceType = "NodePort" })
            // Aspire turns forwarded headers on for every project it publishes; trusted from anyone, a forged
            // X-Forwarded-For would pick any client's rate-limit budget. Off: the client is the connection.
            .WithEnvironment(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    context.EnvironmentVariables.Remove(ForwardedHeadersVariable);
                }
            });
    }

    private const string ForwardedHeadersVariable = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";
}
