using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteAspire.Shared;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Takes the app to a cluster: checks that no live object would refuse the change, builds each project's image with the
/// .NET SDK and pushes it to <c>Kubernetes:ImageRegistry</c>, publishes the manifests with every image pinned by digest
/// (the containers' where their registry answers), applies them with kubectl, pruning what the app no longer publishes,
/// and waits for the rollout, undoing one that does not finish. Everything it needs is checked before anything is built or changed.
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
    public async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> PushAsync(string outputDirectory, CancellationToken cancellationToken) =>
        await PushAsync(outputDirectory, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> PushAsync(
        string outputDirectory, IReadOnlyDictionary<string, string> pinnedContainers, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? keptSecrets = null)
    {
        var registry = RequireRegistry();
        var images = new Dictionary<string, string>(pinnedContainers, StringComparer.Ordinal);
        foreach (var (project, image) in await BuildAndPushAsync(registry, cancellationToken).ConfigureAwait(false))
        {
            images[project] = image;
        }

        var (objects, _) = await new KubernetesPublisher(model, executionContext, options, images, keptSecrets).PublishAsync(outputDirectory, cancellationToken).ConfigureAwait(false);
        return objects;
    }

    /// <summary>
    /// Checks that nothing live would refuse the change, pins the containers' images by digest, builds and pushes as <see cref="PushAsync(string, CancellationToken)"/> does,
    /// applies the manifests (pruning what the app no longer publishes) and waits until every workload has rolled out,
    /// undoing a rollout that does not finish.
    /// </summary>
    public async Task DeployAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        RequireRegistry();
        await RequireClusterAsync(cancellationToken).ConfigureAwait(false);
        var planned = await new KubernetesPublisher(model, executionContext, options).BuildObjectsAsync(cancellationToken).ConfigureAwait(false);
        await RequireNoImmutableChangeAsync(planned, cancellationToken).ConfigureAwait(false);
        var kept = await LiveSecretsToKeepAsync(planned, cancellationToken).ConfigureAwait(false);
        var pinned = await PinContainerImagesAsync(cancellationToken).ConfigureAwait(false);
        var objects = await PushAsync(outputDirectory, pinned, cancellationToken, kept).ConfigureAwait(false);

        // The Namespace first, then the claims of their own, each on its own: the kustomization leaves them out, so
        // that `kubectl delete -k` keeps the data (see KubernetesManifestWriter).
        foreach (var item in objects.Where(KubernetesManifestWriter.IsAppliedOnItsOwn).OrderBy(item => item is V1Namespace ? 0 : 1))
        {
            var file = Path.Combine(outputDirectory, KubernetesManifestWriter.FileName(item));
            string[] inNamespace = item is V1Namespace ? [] : ["-n", options.Namespace];
            await KubectlAsync([.. inNamespace, "apply", "-f", file], s_applyTimeout, $"apply the {item.Kind} {item.Metadata.Name}", cancellationToken).ConfigureAwait(false);
        }

        // What an earlier deploy applied and this one no longer publishes goes: only objects with the app's label, and only
        // of the kinds the kustomization holds, so no claim (and no data), Namespace or operator's own object is pruned.
        await KubectlAsync(
            ["apply", "-k", outputDirectory, "--prune", "-l", $"{KubernetesNames.PartOfLabel}={options.Application}", .. PruneAllowlist(objects)],
            s_applyTimeout,
            "apply the manifests",
            cancellationToken).ConfigureAwait(false);
        foreach (var workload in objects.Where(item => item is V1Deployment or V1StatefulSet))
        {
            await RollOutAsync($"{workload.Kind.ToLowerInvariant()}/{workload.Metadata.Name}", cancellationToken).ConfigureAwait(false);
        }
    }

    // Each kind the kustomization lists, as kubectl names it (group/version/kind, core for the core group).
    private static IEnumerable<string> PruneAllowlist(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        objects
            .Where(item => !KubernetesManifestWriter.IsAppliedOnItsOwn(item) && !KubernetesManifestWriter.IsCreatedOnDemand(item))
            .Select(item => $"--prune-allowlist={(item.ApiVersion.Contains('/', StringComparison.Ordinal) ? item.ApiVersion : "core/" + item.ApiVersion)}/{item.Kind}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private async Task RollOutAsync(string target, CancellationToken cancellationToken)
    {
        var status = await ExternalCommand.RunAsync(
            options.Kubectl,
            [.. ContextArguments, "-n", options.Namespace, "rollout", "status", target, $"--timeout={(int)s_rolloutTimeout.TotalSeconds}s"],
            s_rolloutTimeout + TimeSpan.FromSeconds(30),
            logger,
            cancellationToken).ConfigureAwait(false);
        if (status.Succeeded)
        {
            return;
        }

        KubernetesPublisherLog.UndoingRollout(logger, target);
        var undo = await ExternalCommand.RunAsync(options.Kubectl, [.. ContextArguments, "-n", options.Namespace, "rollout", "undo", target], s_applyTimeout, logger, cancellationToken)
            .ConfigureAwait(false);
        throw new InvalidOperationException(
            $"The rollout of {target} did not finish within {s_rolloutTimeout.TotalSeconds:F0} s ({(status.TimedOut ? "no end" : status.Tail)}); " +
            (undo.Succeeded ? "it was undone to the previous revision (kubectl rollout undo). " : $"undoing it failed too ({undo.Tail}). ") +
            $"Look at `kubectl -n {options.Namespace} describe {target}` and its pods' events.");
    }

    /// <summary>
    /// Stops the deploy, before anything is built or applied, when a live object would refuse a change to a field
    /// Kubernetes keeps fixed, which would fail the apply halfway.
    /// </summary>
    private async Task RequireNoImmutableChangeAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> planned, CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        foreach (var item in planned.Where(item => item is V1StatefulSet or V1Deployment))
        {
            if (await LiveObjectJsonAsync(item.Kind, item.Metadata.Name, cancellationToken).ConfigureAwait(false) is not { } live)
            {
                continue;
            }

            var changed = item switch
            {
                V1StatefulSet set => ImmutableFields.Changed(KubernetesJson.Deserialize<V1StatefulSet>(live), set),
                V1Deployment deployment => ImmutableFields.Changed(KubernetesJson.Deserialize<V1Deployment>(live), deployment),
                _ => [],
            };
            refusals.AddRange(changed.Select(change => $"{item.Kind} {item.Metadata.Name}: {change}"));
        }

        if (refusals.Count > 0)
        {
            var sets = planned.OfType<V1StatefulSet>().Select(set => set.Metadata.Name).FirstOrDefault() ?? "NAME";
            throw new InvalidOperationException(
                $"Kubernetes cannot change these fields of live objects, and would refuse the apply halfway: {string.Join("; ", refusals)}. {NothingChanged} " +
                $"To go ahead and keep the data, delete the object but not its pods and claims: `kubectl -n {options.Namespace} delete statefulset {sets} --cascade=orphan`, " +
                "then deploy again; the new StatefulSet takes over the pods by their labels and the claims by their names. " +
                "A claim can instead grow in place where its StorageClass allows expansion: patch each PersistentVolumeClaim and keep StorageSize as it is live.");
        }
    }

    /// <summary>
    /// The values of the Secrets this publish would write that are already live with another value, to keep: a password
    /// generated on this machine (a fresh CI runner) would otherwise change the store's on every deploy, and roll every
    /// pod with it. <c>Kubernetes:ReplaceSecrets</c> replaces them instead: all (<c>true</c>), or those it names.
    /// </summary>
    private async Task<Dictionary<string, string>> LiveSecretsToKeepAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> planned, CancellationToken cancellationToken)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in planned.OfType<V1Secret>().Where(secret => !options.ReplacesSecret(secret.Metadata.Name)))
        {
            byte[]? bytes = null;
            if (await LiveObjectJsonAsync(secret.Kind, secret.Metadata.Name, cancellationToken).ConfigureAwait(false) is not { } live
                || KubernetesJson.Deserialize<V1Secret>(live).Data?.TryGetValue(SecretSource.ValueKey, out bytes) != true || bytes is null)
            {
                continue;
            }

            var value = System.Text.Encoding.UTF8.GetString(bytes);
            string? published = null;
            if (secret.StringData?.TryGetValue(SecretSource.ValueKey, out published) != true || value != published)
            {
                kept[secret.Metadata.Name] = value;
                KubernetesPublisherLog.KeptLiveSecret(logger, secret.Metadata.Name);
            }
        }

        return kept;
    }

    /// <summary>
    /// The live object of that kind and name in the namespace, as kubectl prints it in JSON; null when there is none.
    /// Never logged: a Secret's would print its value, and the others say nothing a refusal does not.
    /// </summary>
    private async Task<string?> LiveObjectJsonAsync(string kind, string name, CancellationToken cancellationToken)
    {
        var live = await ExternalCommand.RunAsync(
            options.Kubectl,
            [.. ContextArguments, "-n", options.Namespace, "get", kind.ToLowerInvariant(), name, "-o", "json", "--ignore-not-found"],
            s_clusterAnswerTimeout,
            NullLogger.Instance,
            cancellationToken).ConfigureAwait(false);
        return !live.Succeeded
            ? throw new InvalidOperationException($"kubectl could not read the live {kind} {name}: {live.Tail} {NothingChanged}")
            : string.IsNullOrWhiteSpace(live.Output) ? null : live.Output;
    }

    /// <summary>
    /// The digest each published container's image (and each sidecar's) names now, by resource name and by image: the
    /// manifests then run the same bytes on every node, whatever the tag names later. One that cannot be resolved keeps
    /// its tag, and the log says so.
    /// </summary>
    private async Task<Dictionary<string, string>> PinContainerImagesAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = s_clusterAnswerTimeout };
        var digests = new RegistryDigests(http);
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        var containers = model.Resources.OfType<ContainerResource>().Where(WorkloadReader.IsPublished).ToList();
        var images = containers
            .Select(container => (Key: container.Name, Image: container.TryGetLastAnnotation<ContainerImageAnnotation>(out var image) && string.IsNullOrEmpty(image.SHA256)
                ? $"{(string.IsNullOrEmpty(image.Registry) ? image.Image : $"{image.Registry}/{image.Image}")}:{image.Tag ?? KubernetesDefaults.ImageTag}"
                : null))
            .Concat(containers.SelectMany(container => container.Annotations.OfType<KubernetesSidecarAnnotation>()).Select(sidecar => (Key: sidecar.Image ?? string.Empty, sidecar.Image)))
            .Where(entry => entry.Image is not null && entry.Key.Length > 0)
            .ToList();
        var resolved = new Dictionary<string, (string? Pinned, string? Why)>(StringComparer.Ordinal);
        foreach (var (key, image) in images)
        {
            if (!resolved.TryGetValue(image!, out var answer))
            {
                answer = resolved[image!] = await digests.PinAsync(image!, cancellationToken).ConfigureAwait(false);
                if (answer.Pinned is { } done)
                {
                    KubernetesPublisherLog.Pinned(logger, image!, done);
                }
                else
                {
                    KubernetesPublisherLog.NotPinned(logger, image!, answer.Why ?? "no answer");
                }
            }

            if (answer.Pinned is { } reference)
            {
                pinned[key] = reference;
            }
        }

        return pinned;
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
        var answer = await ExternalCommand.RunAsync(options.Kubectl, [.. ContextArguments, "version", "--request-timeout=10s"], s_clusterAnswerTimeout, logger, cancellationToken)
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
        var outcome = await ExternalCommand.RunAsync(options.Kubectl, [.. ContextArguments, .. arguments], timeout, logger, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"kubectl could not {what}: {(outcome.TimedOut ? $"no end within {timeout.TotalSeconds:F0} s" : outcome.Tail)}");
        }
    }
}
