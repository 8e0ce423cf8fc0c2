using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

// Prometheus Operator's kinds, which k8s.Models does not type: only the fields the publisher writes, named as the
// operator's CRDs name them (tools/k8s-validate checks them against those schemas).

/// <summary>A <c>monitoring.coreos.com/v1</c> PodMonitor: which pods Prometheus scrapes, on which port and path.</summary>
internal sealed class V1PodMonitor : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = PrometheusOperator.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PodMonitor";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PodMonitorSpec Spec { get; set; } = new();
}

internal sealed class PodMonitorSpec
{
    [JsonPropertyName("selector")]
    public V1LabelSelector Selector { get; set; } = new();

    [JsonPropertyName("podMetricsEndpoints")]
    public List<PodMetricsEndpoint> PodMetricsEndpoints { get; set; } = [];
}

internal sealed class PodMetricsEndpoint
{
    [JsonPropertyName("port")]
    public string Port { get; set; } = string.Empty;

    [JsonPropertyName("path")]
    public string Path { get; set; } = "/metrics";

    [JsonPropertyName("params")]
    public Dictionary<string, List<string>>? Params { get; set; }

    [JsonPropertyName("interval")]
    public string? Interval { get; set; }

    [JsonPropertyName("relabelings")]
    public List<RelabelConfig>? Relabelings { get; set; }
}

/// <summary>A relabeling that sets <see cref="TargetLabel"/> to <see cref="Replacement"/> on every series of the target.</summary>
internal sealed class RelabelConfig
{
    [JsonPropertyName("targetLabel")]
    public string TargetLabel { get; set; } = string.Empty;

    [JsonPropertyName("replacement")]
    public string Replacement { get; set; } = string.Empty;
}

/// <summary>A <c>monitoring.coreos.com/v1</c> PrometheusRule: alerting rules Prometheus loads.</summary>
internal sealed class V1PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = PrometheusOperator.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PrometheusRule";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PrometheusRuleSpec Spec { get; set; } = new();
}

/// <summary>The <c>groups</c> of a PrometheusRule: the same shape as a Prometheus rule file, which promtool reads.</summary>
internal sealed class PrometheusRuleSpec
{
    [JsonPropertyName("groups")]
    public List<RuleGroup> Groups { get; set; } = [];
}

internal sealed class RuleGroup
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("rules")]
    public List<AlertingRule> Rules { get; set; } = [];
}

internal sealed class AlertingRule
{
    [JsonPropertyName("alert")]
    public string Alert { get; set; } = string.Empty;

    [JsonPropertyName("expr")]
    public string Expr { get; set; } = string.Empty;

    [JsonPropertyName("for")]
    public string For { get; set; } = string.Empty;

    [JsonPropertyName("labels")]
    public Dictionary<string, string> Labels { get; set; } = [];

    [JsonPropertyName("annotations")]
    public Dictionary<string, string> Annotations { get; set; } = [];
}

internal static class PrometheusOperator
{
    public const string ApiVersion = "monitoring.coreos.com/v1";

    /// <summary>The kinds by <c>apiVersion/kind</c>, for reading them back with <c>KubernetesYaml.LoadAllFromString</c>.</summary>
    public static IDictionary<string, Type> TypeMap { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [$"{ApiVersion}/PodMonitor"] = typeof(V1PodMonitor),
        [$"{ApiVersion}/PrometheusRule"] = typeof(V1PrometheusRule),
    };
}
