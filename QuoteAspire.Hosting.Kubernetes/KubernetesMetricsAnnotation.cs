namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What Prometheus scrapes from each of the resource's pods, on its endpoint <see cref="EndpointName"/>: published as a
/// PodMonitor (Prometheus Operator) when <c>Kubernetes:Monitoring:Enabled</c> is true.
/// </summary>
public sealed class KubernetesMetricsAnnotation(string endpointName, IReadOnlyList<KubernetesMetricsTarget> targets) : IResourceAnnotation
{
    /// <summary>The resource's endpoint that serves the metrics, such as an exporter sidecar's <c>metrics</c>.</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>One scrape per target, each labelled with its <see cref="KubernetesMetricsTarget.Name"/>.</summary>
    public IReadOnlyList<KubernetesMetricsTarget> Targets { get; } = targets;
}

/// <summary>
/// One scrape of the metrics endpoint: its <see cref="Path"/> and query <see cref="Parameters"/> (an exporter's
/// <c>/scrape?target=...</c>), its series labelled <see cref="Label"/>=<see cref="Name"/> so alerts can tell the targets apart.
/// </summary>
public sealed record KubernetesMetricsTarget(string Name, string Path, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The label each target's series carry, with the target's <see cref="Name"/>.</summary>
    public const string Label = "scrape_target";
}
