using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>
/// The publisher maps by rule, not by resource name: a different app model, with resources QuoteAspire
/// does not have, publishes too.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class GenericModelPublishingTests
{
    [Fact]
    public async Task ContainersReferencesSecretsAndWaitsOfAnotherModelPublishByRule()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-generic-");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = KubernetesPublish.Arguments(output.Path, "Parameters:archive-password=archive0secret0value"),
            DisableDashboard = true,
        });
        var password = builder.AddParameter("archive-password", secret: true);
        // No value anywhere: publishing must generate one.
        var token = builder.AddParameter("indexer-token", secret: true);
        var archive = builder.AddContainer("quote-archive", "docker.io/library/postgres", "17.6")
            .WithEndpoint(targetPort: 5432, name: "tcp", scheme: "tcp")
            .WithVolume("archive-data", "/var/lib/postgresql/data")
            .WithEnvironment("POSTGRES_PASSWORD", password);
        builder.AddContainer("quote-indexer", "docker.io/library/busybox", "1.37")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithEnvironment("ARCHIVE_URL", ReferenceExpression.Create($"postgres://indexer:{password}@{archive.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}/quotes"))
            .WithEnvironment("INDEXER_TOKEN", token)
            .WithReferenceRelationship(archive.Resource)
            .WaitFor(archive);
        builder.AddKubernetesPublishing();

        await using (var app = builder.Build())
        {
            await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(AppHostProcess.PublishTimeout, "the publish pipeline to finish");
        }

        var (files, objects) = PublishedManifests.Read(output.Path);
        var archiveSet = Assert.Single(objects.Values.OfType<V1StatefulSet>());
        Assert.Equal("quote-archive", archiveSet.Metadata.Name);
        Assert.Equal("/var/lib/postgresql/data", Assert.Single(Assert.Single(archiveSet.Spec.Template.Spec.Containers).VolumeMounts, m => m.Name == "data").MountPath);
        Assert.Equal("archive-password", Assert.Single(archiveSet.Spec.Template.Spec.Containers[0].Env, e => e.Name == "POSTGRES_PASSWORD").ValueFrom.SecretKeyRef.Name);

        var indexer = Assert.Single(objects.Values.OfType<V1Deployment>());
        var env = indexer.Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("postgres://indexer:$(SECRET_ARCHIVE_PASSWORD)@quote-archive:5432/quotes", Assert.Single(env, e => e.Name == "ARCHIVE_URL").Value);
        var wait = Assert.Single(indexer.Spec.Template.Spec.InitContainers);
        Assert.Contains("nc -z", ScriptCommand.Of(wait.Command).ArgumentLine, StringComparison.Ordinal);

        Assert.Equal(["quote-archive", "quote-indexer"], objects.Values.OfType<V1Service>().Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        var policy = Assert.Single(objects.Values.OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "quote-archive");
        Assert.Equal("quote-indexer", Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty).PodSelector.MatchLabels["app.kubernetes.io/name"]);
        var secrets = objects.Values.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name, secret => secret.StringData["value"]);
        Assert.Equal("archive0secret0value", secrets["archive-password"]);
        Assert.Matches("^[A-Za-z0-9]{32}$", secrets["indexer-token"]);
        Assert.Equal("indexer-token", Assert.Single(env, e => e.Name == "INDEXER_TOKEN").ValueFrom.SecretKeyRef.Name);
        Assert.All(secrets.Values, value => Assert.Single(files, file => file.Value.Contains(value, StringComparison.Ordinal)));
    }
}
