using k8s.Models;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.KubernetesDeploy;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// <c>--step push-kubernetes</c> and <c>--step deploy-kubernetes</c> (what <c>aspire deploy</c> runs), through the real
/// AppHost: the image built and pushed to a registry on 127.0.0.1, the manifests pinned to its digest, and a
/// deployment that stops before it changes anything when the registry or the cluster is missing, and the README's
/// one-command deploy run to its end against a recorded stand-in for kubectl.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KubernetesDeployTests(FrontendImageFixture image) : IAsyncLifetime
{
    /// <summary>How the README deploys (its "Deploy to Kubernetes"); the deploy test runs that command.</summary>
    public const string ReadmeDeployStart = "dotnet run --project QuoteAspire.AppHost -- --operation publish --step deploy-kubernetes";

    /// <summary>How the README reaches the deployed frontend, after the deploy.</summary>
    public const string ReadmePortForwardStart = "kubectl -n quoteaspire port-forward";

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
    public async Task TheReadmesDeployCommandPushesTheImageAppliesTheManifestsAndWaitsForEveryRollout()
    {
        image.SkipWhenUnavailable();
        using var kubectl = new KubectlStandIn();
        using var parent = new TemporaryFolder("quoteaspire-deploy-");
        var output = Path.Combine(parent.Path, "k8s");
        var tag = $"deploy-{Guid.NewGuid():N}"[..20];
        var readme = DocumentedCommands.Find(ReadmeDeployStart).Words;
        Assert.Equal(["dotnet", "run", "--project", "QuoteAspire.AppHost", "--"], readme.Take(5));
        // The README's arguments as a reader runs them from the repository's root; only where things go differs: the
        // registry (one on 127.0.0.1), the tag (the run's own), the output folder, and kubectl (the recorded stand-in).
        var args = DocumentedCommands.WithOption(readme.Skip(5).ToList(), "--output-path", output);
        args = DocumentedCommands.WithProperty(args, "Kubernetes:ImageRegistry", $"{image.Registry.Host}/team");
        args = DocumentedCommands.WithProperty(args, "Kubernetes:ImageTag", tag);

        var (exitCode, log) = await AppHostProcess.TryAsync(
            Repository.Root,
            [.. args, $"Kubernetes:Kubectl={kubectl.Program}"],
            new Dictionary<string, string> { ["ContainerBaseImage"] = image.BaseImage },
            s_deployTimeout);

        Assert.True(exitCode == 0, log);
        var published = PublishedManifests.Read(output).Objects.Values.ToList();
        var digest = await image.Registry.DigestOfAsync("team/quote-frontend", tag);
        var frontend = Assert.Single(published.OfType<V1Deployment>());
        Assert.Equal($"{image.Registry.Host}/team/quote-frontend@{digest}", Assert.Single(frontend.Spec.Template.Spec.Containers).Image);
        var calls = kubectl.Calls;
        Assert.StartsWith("apply -f", calls.First(call => call.Contains("apply", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Single(calls, call => call.StartsWith($"apply -k {output} --prune", StringComparison.Ordinal));
        string[] workloads =
        [
            .. published.OfType<V1Deployment>().Select(deployment => $"deployment/{deployment.Metadata.Name}"),
            .. published.OfType<V1StatefulSet>().Select(set => $"statefulset/{set.Metadata.Name}"),
        ];
        Assert.All(workloads, workload => Assert.Contains(calls, call => call.StartsWith($"-n quoteaspire rollout status {workload} ", StringComparison.Ordinal)));

        // The README's next line forwards a port of a Service in the namespace the deploy applied to.
        var forward = DocumentedCommands.In(DocumentedCommands.Readme).First(command => command.Text.StartsWith(ReadmePortForwardStart, StringComparison.Ordinal)).Words;
        var service = published.OfType<V1Service>().Single(service => $"service/{service.Metadata.Name}" == forward[4]);
        Assert.Equal("quoteaspire", Assert.Single(published.OfType<V1Namespace>()).Metadata.Name);
        Assert.Contains(service.Spec.Ports, port => $"{port.Port}" == forward[5].Split(':')[1]);
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
