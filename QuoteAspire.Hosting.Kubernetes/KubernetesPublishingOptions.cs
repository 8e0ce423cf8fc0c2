using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using QuoteAspire.Hosting.Kubernetes;

namespace Aspire.Hosting;

/// <summary>
/// Publish-time settings: the app's defaults (<see cref="KubernetesBuilderExtensions.AddKubernetesPublishing"/>),
/// overridden by the configuration section <c>Kubernetes</c>.
/// </summary>
public sealed class KubernetesPublishingOptions
{
    /// <summary>The configuration section that overrides these settings.</summary>
    public const string SectionName = "Kubernetes";

    /// <summary>The namespace every object goes into; empty for one named as <see cref="Application"/>.</summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The registry of the project images, such as <c>ghcr.io/you</c>; empty for none.</summary>
    public string ImageRegistry { get; set; } = string.Empty;

    /// <summary>The tag of the project images.</summary>
    public string ImageTag { get; set; } = KubernetesDefaults.ImageTag;

    /// <summary>The StorageClass of every volume claim, unless a resource names its own; empty for the cluster's default.</summary>
    public string StorageClass { get; set; } = string.Empty;

    /// <summary>The Secret every pod pulls its images with (a registry login); empty for none.</summary>
    public string ImagePullSecret { get; set; } = string.Empty;

    /// <summary>The PriorityClass of every pod, unless a resource names its own; empty for the cluster's default priority.</summary>
    public string PriorityClassName { get; set; } = string.Empty;

    /// <summary>The kubectl context a deployment applies to; empty for kubectl's current context.</summary>
    public string KubeContext { get; set; } = string.Empty;

    /// <summary>
    /// Which Secrets found live on the cluster a deployment replaces with this publish's values: <c>true</c> for all of
    /// them, or their names, separated by commas (the steps of a password rotation name the ones they change); empty
    /// keeps every live value, so a deploy from a machine that never saw the generated password (a fresh CI runner)
    /// changes nothing.
    /// </summary>
    public string ReplaceSecrets { get; set; } = string.Empty;

    /// <summary>Whether <see cref="ReplaceSecrets"/> says to replace the live Secret <paramref name="name"/>.</summary>
    public bool ReplacesSecret(string name) =>
        bool.TryParse(ReplaceSecrets.Trim(), out var all)
            ? all
            : ReplaceSecrets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    /// <summary>The kubectl a deployment runs: <c>kubectl</c> on the PATH, or a path to another.</summary>
    public string Kubectl { get; set; } = "kubectl";

    /// <summary>
    /// A Secret made outside the publisher (by an operator or a secret manager) that holds every secret parameter
    /// under a key of the parameter's name; empty to have the publisher write one Secret per parameter.
    /// </summary>
    public string ExistingSecret { get; set; } = string.Empty;

    /// <summary>An Ingress in front of the exposed workloads; none when <see cref="IngressOptions.Host"/> is empty.</summary>
    public IngressOptions Ingress { get; set; } = new();

    /// <summary>Where the workloads that export OpenTelemetry send it; none when <see cref="OtlpOptions.Endpoint"/> is empty.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>The application name in <c>app.kubernetes.io/part-of</c>; by default the AppHost's name as a Kubernetes name.</summary>
    public string Application { get; set; } = string.Empty;

    /// <summary>The tool named in <c>app.kubernetes.io/managed-by</c>; by default the AppHost's name.</summary>
    public string ManagedBy { get; set; } = string.Empty;

    /// <summary>Per-resource overrides, by resource name, over what the app sets with <c>WithKubernetesSettings</c>.</summary>
    public Dictionary<string, KubernetesResourceSettings> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether Prometheus Operator objects are published too; none when <see cref="MonitoringOptions.Enabled"/> is false.</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>The <c>Kubernetes:Monitoring</c> settings.</summary>
    public sealed class MonitoringOptions
    {
        /// <summary>
        /// <c>Kubernetes:Monitoring:Enabled</c>: publish a PodMonitor for each workload with metrics and a PrometheusRule
        /// with the app's alerts. Off by default: the kinds exist only where Prometheus Operator is installed.
        /// </summary>
        public bool Enabled { get; set; }

        /// <summary>
        /// <c>Kubernetes:Monitoring:Namespace</c>: where Prometheus runs, the only namespace the metrics ports admit; any
        /// namespace when empty. The ports are open to it whether or not the monitors are published.
        /// </summary>
        public string Namespace { get; set; } = string.Empty;

