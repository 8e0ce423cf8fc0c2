using Aspire.Hosting;
using k8s.Models;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.AppHost.QuoteStore.Monitoring;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>What a cluster's Prometheus gets: an exporter in each store pod, and, when asked for, the monitors and alerts.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class MonitoringManifestTests(PublishedManifests manifests) : IClassFixture<PublishedManifests>
{
    [Fact]
    public void EachStorePodRunsTheUpstreamExporterOnAPortNamedMetricsWithTheStoresPassword()
    {
        var pod = manifests.Named<V1StatefulSet>("quote-store").Spec.Template.Spec;
        var exporter = Assert.Single(pod.Containers, container => container.Name == RedisExporterExtensions.ExporterContainer);

        Assert.Equal(QuoteStoreOptions.DefaultExporterImage.ToString(), exporter.Image);
        var port = Assert.Single(exporter.Ports);
        Assert.Equal(("metrics", 9121), (port.Name, port.ContainerPort));
        Assert.Contains("--redis.addr=redis://localhost:6379", exporter.Command);
        // The exporter reads REDIS_PASSWORD itself: the same Secret key as the store's own container.
        var password = Assert.Single(exporter.Env, variable => variable.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        var storePassword = Assert.Single(pod.Containers[0].Env, variable => variable.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        Assert.Equal((storePassword.Name, storePassword.Key), (password.Name, password.Key));
        // Its image has no shell: its health page is its probe.
        Assert.Equal(("/health", "metrics"), (exporter.ReadinessProbe.HttpGet.Path, exporter.ReadinessProbe.HttpGet.Port.Value));
        Assert.True(exporter.SecurityContext.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void TheStoresServicesOfferNoMetricsPortSincePrometheusScrapesEachPod()
    {
        foreach (var service in manifests.All<V1Service>().Where(service => service.Metadata.Name.StartsWith("quote-store", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(service.Spec.Ports, port => port.Name == RedisExporterExtensions.MetricsEndpointName);
        }
    }

    [Fact]
    public async Task TheStoresNetworkPolicyAdmitsPrometheusToTheMetricsPortOnlyAndOnlyFromItsNamespaceWhenNamed()
    {
        static (V1NetworkPolicyIngressRule Clients, V1NetworkPolicyIngressRule Metrics) Rules(IEnumerable<object> objects)
        {
            var rules = Assert.Single(objects.OfType<V1NetworkPolicy>(), policy => policy.Metadata.Name == "quote-store").Spec.Ingress;
            return (
                Assert.Single(rules, rule => rule.Ports.All(port => port.Port.Value != "metrics")),
                Assert.Single(rules, rule => rule.Ports.Any(port => port.Port.Value == "metrics")));
        }

        var (clients, metrics) = Rules(manifests.Objects.Values);
        Assert.Equal(["metrics"], metrics.Ports.Select(port => port.Port.Value));
        // Any namespace's Prometheus, by default: an empty namespace selector.
        Assert.Null(Assert.Single(metrics.FromProperty).NamespaceSelector.MatchLabels);
        Assert.All(clients.FromProperty, peer => Assert.Null(peer.NamespaceSelector));

        using var output = new TemporaryFolder("quoteaspire-k8s-monitoring-ns-");
        await KubernetesPublish.RunAsync(output.Path, "Kubernetes:Monitoring:Namespace=monitoring");
        (_, metrics) = Rules(PublishedManifests.Read(output.Path).Objects.Values);
        Assert.Equal("monitoring", Assert.Single(metrics.FromProperty).NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void WithoutMonitoringEnabledNoPrometheusOperatorKindIsPublished()
    {
        Assert.Empty(manifests.All<V1PodMonitor>());
        Assert.Empty(manifests.All<V1PrometheusRule>());
    }

    [Fact]
    public async Task MonitoringEnabledPublishesTheStoresPodMonitorAndTheAppsAlertsWithTheLabelsPrometheusSelects()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-monitoring-");
        await KubernetesPublish.RunAsync(output.Path, "Kubernetes:Monitoring:Enabled=true", "Kubernetes:Monitoring:Labels:release=kube-prometheus-stack");
        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();

        var monitor = Assert.Single(objects.OfType<V1PodMonitor>());
        Assert.Equal("quote-store", monitor.Metadata.Name);
        Assert.Equal("kube-prometheus-stack", monitor.Metadata.Labels["release"]);
        var storePods = Assert.Single(objects.OfType<V1StatefulSet>()).Spec.Template.Metadata.Labels;
        Assert.All(monitor.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, storePods[label.Key]));
        Assert.Collection(
            monitor.Spec.PodMetricsEndpoints,
            data => Assert.Equal(("metrics", "/metrics", "data"), (data.Port, data.Path, Assert.Single(data.Relabelings!).Replacement)),
            sentinel =>
            {
                Assert.Equal(("metrics", "/scrape", "sentinel"), (sentinel.Port, sentinel.Path, Assert.Single(sentinel.Relabelings!).Replacement));
                Assert.Equal("redis://localhost:26379", Assert.Single(sentinel.Params!["target"]));
            });

        var rules = Assert.Single(objects.OfType<V1PrometheusRule>());
        Assert.Equal("kube-prometheus-stack", rules.Metadata.Labels["release"]);
        var alerts = rules.Spec.Groups.ToDictionary(group => group.Name, group => group.Rules.Select(rule => rule.Alert).ToList());
        Assert.Equal(["QuoteStoreNoPrimary", "QuoteStoreMemoryNearlyFull", "QuoteStoreFailoverStuck", "QuoteStoreReplicaLinkDown"], alerts["quote-store"]);
        Assert.Equal(["QuoteStoreBackupsStale"], alerts["quote-store-backup"]);
        Assert.Equal(["QuoteFrontendServerErrors"], alerts["quote-frontend"]);
        // Every expression is about this namespace's pods: the token is gone.
        Assert.All(rules.Spec.Groups.SelectMany(group => group.Rules), rule =>
        {
            Assert.DoesNotContain("$namespace", rule.Expr, StringComparison.Ordinal);
            Assert.Equal("quoteaspire", rule.Labels["namespace"]);
        });
    }

    [Fact]
    public async Task ASingleNodeStoreIsScrapedWithoutASentinelAndAlertedWithoutReplicaRules()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-monitoring-single-");
        await KubernetesPublish.RunAsync(output.Path, "Kubernetes:Monitoring:Enabled=true", "QuoteStore:HighAvailability=false");
        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();

        var endpoint = Assert.Single(Assert.Single(objects.OfType<V1PodMonitor>()).Spec.PodMetricsEndpoints);
        Assert.Equal("/metrics", endpoint.Path);
        var store = Assert.Single(Assert.Single(objects.OfType<V1PrometheusRule>()).Spec.Groups, group => group.Name == "quote-store");
        Assert.Equal(["QuoteStoreNoPrimary", "QuoteStoreMemoryNearlyFull"], store.Rules.Select(rule => rule.Alert));
        // The store's Service still names the data port first, which QUOTE_STORE_SERVICE_PORT reads.
        var service = Assert.Single(objects.OfType<V1Service>(), service => service.Metadata.Name == "quote-store");
        Assert.Equal(6379, Assert.Single(service.Spec.Ports).Port);
    }
}
