using k8s.Models;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// <c>--step push-kubernetes</c> and <c>--step deploy-kubernetes</c> (what <c>aspire deploy</c> runs), through the real
/// AppHost: the image built and pushed to a registry on 127.0.0.1, the manifests pinned to its digest, and a
/// deployment that stops before it changes anything when the registry or the cluster is missing.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class KubernetesDeployTests(FrontendImageFixture image) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await image.EnsureBuiltAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static readonly TimeSpan s_deployTimeout = TimeSpan.FromMinutes(5);

    // Not --clear-cache: before a deploy, Aspire would ask to confirm clearing its state, and wait for an answer.
    private static async Task<(int ExitCode, string Output)> RunStepAsync(string step, string output, IReadOnlyDictionary<string, string>? environment, params string[] settings) =>
        await AppHostProcess.TryAsync(
            Repository.Root,
            ["--operation", "publish", "--step", step, "--output-path", output, .. settings],
            environment,
            s_deployTimeout);

    [Fact]
    public async Task PushBuildsTheFrontendImageIntoTheRegistryAndPinsTheManifestsToItsDigest()
    {
        image.SkipWhenUnavailable();
        using var output = new TemporaryFolder("quoteaspire-push-");
        var tag = $"push-{Guid.NewGuid():N}"[..20];

        var (exitCode, log) = await RunStepAsync(
            "push-kubernetes",
            output.Path,
            // As a user behind a mirror would: MSBuild reads ContainerBaseImage from the environment.
            new Dictionary<string, string> { ["ContainerBaseImage"] = image.BaseImage },
            $"Kubernetes:ImageRegistry={image.Registry.Host}/team",
            $"Kubernetes:ImageTag={tag}");

        Assert.True(exitCode == 0, log);
        var digest = await image.Registry.DigestOfAsync("team/quote-frontend", tag);
        var frontend = PublishedManifests.Read(output.Path).Objects.Values.OfType<V1Deployment>().Single();
        Assert.Equal($"{image.Registry.Host}/team/quote-frontend@{digest}", Assert.Single(frontend.Spec.Template.Spec.Containers).Image);
    }

    [Fact]
    public async Task DeployWithoutARegistryStopsBeforeBuildingAnythingAndNamesTheSetting()
    {
        using var parent = new TemporaryFolder("quoteaspire-deploy-");
        var output = Path.Combine(parent.Path, "k8s");

        var (exitCode, log) = await RunStepAsync("deploy-kubernetes", output, environment: null);

        Assert.Equal(1, exitCode);
        Assert.Contains("Deploying needs Kubernetes:ImageRegistry", log, StringComparison.Ordinal);
        Assert.Contains("Nothing was built, pushed or changed.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet publish", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "No manifest was written.");
    }

    [Fact]
    public async Task DeployWithNoClusterAnsweringStopsBeforeBuildingAnythingAndSaysWhatToCheck()
    {
        image.SkipWhenUnavailable();
        Assert.SkipUnless(Aspire.Hosting.MachineProbes.FindProgram("kubectl") is not null, "kubectl is not on the PATH.");
        using var parent = new TemporaryFolder("quoteaspire-deploy-");
        var output = Path.Combine(parent.Path, "k8s");
        // A cluster at an address where nothing listens, as after `kind delete cluster` or with the VPN down.
        var kubeconfig = Path.Combine(parent.Path, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: https://127.0.0.1:1
            users:
            - name: deployer
              user:
                token: not-a-real-token
            contexts:
            - name: gone
              context:
                cluster: gone
                user: deployer
            current-context: gone
            """, TestContext.Current.CancellationToken);
        var tag = $"never-{Guid.NewGuid():N}"[..20];

        var (exitCode, log) = await RunStepAsync(
            "deploy-kubernetes",
            output,
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["ContainerBaseImage"] = image.BaseImage },
            $"Kubernetes:ImageRegistry={image.Registry.Host}/team",
            $"Kubernetes:ImageTag={tag}");

        Assert.Equal(1, exitCode);
        Assert.Contains("No Kubernetes cluster answers at kubectl's current context", log, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", log, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:KubeContext", log, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet publish", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "No manifest was written.");
        Assert.DoesNotContain(tag, await image.Registry.TagsOfAsync(image.Repository), StringComparison.Ordinal);
    }
}