        /// <summary><c>Kubernetes:Monitoring:Labels:&lt;key&gt;</c>: labels the Prometheus picks its monitors and rules by, such as <c>release</c>.</summary>
        public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The <c>Kubernetes:Otlp</c> settings.</summary>
    public sealed class OtlpOptions
    {
        /// <summary>The collector's OTLP address, such as <c>http://otel-collector.observability:4317</c>; empty to export nothing.</summary>
        public string Endpoint { get; set; } = string.Empty;

        /// <summary>The OTLP protocol the collector speaks there: <c>grpc</c>, or <c>http/protobuf</c>.</summary>
        public string Protocol { get; set; } = "grpc";
    }

    /// <summary>The <c>Kubernetes:Ingress</c> settings.</summary>
    public sealed class IngressOptions
    {
        /// <summary>The host name clients use, such as <c>quotes.example.com</c>.</summary>
        public string Host { get; set; } = string.Empty;

        /// <summary>The IngressClass (nginx, traefik, ...); empty for the cluster's default.</summary>
        public string ClassName { get; set; } = string.Empty;

        /// <summary>A TLS Secret for <see cref="Host"/>; empty for plain http.</summary>
        public string TlsSecret { get; set; } = string.Empty;

        /// <summary>
        /// The namespace of the Ingress controller, the only one whose pods an exposed workload's NetworkPolicy admits
        /// behind an Ingress; empty to admit pods of any namespace (still none from outside the cluster).
        /// </summary>
        public string ControllerNamespace { get; set; } = string.Empty;
    }

    /// <summary>
    /// What <see cref="From"/> would refuse in <paramref name="configuration"/>, one problem each with its key and what it
    /// accepts, or none: for an AppHost that lists these with the problems of its own settings.
    /// </summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="appHostName">The AppHost's name.</param>
    /// <param name="defaults">The app's own defaults.</param>
    /// <returns>The problems; empty when the settings are right.</returns>
    public static IReadOnlyList<string> ProblemsOf(IConfiguration configuration, string appHostName, Action<KubernetesPublishingOptions>? defaults)
    {
        try
        {
            From(configuration, appHostName, defaults);
            return [];
        }
        catch (OptionsValidationException problems)
        {
            return [.. problems.Failures];
        }
    }

    /// <summary>
    /// The settings in effect: those the AppHost named <paramref name="appHostName"/> sets with
    /// <paramref name="defaults"/>, then those of the configuration section <c>Kubernetes</c>, checked by
    /// <see cref="KubernetesPublishingOptionsValidator"/>.
    /// </summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="appHostName">The AppHost's name, which names the application unless <paramref name="defaults"/> does.</param>
    /// <param name="defaults">The app's own defaults.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="OptionsValidationException">
    /// Settings are wrong, values the binder cannot convert among them: the exception lists each, with its key and what it accepts.
    /// </exception>
    public static KubernetesPublishingOptions From(IConfiguration configuration, string appHostName, Action<KubernetesPublishingOptions>? defaults)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(appHostName);

        var options = new KubernetesPublishingOptions { Application = KubernetesNames.ToDns1123Label(appHostName), ManagedBy = appHostName };
        defaults?.Invoke(options);
        var section = configuration.GetSection(SectionName);
        var unconvertible = KubernetesPublishingOptionsValidator.UnconvertibleValues(section);
        if (unconvertible.Count > 0)
        {
            // The binder throws at the first value it cannot convert: bind the rest without them, so every other
            // problem is found too.
            var left = section.AsEnumerable().Where(setting => !unconvertible.ContainsKey(setting.Key));
            section = new ConfigurationBuilder().AddInMemoryCollection(left).Build().GetSection(SectionName);
        }

        section.Bind(options);
        foreach (var resource in section.GetSection(nameof(Resources)).GetChildren())
        {
            options.Resources[resource.Key] = resource.Get<KubernetesResourceSettings>() ?? new();
        }

        if (options.Namespace.Length == 0)
        {
            options.Namespace = options.Application;
        }

        var validation = new KubernetesPublishingOptionsValidator().Validate(Options.DefaultName, options);
        string[] failures = [.. unconvertible.Values, .. validation.Failed ? validation.Failures : []];
        return failures.Length == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(KubernetesPublishingOptions), failures);
    }
}
