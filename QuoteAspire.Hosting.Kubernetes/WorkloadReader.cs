using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Reads the app model into <see cref="Workload"/>s by rule: projects become Deployments; containers
/// that hold data (volumes, or a connection string such as Redis) become StatefulSets; other
/// containers become Deployments. Everything is rendered as a publish-mode evaluation would.
/// </summary>
internal sealed class WorkloadReader(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    KubernetesPublishingOptions options,
    IReadOnlyDictionary<string, string>? pinnedImages = null)
{
    private readonly Dictionary<string, IReadOnlyList<WorkloadPort>> _ports = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Workload>> ReadAsync(ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var resources = model.Resources.Where(IsPublished).ToList();

        // Every port first: a value of one resource may name the endpoint of another.
        foreach (var resource in resources)
        {
            _ports[resource.Name] = resource is IResourceWithEndpoints withEndpoints ? PortsOf(withEndpoints) : [];
        }

        var workloads = new Dictionary<string, Workload>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            workloads[resource.Name] = await ReadAsync(resource, resources, renderer, cancellationToken).ConfigureAwait(false);
        }

        // Waits last, from the workloads already read, so no resource is evaluated twice.
        return [.. resources.Select(resource => workloads[resource.Name] with { WaitsFor = WaitTargetsOf(resource, workloads) })];
    }

    /// <summary>The port an endpoint maps to, for <see cref="ValueRenderer"/>.</summary>
    public WorkloadPort PortOf(EndpointReference endpoint) =>
        _ports.GetValueOrDefault(endpoint.Resource.Name)?.FirstOrDefault(port => port.Name == endpoint.EndpointName)
            ?? throw new InvalidOperationException($"'{endpoint.Resource.Name}' has no published endpoint '{endpoint.EndpointName}'.");

    /// <summary>Whether <paramref name="resource"/> runs on the cluster: a project or container not left out of publishing.</summary>
    public static bool IsPublished(IResource resource) =>
        resource is ProjectResource or ContainerResource
        && !(resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var manifest) && manifest.Callback is null);

    private async Task<Workload> ReadAsync(IResource resource, List<IResource> published, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var environment = await ReadEnvironmentAsync(resource, renderer, cancellationToken).ConfigureAwait(false);
        var args = await ReadArgsAsync(resource, renderer, cancellationToken).ConfigureAwait(false);
        var helpers = SecretsReferencedIn(environment, args, renderer)
            .Select(secret => new EnvironmentEntry(ValueRenderer.SecretVariableName(secret), null, SecretKeyOf(secret)));

        var volumes = VolumesOf(resource);
        var kind = resource is ContainerResource && (volumes.Count > 0 || resource is IResourceWithConnectionString)
            ? WorkloadKind.StatefulSet
            : WorkloadKind.Deployment;

        return new Workload(
            resource.Name,
            kind,
            ImageOf(resource),
            resource is ContainerResource { Entrypoint: { Length: > 0 } entrypoint } ? [entrypoint] : null,
            args,
            // Variables read from Secrets come first: Kubernetes expands $(VAR) only from earlier entries.
            [.. helpers, .. environment],
            _ports[resource.Name],
            volumes,
            HttpProbesOf(resource),
            [.. resource.Annotations.OfType<KubernetesExecProbeAnnotation>()],
            [],
            [.. published.Where(other => Uses(other, resource)).Select(other => other.Name)],
            SettingsOf(resource));
    }

    /// <summary>The secrets whose <c>$(VAR)</c> this workload's values use, so it must define those variables.</summary>
    private static IEnumerable<ParameterResource> SecretsReferencedIn(IReadOnlyList<EnvironmentEntry> environment, IReadOnlyList<string> args, ValueRenderer renderer) =>
        renderer.SecretsUsed.Where(secret =>
        {
            var reference = $"$({ValueRenderer.SecretVariableName(secret)})";
            return args.Any(arg => arg.Contains(reference, StringComparison.Ordinal))
                || environment.Any(entry => entry.Value?.Contains(reference, StringComparison.Ordinal) == true);
        });

    private async Task<IReadOnlyList<EnvironmentEntry>> ReadEnvironmentAsync(IResource resource, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(executionContext, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var entries = new List<EnvironmentEntry>();
        foreach (var (name, value) in values)
        {
            entries.Add(value is ParameterResource { Secret: true } secret
                ? new EnvironmentEntry(name, null, SecretKeyOf(secret))
                : new EnvironmentEntry(name, await RenderAsync(renderer, value, $"the variable {name} of '{resource.Name}'", cancellationToken).ConfigureAwait(false), null));
        }

        return entries;
    }

    private async Task<IReadOnlyList<string>> ReadArgsAsync(IResource resource, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var values = new List<object>();
        var context = new CommandLineArgsCallbackContext(values, resource, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var args = new List<string>();
        foreach (var value in values)
        {
            args.Add(await RenderAsync(renderer, value, $"an argument of '{resource.Name}'", cancellationToken).ConfigureAwait(false));
        }

        return args;
    }

    private static async Task<string> RenderAsync(ValueRenderer renderer, object value, string where, CancellationToken cancellationToken)
    {
        try
        {
            return await renderer.RenderAsync(value, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException exception)
        {
            throw new InvalidOperationException($"Cannot publish {where} to Kubernetes: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Where a secret parameter's value is read from: the Secret the publisher writes for it, or, with
    /// <c>Kubernetes:ExistingSecret</c>, the key named after the parameter in a Secret made elsewhere.
    /// </summary>
    private SecretKey SecretKeyOf(ParameterResource secret) => options.ExistingSecret is { Length: > 0 } existing
        ? new SecretKey(existing, secret.Name)
        : new SecretKey(secret.Name, SecretSource.ValueKey);

    private string ImageOf(IResource resource)
    {
        if (pinnedImages?.GetValueOrDefault(resource.Name) is { } pinned)
        {
            return pinned;
        }

        if (resource is ProjectResource)
        {
            var repository = ImageRepositoryOf(resource);
            var registry = options.ImageRegistry.TrimEnd('/');
            return $"{(registry.Length > 0 ? registry + "/" : string.Empty)}{repository}:{options.ImageTag}";
        }

        if (!resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var image))
        {
            throw new InvalidOperationException($"The container '{resource.Name}' names no image.");
        }

        var name = string.IsNullOrEmpty(image.Registry) ? image.Image : $"{image.Registry}/{image.Image}";
        return image.SHA256 is { Length: > 0 } digest ? $"{name}@sha256:{digest}" : $"{name}:{image.Tag ?? KubernetesDefaults.ImageTag}";
    }

    /// <summary>The repository of a project's image, without the registry: <c>ImageRepository</c>, else the resource's name.</summary>
    public string ImageRepositoryOf(IResource resource) => SettingsOf(resource).ImageRepository ?? resource.Name;

    private static IReadOnlyList<WorkloadPort> PortsOf(IResourceWithEndpoints resource) =>
        [.. resource.Annotations.OfType<EndpointAnnotation>()
            // A project's https endpoint is Aspire's local-development default: the .NET image serves
            // plain http on one port, and TLS belongs at the ingress.
            .Where(endpoint => !(resource is ProjectResource && endpoint.UriScheme == "https"))
            .Select(endpoint =>
            {
                var containerPort = endpoint.TargetPort
                    ?? (resource is ProjectResource ? KubernetesDefaults.ProjectContainerPort : endpoint.Port)
                    ?? throw new InvalidOperationException($"The endpoint '{endpoint.Name}' of '{resource.Name}' has no port to publish.");
                return new WorkloadPort(endpoint.Name, containerPort, endpoint.Port ?? containerPort);
            })];

    private static IReadOnlyList<WorkloadVolume> VolumesOf(IResource resource) =>
        [.. resource.Annotations.OfType<ContainerMountAnnotation>().Select(mount => mount.Type == ContainerMountType.Volume
            ? new WorkloadVolume(KubernetesNames.VolumeName(mount.Target), mount.Target)
            : throw new NotSupportedException($"'{resource.Name}' mounts the host folder '{mount.Source}', which a cluster does not have; use a volume."))];

    private static IReadOnlyList<HttpProbe> HttpProbesOf(IResource resource) =>
        [.. resource.Annotations.OfType<EndpointProbeAnnotation>().Select(probe => new HttpProbe(
            probe.Type,
            probe.Path,
            probe.EndpointReference.EndpointName,
            // The API server accepts only "HTTP" and "HTTPS", in capitals.
            string.Equals(probe.EndpointReference.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? "HTTPS" : "HTTP",
            probe))];

    private static IReadOnlyList<WaitTarget> WaitTargetsOf(IResource resource, Dictionary<string, Workload> workloads) =>
        [.. resource.Annotations.OfType<WaitAnnotation>()
            .Select(wait => (Resource: wait.Resource, Workload: workloads.GetValueOrDefault(wait.Resource.Name)))
            .Where(waited => waited.Workload is { Ports.Count: > 0 })
            .Select(waited =>
            {
                var check = waited.Resource.Annotations.OfType<KubernetesAnswerCheckAnnotation>().LastOrDefault();
                return new WaitTarget(
                    waited.Workload!.Name,
                    waited.Workload.Ports[0].ServicePort,
                    check is null ? KubernetesDefaults.PortWaitImage : waited.Workload.Image,
                    check?.ShellCommand,
                    // The check runs with the waited resource's own secrets (its password, say), not its helpers.
                    check is null ? [] : [.. waited.Workload.Environment.Where(entry => entry.FromSecret is not null && !ValueRenderer.IsSecretVariable(entry.Name))]);
            })];

    /// <summary>Whether <paramref name="client"/> references or waits for <paramref name="server"/>.</summary>
    private static bool Uses(IResource client, IResource server) =>
        client.Annotations.OfType<ResourceRelationshipAnnotation>().Any(relation => relation.Resource == server && relation.Type == "Reference")
        || client.Annotations.OfType<WaitAnnotation>().Any(wait => wait.Resource == server);

    private KubernetesResourceSettings SettingsOf(IResource resource)
    {
        var byKind = resource is ProjectResource ? KubernetesDefaults.Settings with { RunAsUser = KubernetesDefaults.DotNetImageUser } : KubernetesDefaults.Settings;
        // WithReplicas says how many run locally; a cluster runs as many, unless the Kubernetes settings say otherwise.
        var fromModel = new KubernetesResourceSettings { Replicas = resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas };
        var fromAppHost = resource.Annotations.OfType<KubernetesSettingsAnnotation>().LastOrDefault()?.Settings ?? new();
        var fromConfiguration = options.Resources.GetValueOrDefault(resource.Name) ?? new();
        var clusterWide = new KubernetesResourceSettings
        {
            StorageClass = options.StorageClass is { Length: > 0 } storageClass ? storageClass : null,
            ImagePullSecret = options.ImagePullSecret is { Length: > 0 } pullSecret ? pullSecret : null,
        };
        return byKind.OverriddenBy(clusterWide).OverriddenBy(fromModel).OverriddenBy(fromAppHost).OverriddenBy(fromConfiguration);
    }
}
