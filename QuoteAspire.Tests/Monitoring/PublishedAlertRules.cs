using Aspire.Hosting;
using k8s;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Monitoring;

/// <summary>The PrometheusRule a publish with <c>Kubernetes:Monitoring:Enabled=true</c> writes, and its groups as a rule file.</summary>
internal static class PublishedAlertRules
{
    /// <summary>The namespace the default publish uses, which the rules' expressions and labels name.</summary>
    public const string Namespace = "quoteaspire";

    /// <summary>Publishes into <paramref name="folder"/>/published and reads back the one PrometheusRule.</summary>
    public static async Task<V1PrometheusRule> PublishAsync(string folder, params string[] settings)
    {
        var published = Path.Combine(folder, "published");
        await KubernetesPublish.RunAsync(published, ["Kubernetes:Monitoring:Enabled=true", .. settings]);
        return Assert.Single(PublishedManifests.Read(published).Objects.Values.OfType<V1PrometheusRule>());
    }

    /// <summary>Writes the rule's groups as a Prometheus rule file (what promtool and Prometheus read); returns its path.</summary>
    public static async Task<string> WriteRuleFileAsync(V1PrometheusRule rule, string folder)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var path = Path.Combine(folder, "rules.yaml");
        await File.WriteAllTextAsync(path, KubernetesYaml.Serialize(rule.Spec));
        return path;
    }

    /// <summary>Skips the calling test when promtool (Debian's <c>prometheus</c> package) is missing.</summary>
    public static void SkipUnlessPromtool() =>
        Assert.SkipWhen(MachineProbes.FindProgram("promtool") is null, "promtool is not installed: apt-get install prometheus (.ci/run does).");
}
