using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A Redis exporter beside the store in each published pod: Prometheus reads the data node (and, in a replicated store,
/// the pod's Sentinel) through it on the port named <see cref="MetricsEndpointName"/>. A local run has the dashboard instead.
/// </summary>
public static class RedisExporterExtensions
{
    /// <summary>The exporter's container in each pod.</summary>
    public const string ExporterContainer = "redis-exporter";

    /// <summary>The endpoint, and the container port's name, that Prometheus scrapes.</summary>
    public const string MetricsEndpointName = "metrics";

    /// <summary>The exporter's usual port.</summary>
    public const int MetricsPort = 9121;

    /// <summary>The scrape of the pod's data node, which labels its series <c>scrape_target="data"</c>.</summary>
    public const string DataTarget = "data";

    /// <summary>The scrape of the pod's Sentinel, through the exporter's <c>/scrape?target=</c>.</summary>
    public const string SentinelTarget = "sentinel";

    /// <summary>
    /// In publish mode, adds the exporter from <paramref name="image"/> to each of <paramref name="store"/>'s pods, the
    /// scrapes of its data node and, for a store with <paramref name="sentinelPort"/>, of its Sentinel. The exporter reads
    /// the store's password from the pod's <c>REDIS_PASSWORD</c>. Alerts on its series are the app's to add
    /// (<c>WithKubernetesAlerts</c>): what a full store or a lost primary means depends on what the store holds.
    /// </summary>
    /// <param name="store">The store, one container or the peers of a replicated set.</param>
    /// <param name="image">The exporter's image.</param>
    /// <param name="dataPort">The data node's port in the pod.</param>
    /// <param name="sentinelPort">The Sentinel's port in the pod, for a replicated set; null for a lone server.</param>
    /// <returns>The store's builder.</returns>
    public static IResourceBuilder<T> WithRedisExporter<T>(this IResourceBuilder<T> store, ImageReference image, int dataPort, int? sentinelPort)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(image);
        if (!store.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return store;
        }

        KubernetesMetricsTarget[] targets = sentinelPort is { } sentinel
            ? [Scrape(DataTarget, "/metrics"), Scrape(SentinelTarget, "/scrape", $"redis://localhost:{sentinel}")]
            : [Scrape(DataTarget, "/metrics")];
        return store
            .WithEndpoint(targetPort: MetricsPort, name: MetricsEndpointName, scheme: "http")
            .WithKubernetesSidecar(new KubernetesSidecarAnnotation(
                ExporterContainer,
                // The upstream image's entrypoint; it reads REDIS_PASSWORD from the environment it shares with the store.
                ["/redis_exporter", $"--redis.addr=redis://localhost:{dataPort}", $"--web.listen-address=:{MetricsPort}"],
                [MetricsEndpointName],
                [])
            {
                // The image has no shell: its own health page answers the probes.
                ProbePath = "/health",
                Image = image.ToString(),
            })
            .WithKubernetesMetrics(MetricsEndpointName, targets);
    }

    private static KubernetesMetricsTarget Scrape(string name, string path, string? target = null) =>
        new(name, path, target is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["target"] = target });
}
