using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>
/// The <c>Kubernetes</c> section, bound by generated code and checked as a whole: every wrong value is listed with its
/// key, values of the wrong kind among them, rather than the binder throwing at the first.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubernetesSettingsValidationTests
{
    [Fact]
    public void EveryWrongSettingIsListedValuesOfTheWrongKindAmongThem()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kubernetes:Namespace"] = "Quotes_Prod",
                ["Kubernetes:Monitoring:Enabled"] = "yes",
                ["Kubernetes:Resources:web:Replicas"] = "2.5",
                ["Kubernetes:Resources:web:ServiceType"] = "nodeport",
                ["Kubernetes:Resources:web:MemoryLimit"] = "256Mi",
            })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => KubernetesPublishingOptions.From(configuration, "Shop.AppHost", defaults: null));

        Assert.Equal(
            [
                "Kubernetes:Monitoring:Enabled is 'yes'; use true or false.",
                "Kubernetes:Resources:web:Replicas is '2.5'; use a whole number.",
                "Kubernetes:Namespace is 'Quotes_Prod'; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.",
                "Kubernetes:Resources:web:ServiceType is 'nodeport'; use one of: ClusterIP, NodePort, LoadBalancer.",
            ],
            error.Failures);
    }

    [Fact]
    public void EveryResourceSettingIsBoundByTheGeneratedBinder()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kubernetes:Monitoring:Enabled"] = "true",
                ["Kubernetes:Monitoring:Labels:release"] = "prometheus",
                ["Kubernetes:Resources:web:Replicas"] = "3",
                ["Kubernetes:Resources:web:RunAsUser"] = "1654",
                ["Kubernetes:Resources:web:ServiceType"] = "NodePort",
                ["Kubernetes:Resources:web:MemoryLimit"] = "256Mi",
            })
            .Build();

        var options = KubernetesPublishingOptions.From(configuration, "Shop.AppHost", defaults: null);

        var web = options.Resources["web"];
        Assert.Equal((3, 1654L, "NodePort", "256Mi"), (web.Replicas, web.RunAsUser, web.ServiceType, web.MemoryLimit));
        Assert.True(options.Monitoring.Enabled);
        Assert.Equal("prometheus", options.Monitoring.Labels["release"]);
        Assert.Equal(("shop-apphost", "shop-apphost"), (options.Application, options.Namespace));
    }
}
