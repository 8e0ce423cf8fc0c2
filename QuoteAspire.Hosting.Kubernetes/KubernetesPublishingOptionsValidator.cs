using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.Kubernetes;

namespace Aspire.Hosting;

/// <summary>
/// Checks the <c>Kubernetes</c> settings that would otherwise publish manifests a cluster refuses, and lists each one
/// that is wrong with its key and what it accepts.
/// </summary>
public sealed class KubernetesPublishingOptionsValidator : IValidateOptions<KubernetesPublishingOptions>
{
    private static readonly string[] s_serviceTypes = [KubernetesDefaults.ClusterIP, "NodePort", "LoadBalancer"];
    private static readonly string[] s_otlpProtocols = ["grpc", "http/protobuf"];

    private const string Section = KubernetesPublishingOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KubernetesPublishingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        foreach (var (key, value) in new[] { (nameof(options.Namespace), options.Namespace), (nameof(options.Application), options.Application) })
        {
            if (!KubernetesNames.IsDns1123Label(value))
            {
                failures.Add($"{Section}:{key} is '{value}'; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.");
            }
        }

        if (!s_otlpProtocols.Contains(options.Otlp.Protocol, StringComparer.Ordinal))
        {
            failures.Add($"{Section}:{nameof(options.Otlp)}:{nameof(options.Otlp.Protocol)} is '{options.Otlp.Protocol}'; use one of: {string.Join(", ", s_otlpProtocols)}.");
        }

        foreach (var (resource, settings) in options.Resources)
        {
            if (settings.ServiceType is { } serviceType && !s_serviceTypes.Contains(serviceType, StringComparer.Ordinal))
            {
                failures.Add($"{Section}:{nameof(options.Resources)}:{resource}:{nameof(settings.ServiceType)} is '{serviceType}'; use one of: {string.Join(", ", s_serviceTypes)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The values of <paramref name="section"/> that the binder cannot convert to their properties' types, by key, each
    /// with what it accepts: the binder itself throws at the first, so they are looked for before it runs.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> UnconvertibleValues(IConfigurationSection section)
    {
        var problems = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Check(IConfigurationSection setting, Func<string, bool> converts, string accepts)
        {
            if (setting.Value is { Length: > 0 } value && !converts(value))
            {
                problems[setting.Path] = $"{setting.Path} is '{value}'; {accepts}.";
            }
        }

        var monitoring = section.GetSection(nameof(KubernetesPublishingOptions.Monitoring));
        Check(monitoring.GetSection(nameof(KubernetesPublishingOptions.MonitoringOptions.Enabled)), value => bool.TryParse(value, out _), "use true or false");
        foreach (var resource in section.GetSection(nameof(KubernetesPublishingOptions.Resources)).GetChildren())
        {
            foreach (var count in new[] { nameof(KubernetesResourceSettings.Replicas), nameof(KubernetesResourceSettings.MaxReplicas), nameof(KubernetesResourceSettings.TargetCpuUtilization) })
            {
                Check(resource.GetSection(count), value => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "use a whole number");
            }

            Check(resource.GetSection(nameof(KubernetesResourceSettings.RunAsUser)), value => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "use a user id, a whole number");
        }

        return problems;
    }
}
