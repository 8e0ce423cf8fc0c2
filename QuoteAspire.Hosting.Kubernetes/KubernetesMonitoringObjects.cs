using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// What Prometheus Operator reads, published when <c>Kubernetes:Monitoring:Enabled</c> is true: a PodMonitor for each
/// workload with metrics, and one PrometheusRule with every workload's alerts, a group each.
/// </summary>
internal static class KubernetesMonitoringObjects
{
    /// <summary>How often the pods are scraped: alerts that wait a minute or two see several scrapes.</summary>
    public const string ScrapeInterval = "30s";

    public static V1PodMonitor? ToPodMonitor(Workload workload, KubernetesApplication application, KubernetesPublishingOptions.MonitoringOptions monitoring)
    {
        if (!monitoring.Enabled || workload.Metrics is not { } metrics)
        {
            return null;
        }

        return new V1PodMonitor
        {
            Metadata = new()
            {
                Name = KubernetesNames.ObjectName(workload.Name),
                Labels = WithMonitoringLabels(KubernetesNames.Labels(application, workload.Name, "monitoring"), monitoring),
            },
            Spec = new()
            {
                Selector = new() { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
                PodMetricsEndpoints =
                [
                    .. metrics.Targets.Select(target => new PodMetricsEndpoint
                    {
                        Port = metrics.PortName,
                        Path = target.Path,
                        Params = target.Parameters.Count == 0 ? null : target.Parameters.ToDictionary(pair => pair.Key, pair => new List<string> { pair.Value }, StringComparer.Ordinal),
                        Interval = ScrapeInterval,
                        Relabelings = [new() { TargetLabel = KubernetesMetricsTarget.Label, Replacement = target.Name }],
                    }),
                ],
            },
        };
    }

    public static V1PrometheusRule? ToPrometheusRule(IReadOnlyList<Workload> workloads, KubernetesApplication application, KubernetesPublishingOptions.MonitoringOptions monitoring)
    {
        var alerted = workloads.Where(workload => workload.Alerts is { Alerts.Count: > 0 }).ToList();
        if (!monitoring.Enabled || alerted.Count == 0)
        {
            return null;
        }

        var name = KubernetesNames.AlertRulesName(application);
        return new V1PrometheusRule
        {
            Metadata = new()
            {
                Name = name,
                Labels = WithMonitoringLabels(KubernetesNames.Labels(application, name, "monitoring"), monitoring),
            },
            Spec = new()
            {
                Groups =
                [
                    .. alerted.Select(workload => new RuleGroup
                    {
                        Name = workload.Name,
                        Rules = [.. workload.Alerts!.Alerts.Select(alert => ToRule(alert, application))],
                    }),
                ],
            },
        };
    }

    private static AlertingRule ToRule(KubernetesAlert alert, KubernetesApplication application) => new()
    {
        Alert = alert.Name,
        Expr = alert.Expression.Replace(KubernetesAlertsAnnotation.NamespaceToken, application.Instance, StringComparison.Ordinal),
        For = alert.For,
        Labels = new(StringComparer.Ordinal) { ["severity"] = alert.Severity, ["namespace"] = application.Instance },
        Annotations = new(StringComparer.Ordinal) { ["summary"] = alert.Summary, ["description"] = alert.Description },
    };

    // Prometheus Operator picks PodMonitors and rules by label (kube-prometheus-stack: release=<its release>).
    private static Dictionary<string, string> WithMonitoringLabels(Dictionary<string, string> labels, KubernetesPublishingOptions.MonitoringOptions monitoring)
    {
        foreach (var (key, value) in monitoring.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }
}
