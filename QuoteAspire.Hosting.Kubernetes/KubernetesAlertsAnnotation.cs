namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Alerts about the resource, one group of the app's PrometheusRule (Prometheus Operator) when
/// <c>Kubernetes:Monitoring:Enabled</c> is true. Each expression may write <see cref="NamespaceToken"/> where the
/// namespace the app is published into belongs.
/// </summary>
public sealed class KubernetesAlertsAnnotation(IReadOnlyList<KubernetesAlert> alerts) : IResourceAnnotation
{
    /// <summary>Replaced in each expression by the namespace (<c>Kubernetes:Namespace</c>).</summary>
    public const string NamespaceToken = "$namespace";

    /// <summary>The alerts, in the order the rule group lists them.</summary>
    public IReadOnlyList<KubernetesAlert> Alerts { get; } = alerts;
}

/// <summary>One alerting rule: it fires once <see cref="Expression"/> has returned series for <see cref="For"/> (such as <c>2m</c>).</summary>
/// <param name="Name">The alert's name, in PascalCase as Prometheus alerts are named.</param>
/// <param name="Expression">The PromQL expression.</param>
/// <param name="For">How long the expression must hold before the alert fires.</param>
/// <param name="Severity">The <c>severity</c> label: <c>critical</c> pages, <c>warning</c> waits for working hours.</param>
/// <param name="Summary">One line for the page.</param>
/// <param name="Description">What it means and what to do, in the README's words.</param>
public sealed record KubernetesAlert(string Name, string Expression, string For, string Severity, string Summary, string Description);
