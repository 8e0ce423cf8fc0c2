using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.KubernetesMapping;

/// <summary>
/// An app model built in memory, in publish mode, and mapped to the objects the publisher would write:
/// no AppHost process, no files.
/// </summary>
public static class InMemoryPublish
{
    /// <summary>Building the model is quick; the bound only keeps a broken one from hanging the run.</summary>
    private static readonly TimeSpan s_mappingTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The objects of the model that <paramref name="model"/> adds, with configuration <paramref name="settings"/> (<c>Key=Value</c>).</summary>
    public static async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> ObjectsAsync(Action<IDistributedApplicationBuilder> model, params string[] settings)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", .. settings],
            DisableDashboard = true,
        });
        model(builder);

        await using var app = builder.Build();
        var options = KubernetesPublishingOptions.From(app.Services.GetRequiredService<IConfiguration>(), "Mapping.AppHost", kubernetes => kubernetes.Application = "shop");
        var publisher = new KubernetesPublisher(
            app.Services.GetRequiredService<DistributedApplicationModel>(),
            app.Services.GetRequiredService<DistributedApplicationExecutionContext>(),
            options);
        return await publisher.BuildObjectsAsync(TestContext.Current.CancellationToken).WaitAsync(s_mappingTimeout, "the in-memory model to be mapped");
    }

    /// <summary>The one object of that kind and name; for an on-demand Job, whose runs get generated names, the name's prefix.</summary>
    public static T Named<T>(this IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(objects.OfType<T>(), item => (item.Metadata.Name ?? item.Metadata.GenerateName?.TrimEnd('-')) == name);
}
