using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Reads the app model into <see cref="Workload"/>s by rule: projects become Deployments; containers
/// with a schedule become CronJobs, those an operator runs on demand Jobs; containers that hold data (volumes, or a connection string such as
/// Redis) become StatefulSets; other containers become Deployments. Everything is rendered as a publish-mode evaluation would, by a
/// <see cref="ValueRenderer"/> that knows only the ports: the reader asks, the renderer answers.
/// </summary>
internal sealed class WorkloadReader(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    KubernetesPublishingOptions options,
    IReadOnlyDictionary<string, string>? pinnedImages = null)
{
    public async Task<IReadOnlyList<Workload>> ReadAsync(CancellationToken cancellationToken)
    {
        var resources = model.Resources.Where(IsPublished).ToList();

        // Every port first: a value of one resource may name the endpoint of another.
        var ports = resources.ToDictionary(
            resource => resource.Name,
            resource => resource is IResourceWithEndpoints withEndpoints ? PortsOf(withEndpoints) : [],
            StringComparer.Ordinal);
        var renderer = new ValueRenderer(ports);

        var workloads = new Dictionary<string, Workload>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            workloads[resource.Name] = await ReadAsync(resource, resources, ports[resource.Name], renderer, cancellationToken).ConfigureAwait(false);
        }

        // Waits last, from the workloads already read, so no resource is evaluated twice.
        return [.. resources.Select(resource => workloads[resource.Name] with { WaitsFor = WaitTargetsOf(resource, workloads) })];
    }

    /// <summary>Whether <paramref name="resource"/> runs on the cluster: a project or container not left out of publishing.</summary>
    public static bool IsPublished(IResource resource) =>
        resource is ProjectResource or ContainerResource
        && !(resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var manifest) && manifest.Callback is null);

    private async Task<Workload> ReadAsync(
        IResource resource, List<IResource> published, IReadOnlyList<WorkloadPort> ports, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var (environment, environmentSecrets) = await ReadEnvironmentAsync(resource, renderer, cancellationToken).ConfigureAwait(false);
        var (args, argumentSecrets) = await ReadArgsAsync(resource, renderer, cancellationToken).ConfigureAwait(false);
        // A variable for each secret whose $(VAR) the values use.
        var helpers = environmentSecrets.Concat(argumentSecrets).Distinct(StringComparer.Ordinal)
            .Select(secret => new EnvironmentEntry(ValueRenderer.SecretVariableName(secret), null, SecretKeyOf(secret)));

        var job = resource.Annotations.OfType<KubernetesJobAnnotation>().LastOrDefault();
        var volumes = VolumesOf(resource, job);
        var kind = job is KubernetesScheduleAnnotation ? WorkloadKind.CronJob
            : job is KubernetesOnDemandJobAnnotation ? WorkloadKind.Job
            : resource is ContainerResource && (volumes.Count > 0 || resource is IResourceWithConnectionString) ? WorkloadKind.StatefulSet
            : WorkloadKind.Deployment;
        var peers = kind == WorkloadKind.StatefulSet && resource.Annotations.OfType<KubernetesPeersAnnotation>().LastOrDefault() is { } peering
            ? new WorkloadPeers(peering.Replicas, RequirePorts(resource, ports, peering.ClientEndpoints), peering.MinReadySeconds)
            : null;
        var sidecars = resource.Annotations.OfType<KubernetesSidecarAnnotation>()
            .Select(sidecar => new WorkloadSidecar(sidecar.Name, sidecar.Command, RequirePorts(resource, ports, sidecar.Endpoints), sidecar.ProbeCommand, sidecar.SharesVolumes)
            {
                ProbePath = sidecar.ProbePath,
                // A deploy pins a sidecar's own image by the image's name.
                Image = sidecar.Image is { } own ? pinnedImages?.GetValueOrDefault(own) ?? own : null,
            })
            .ToList();
        var metrics = resource.Annotations.OfType<KubernetesMetricsAnnotation>().LastOrDefault() is { } scraped
            ? new WorkloadMetrics(RequirePorts(resource, ports, [scraped.EndpointName])[0], scraped.Targets)
            : null;

        return new Workload(
            resource.Name,
            kind,
            ImageOf(resource),
            resource is ContainerResource { Entrypoint: { Length: > 0 } entrypoint } ? [entrypoint] : null,
            args,
            // Variables read from Secrets come first: Kubernetes expands $(VAR) only from earlier entries.
            [.. helpers, .. WithTelemetryExport(resource, environment)],
            ports,
            volumes,
            HttpProbesOf(resource),
            [.. resource.Annotations.OfType<KubernetesExecProbeAnnotation>().Select(probe => new ExecProbe([.. probe.Types.Select(KindOf)], [.. probe.Command]))],
            [],
            [.. published.Where(other => Uses(other, resource)).Select(other => other.Name)],
            SettingsOf(resource))
        {
            Peers = peers,
            Sidecars = sidecars,
            Metrics = metrics,
            Alerts = resource.Annotations.OfType<KubernetesAlertsAnnotation>().LastOrDefault(),
            PlannedStop = resource.Annotations.OfType<KubernetesPlannedStopAnnotation>().LastOrDefault() is { } stop
                ? new WorkloadPlannedStop(stop.PreStopCommand, stop.GracePeriodSeconds)
                : null,
            Schedule = (job as KubernetesScheduleAnnotation)?.Schedule,
            ServiceTypeConfigured = options.Resources.GetValueOrDefault(resource.Name)?.ServiceType is not null,
        };
    }

    private static IReadOnlyList<string> RequirePorts(IResource resource, IReadOnlyList<WorkloadPort> ports, IEnumerable<string> endpointNames) =>
        [.. endpointNames.Select(name => ports.Any(port => port.Name == name)
            ? name
            : throw new InvalidOperationException($"'{resource.Name}' has no endpoint '{name}' to publish."))];

    /// <summary>
    /// With <c>Kubernetes:Otlp:Endpoint</c> set, a resource that exports OpenTelemetry (Aspire's OTLP exporter, as every
    /// project with the service defaults) sends it there: Aspire gives a published resource no endpoint (it knows only
    /// its own dashboard), so its telemetry would go nowhere. Its service name and resource attributes come with it.
    /// </summary>
    private IReadOnlyList<EnvironmentEntry> WithTelemetryExport(IResource resource, IReadOnlyList<EnvironmentEntry> environment)
    {
        if (options.Otlp.Endpoint.Length == 0 || !resource.Annotations.OfType<OtlpExporterAnnotation>().Any())
        {
            return environment;
        }

        EnvironmentEntry[] telemetry =
        [
            new("OTEL_EXPORTER_OTLP_ENDPOINT", options.Otlp.Endpoint, null),
            new("OTEL_EXPORTER_OTLP_PROTOCOL", options.Otlp.Protocol, null),
            new("OTEL_SERVICE_NAME", resource.Name, null),
            new("OTEL_RESOURCE_ATTRIBUTES", $"service.namespace={options.Application},k8s.namespace.name={options.Namespace}", null),
        ];
        return [.. environment.Where(entry => !telemetry.Any(added => added.Name == entry.Name)), .. telemetry];
    }

    /// <summary>The variables of <paramref name="resource"/>, and the secrets their values reference.</summary>
    private async Task<(IReadOnlyList<EnvironmentEntry> Entries, IEnumerable<string> Secrets)> ReadEnvironmentAsync(IResource resource, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(executionContext, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var entries = new List<EnvironmentEntry>();
        var secrets = new List<string>();
        foreach (var (name, value) in values)
        {
            if (value is ParameterResource { Secret: true } secret)
            {
                // A whole secret is read from its Secret by key, not through a variable.
                entries.Add(new EnvironmentEntry(name, null, SecretKeyOf(secret.Name)));
                continue;
            }

            var rendered = await RenderAsync(renderer, value, $"the variable {name} of '{resource.Name}'", cancellationToken).ConfigureAwait(false);
            entries.Add(new EnvironmentEntry(name, rendered.Text, null));
            secrets.AddRange(rendered.Secrets);
        }

        return (entries, secrets);
    }

    /// <summary>The arguments of <paramref name="resource"/>, and the secrets they reference.</summary>
    private async Task<(IReadOnlyList<string> Args, IEnumerable<string> Secrets)> ReadArgsAsync(IResource resource, ValueRenderer renderer, CancellationToken cancellationToken)
    {
        var values = new List<object>();
        var context = new CommandLineArgsCallbackContext(values, resource, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var args = new List<string>();
        var secrets = new List<string>();
        foreach (var value in values)
        {
            var rendered = await RenderAsync(renderer, value, $"an argument of '{resource.Name}'", cancellationToken).ConfigureAwait(false);
            args.Add(rendered.Text);
            secrets.AddRange(rendered.Secrets);
        }

        return (args, secrets);
    }

    private static async Task<RenderedValue> RenderAsync(ValueRenderer renderer, object value, string where, CancellationToken cancellationToken)
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
    private SecretKey SecretKeyOf(string secretName) => options.ExistingSecret is { Length: > 0 } existing
        ? new SecretKey(existing, secretName)
        : new SecretKey(secretName, SecretSource.ValueKey);

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

    // A StatefulSet's claim templates are named after where they are mounted; a job mounts claims by the volume's name.
    private static IReadOnlyList<WorkloadVolume> VolumesOf(IResource resource, KubernetesJobAnnotation? job) =>
        [.. resource.Annotations.OfType<ContainerMountAnnotation>().Select(mount => mount.Type == ContainerMountType.Volume
            ? job is null
                ? new WorkloadVolume(KubernetesNames.VolumeName(mount.Target), mount.Target)
                : new WorkloadVolume(KubernetesNames.ObjectName(mount.Source!), mount.Target, job.ExistingClaims.Contains(mount.Source!))
            : throw new NotSupportedException($"'{resource.Name}' mounts the host folder '{mount.Source}', which a cluster does not have; use a volume."))];

    private static IReadOnlyList<HttpProbe> HttpProbesOf(IResource resource) =>
        [.. resource.Annotations.OfType<EndpointProbeAnnotation>().Select(probe => new HttpProbe(
            KindOf(probe.Type),
            probe.Path,
            probe.EndpointReference.EndpointName,
            // The API server accepts only "HTTP" and "HTTPS", in capitals.
            string.Equals(probe.EndpointReference.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? "HTTPS" : "HTTP",
            // Aspire leaves a timing it was not given at 0: the publisher's default then applies.
            new ProbeTimings(
                probe.PeriodSeconds > 0 ? probe.PeriodSeconds : null,
                probe.TimeoutSeconds > 0 ? probe.TimeoutSeconds : null,
                probe.FailureThreshold > 0 ? probe.FailureThreshold : null,
                probe.InitialDelaySeconds > 0 ? probe.InitialDelaySeconds : null)))];

    private static ProbeKind KindOf(ProbeType type) => type switch
    {
        ProbeType.Startup => ProbeKind.Startup,
        ProbeType.Readiness => ProbeKind.Readiness,
        ProbeType.Liveness => ProbeKind.Liveness,
        _ => throw new NotSupportedException($"The probe type {type} has no Kubernetes counterpart."),
    };

    private static IReadOnlyList<WaitTarget> WaitTargetsOf(IResource resource, Dictionary<string, Workload> workloads) =>
        [.. resource.Annotations.OfType<WaitAnnotation>()
            .Select(wait => (Resource: wait.Resource, Workload: workloads.GetValueOrDefault(wait.Resource.Name)))
            .Where(waited => waited.Workload is { Ports.Count: > 0 })
            .Select(waited =>
            {
                var check = waited.Resource.Annotations.OfType<KubernetesAnswerCheckAnnotation>().LastOrDefault();
                return new WaitTarget(
                    waited.Workload!.Name,
                    // The port of the Service the waiting resource reaches it by.
                    waited.Workload.ServicePorts.First().ServicePort,
                    check is null ? KubernetesDefaults.PortWaitImage : waited.Workload.Image,
                    check?.Command,
                    // The check runs with the waited resource's own secrets (its password, say), not its helpers: those it
                    // names, when it names them.
                    check is null ? [] : [.. waited.Workload.Environment.Where(entry =>
                        entry.FromSecret is not null && !ValueRenderer.IsSecretVariable(entry.Name)
                        && (check.SecretVariables is not { } named || named.Contains(entry.Name, StringComparer.Ordinal)))]);
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
            PriorityClassName = options.PriorityClassName is { Length: > 0 } priorityClass ? priorityClass : null,
        };
        return byKind.OverriddenBy(clusterWide).OverriddenBy(fromModel).OverriddenBy(fromAppHost).OverriddenBy(fromConfiguration);
    }
}
