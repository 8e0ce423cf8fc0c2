using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Shapes of workload beyond the publisher's rules: replicating peers, sidecars and scheduled jobs.</summary>
public static class KubernetesWorkloadShapeExtensions
{
    /// <summary>Publishes the store as <paramref name="replicas"/> peers (see <see cref="KubernetesPeersAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="replicas">How many pods replicate among themselves.</param>
    /// <param name="clientEndpoints">The endpoints clients reach through the resource's Service.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesPeers<T>(this IResourceBuilder<T> builder, int replicas, params string[] clientEndpoints) where T : ContainerResource =>
        builder.WithKubernetesPeers(new KubernetesPeersAnnotation(replicas, clientEndpoints));

    /// <summary>Runs the resource as the peers <paramref name="peers"/> describes.</summary>
    public static IResourceBuilder<T> WithKubernetesPeers<T>(this IResourceBuilder<T> builder, KubernetesPeersAnnotation peers) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(peers);

        return builder.WithAnnotation(peers, ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Runs <paramref name="preStopCommand"/> in the main container before a planned stop, within
    /// <paramref name="gracePeriodSeconds"/> for it and the shutdown.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesPlannedStop<T>(this IResourceBuilder<T> builder, int gracePeriodSeconds, params string[] preStopCommand) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(preStopCommand);

        return builder.WithAnnotation(new KubernetesPlannedStopAnnotation(preStopCommand, gracePeriodSeconds), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Adds a container to each pod of the resource (see <see cref="KubernetesSidecarAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="sidecar">Its name, command, endpoints and probe.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesSidecar<T>(this IResourceBuilder<T> builder, KubernetesSidecarAnnotation sidecar) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sidecar);

        return builder.WithAnnotation(sidecar, ResourceAnnotationMutationBehavior.Append);
    }

    /// <summary>Has Prometheus scrape the resource's pods when monitoring is published (see <see cref="KubernetesMetricsAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="endpointName">The endpoint that serves the metrics.</param>
    /// <param name="targets">What each scrape asks there.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesMetrics<T>(this IResourceBuilder<T> builder, string endpointName, params KubernetesMetricsTarget[] targets) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);

        return builder.WithAnnotation(new KubernetesMetricsAnnotation(endpointName, targets), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Adds alerts about the resource to the published PrometheusRule (see <see cref="KubernetesAlertsAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="alerts">The alerts; those of an earlier call are kept.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesAlerts<T>(this IResourceBuilder<T> builder, params KubernetesAlert[] alerts) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(alerts);

        var earlier = builder.Resource.Annotations.OfType<KubernetesAlertsAnnotation>().LastOrDefault()?.Alerts ?? [];
        return builder.WithAnnotation(new KubernetesAlertsAnnotation([.. earlier, .. alerts]), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Publishes the container as a CronJob (see <see cref="KubernetesScheduleAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="schedule">When it runs, in cron syntax.</param>
    /// <param name="existingClaims">Volumes that name claims the operator made, which the publisher must not write.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesSchedule<T>(this IResourceBuilder<T> builder, string schedule, params string[] existingClaims) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);

        return builder.WithAnnotation(new KubernetesScheduleAnnotation(schedule, existingClaims), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Publishes the container as a Job that runs only when an operator creates it, with <c>kubectl create -f</c> of its
    /// file (see <see cref="KubernetesOnDemandJobAnnotation"/>): never on a schedule, never by an apply.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="existingClaims">Volumes that name claims the operator made, which the publisher must not write.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesOnDemandJob<T>(this IResourceBuilder<T> builder, params string[] existingClaims) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.WithAnnotation(new KubernetesOnDemandJobAnnotation(existingClaims), ResourceAnnotationMutationBehavior.Replace);
    }
}
