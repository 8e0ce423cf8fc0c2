using Aspire.Hosting;
using k8s.Models;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>The published folder read by the tools a user would check it with: valid for the API server, buildable by kustomize.</summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class KubernetesOutputCheckedByToolsTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    /// <summary>Where the docs restore an older backup, and how that command starts: a test here runs it.</summary>
    public const string OlderBackupDocument = "docs/backup-restore.md";

    public const string OlderBackupCommandStart = "kubectl set env --local -f deploy/k8s/job-quote-store-restore.yaml";

    private static readonly string ValidatorDirectory = Path.Combine(Repository.Root, "tools", "k8s-validate");

    [Fact]
    public async Task EveryObjectValidatesAgainstTheKubernetesOpenApiSchemas()
    {
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules")) && MachineProbes.FindProgram("node") is not null,
            "The schema validator is not installed: run `npm ci --prefix tools/k8s-validate` (Node.js is needed).");

        var (exitCode, output) = await ExternalTool.RunAsync("node", Path.Combine(ValidatorDirectory, "validate.mjs"), published.OutputDirectory);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{published.Objects.Count} objects valid, 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePodMonitorAndPrometheusRuleValidateAgainstPrometheusOperatorsSchemas()
    {
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules")) && MachineProbes.FindProgram("node") is not null,
            "The schema validator is not installed: run `npm ci --prefix tools/k8s-validate` (Node.js is needed).");
        using var output = new TemporaryFolder("quoteaspire-k8s-validate-monitoring-");
        await KubernetesPublish.RunAsync(output.Path, "Kubernetes:Monitoring:Enabled=true", "Kubernetes:Monitoring:Labels:release=kube-prometheus-stack");
        var objects = PublishedManifests.Read(output.Path).Objects;
        Assert.Contains(objects.Values, item => item is QuoteAspire.Hosting.Kubernetes.V1PodMonitor);

        var (exitCode, text) = await ExternalTool.RunAsync("node", Path.Combine(ValidatorDirectory, "validate.mjs"), output.Path);

        Assert.True(exitCode == 0, text);
        Assert.Contains($"{objects.Count} objects valid, 0 invalid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KustomizeBuildsTheFolderIntoTheNamespace()
    {
        Assert.SkipUnless(MachineProbes.FindProgram("kubectl") is not null, "kubectl is not on the PATH: install it to check the kustomization.");

        var (exitCode, output) = await ExternalTool.RunAsync("kubectl", "kustomize", published.OutputDirectory);

        Assert.True(exitCode == 0, output);
        var built = k8s.KubernetesYaml.LoadAllFromString(output);
        // Everything but what holds data, applied on its own so that `kubectl delete -k` keeps it (the Namespace and the
        // backups' claim), and the restore, which an operator starts with `kubectl create -f`.
        Assert.Equal(published.Objects.Count - 3, built.Count);
        Assert.DoesNotContain(built, item => item is V1Namespace or V1PersistentVolumeClaim or V1Job);
        Assert.All(built.OfType<IMetadata<V1ObjectMeta>>(), item => Assert.Equal("quoteaspire", item.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task TheDocsCommandForAnOlderBackupSetsItOnARestoreJobThatStillGetsANameOfItsOwn()
    {
        Assert.SkipUnless(MachineProbes.FindProgram("kubectl") is not null, "kubectl is not on the PATH: install it to check the restore command.");

        // The page's `kubectl set env --local -f ... -o yaml | kubectl create -f -`, up to the pipe (the rest needs a
        // cluster), on the Job this class published rather than the page's deploy/k8s.
        var documented = DocumentedCommands.Find(OlderBackupCommandStart, OlderBackupDocument).Words.TakeWhile(word => word != "|").ToList();
        var file = DocumentedCommands.Property(documented, "BACKUP_FILE");
        var args = DocumentedCommands.WithOption(documented.Skip(1).ToList(), "-f", Path.Combine(published.OutputDirectory, "job-quote-store-restore.yaml"));
        var (exitCode, output) = await ExternalTool.RunAsync(documented[0], [.. args]);

        Assert.True(exitCode == 0, output);
        var job = k8s.KubernetesYaml.Deserialize<V1Job>(output);
        Assert.Equal((null, "quote-store-restore-"), (job.Metadata.Name, job.Metadata.GenerateName));
        Assert.Equal(file, Assert.Single(Assert.Single(job.Spec.Template.Spec.Containers).Env, variable => variable.Name == "BACKUP_FILE").Value);
    }

    [Fact]
    public async Task AKustomizeOverlaySwapsTheFrontendImage()
    {
        Assert.SkipUnless(MachineProbes.FindProgram("kubectl") is not null, "kubectl is not on the PATH: install it to check the kustomization.");
        using var overlay = new TemporaryFolder("quoteaspire-overlay-");
        File.WriteAllText(Path.Combine(overlay.Path, "kustomization.yaml"), $$"""
            resources:
              - {{Path.GetRelativePath(overlay.Path, published.OutputDirectory)}}
            images:
              - name: quote-frontend
                newName: registry.example.com/team/quote-frontend
                newTag: 1.0.1
            """);

        var (exitCode, output) = await ExternalTool.RunAsync("kubectl", "kustomize", overlay.Path);

        Assert.True(exitCode == 0, output);
        var frontend = Assert.Single(k8s.KubernetesYaml.LoadAllFromString(output).OfType<V1Deployment>());
        Assert.Equal("registry.example.com/team/quote-frontend:1.0.1", Assert.Single(frontend.Spec.Template.Spec.Containers).Image);
    }
}
