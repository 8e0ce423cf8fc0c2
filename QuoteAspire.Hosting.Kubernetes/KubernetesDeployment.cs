using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using QuoteAspire.Shared;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Takes the app to a cluster: builds each project's image with the .NET SDK and pushes it to
/// <c>Kubernetes:ImageRegistry</c>, publishes the manifests with those images pinned by digest, applies them
/// with kubectl and waits for the rollout. Everything it needs is checked before anything is built or changed.
/// </summary>
internal sealed class KubernetesDeployment(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    KubernetesPublishingOptions options,
    ILogger logger)
{
    private static readonly TimeSpan s_clusterAnswerTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_rolloutTimeout = TimeSpan.FromMinutes(5);

    private const string NothingChanged = "Nothing was built, pushed or changed.";

    /// <summary>Builds and pushes the images, then writes the manifests pinned to them into <paramref name="outputDirectory"/>.</summary>
    public async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> PushAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        var registry = RequireRegistry();
        var images = await BuildAndPushAsync(registry, cancellationToken).ConfigureAwait(false);
        var (objects, _) = await new KubernetesPublisher(model, executionContext, options, images).PublishAsync(outputDirectory, cancellationToken).ConfigureAwait(false);
        return objects;
    }

    /// <summary><see cref="PushAsync"/>, then applies the manifests to the cluster and waits until every workload has rolled out.</summary>
    public async Task DeployAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        RequireRegistry();
        await RequireClusterAsync(cancellationToken).ConfigureAwait(false);
        var objects = await PushAsync(outputDirectory, cancellationToken).ConfigureAwait(false);

        // The Namespace first, then the claims of their own, each on its own: the kustomization leaves them out, so
        // that `kubectl delete -k` keeps the data (see KubernetesManifestWriter).
        foreach (var item in objects.Where(KubernetesManifestWriter.IsAppliedOnItsOwn).OrderBy(item => item is V1Namespace ? 0 : 1))
        {
            var file = Path.Combine(outputDirectory, KubernetesManifestWriter.FileName(item));
            string[] inNamespace = item is V1Namespace ? [] : ["-n", options.Namespace];
            await KubectlAsync([.. inNamespace, "apply", "-f", file], s_applyTimeout, $"apply the {item.Kind} {item.Metadata.Name}", cancellationToken).ConfigureAwait(false);
        }

        await KubectlAsync(["apply", "-k", outputDirectory], s_applyTimeout, "apply the manifests", cancellationToken).ConfigureAwait(false);
        foreach (var workload in objects.Where(item => item is V1Deployment or V1StatefulSet))
        {
            var target = $"{workload.Kind.ToLowerInvariant()}/{workload.Metadata.Name}";
            await KubectlAsync(
                ["-n", options.Namespace, "rollout", "status", target, $"--timeout={(int)s_rolloutTimeout.TotalSeconds}s"],
                s_rolloutTimeout + TimeSpan.FromSeconds(30),
                $"roll out {target}",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The registry's host and the path in it, from <c>Kubernetes:ImageRegistry</c>.</summary>
    private (string Host, string Path) RequireRegistry()
    {
        var registry = options.ImageRegistry.Trim().TrimEnd('/');
        if (registry.Length == 0)
        {
            throw new InvalidOperationException(
                "Deploying needs Kubernetes:ImageRegistry, the registry the cluster pulls images from, as host/path " +
                $"(for example Kubernetes:ImageRegistry=registry.example.com/team; log in with docker login or podman login first). {NothingChanged}");
        }

        var slash = registry.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (registry, string.Empty) : (registry[..slash], registry[(slash + 1)..]);
    }

    private async Task RequireClusterAsync(CancellationToken cancellationToken)
    {
        var answer = await ExternalCommand.RunAsync("kubectl", [.. ContextArguments, "version", "--request-timeout=10s"], s_clusterAnswerTimeout, logger, cancellationToken)
            .ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            var context = options.KubeContext.Length > 0 ? $"the context {options.KubeContext}" : "kubectl's current context";
            throw new InvalidOperationException(
                $"No Kubernetes cluster answers at {context}: {(answer.TimedOut ? $"no answer within {s_clusterAnswerTimeout.TotalSeconds:F0} s" : WhyNoAnswer(answer))}. " +
                $"{NothingChanged} Check `kubectl config current-context` and `kubectl get nodes`, or set Kubernetes:KubeContext.");
        }
    }

    // kubectl prints its own versions around the server's error; the error is what the reader needs.
    private static string WhyNoAnswer(BoundedProcess.Outcome answer) =>
        string.Join(' ', answer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("Client Version", StringComparison.Ordinal) && !line.StartsWith("Kustomize Version", StringComparison.Ordinal)));

    /// <summary>Builds and pushes every published project's image; returns each one's name pinned by digest.</summary>
    private async Task<IReadOnlyDictionary<string, string>> BuildAndPushAsync((string Host, string Path) registry, CancellationToken cancellationToken)
    {
        var reader = new WorkloadReader(model, executionContext, options);
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in model.Resources.OfType<ProjectResource>().Where(WorkloadReader.IsPublished))
        {
            var repository = registry.Path.Length > 0 ? $"{registry.Path}/{reader.ImageRepositoryOf(project)}" : reader.ImageRepositoryOf(project);
            // README step 1, with the digest of what was pushed asked back from the SDK.
            var build = await ExternalCommand.RunAsync(
                "dotnet",
                ["publish", project.GetProjectMetadata().ProjectPath, "-c", "Release", "/t:PublishContainer",
                 "-p", $"ContainerRegistry={registry.Host}", "-p", $"ContainerRepository={repository}", "-p", $"ContainerImageTags={options.ImageTag}",
                 "-getProperty:GeneratedContainerDigest"],
                s_buildTimeout,
                logger,
                cancellationToken).ConfigureAwait(false);
            var digest = build.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(line => line.StartsWith("sha256:", StringComparison.Ordinal));
            if (!build.Succeeded || digest is null)
            {
                throw new InvalidOperationException($"Building and pushing the image of {project.Name} to {registry.Host}/{repository} failed: {build.Tail}");
            }

            images[project.Name] = $"{registry.Host}/{repository}@{digest}";
            KubernetesPublisherLog.Pushed(logger, project.Name, images[project.Name]);
        }

        return images;
    }

    private IEnumerable<string> ContextArguments => options.KubeContext.Length > 0 ? ["--context", options.KubeContext] : [];

    private async Task KubectlAsync(IReadOnlyList<string> arguments, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var outcome = await ExternalCommand.RunAsync("kubectl", [.. ContextArguments, .. arguments], timeout, logger, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"kubectl could not {what}: {(outcome.TimedOut ? $"no end within {timeout.TotalSeconds:F0} s" : outcome.Tail)}");
        }
    }
}
