using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>
/// Adds a Redis-compatible store wherever its settings (<see cref="RedisStoreOptions"/>) and the machine say it runs: one
/// server, as Aspire's Redis container, redis-server or Garnet, or a replicated set with Sentinels, as programs, as
/// containers, or, published, as the pods of a StatefulSet.
/// </summary>
public static class RedisStoreBuilderExtensions
{
    /// <summary>The setting through which Aspire is told which container runtime to drive.</summary>
    public const string ContainerRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";

    /// <summary>Appended to the single store's data folder for the replicated set's: the two never share files.</summary>
    public const string ReplicatedDataSuffix = "-replicated";

    /// <summary>
    /// Chooses where the store of <paramref name="settings"/> runs, asking the machine only when the setting leaves it
    /// open, and refuses a replicated store on a host that cannot fail over.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings ask for what this machine cannot run; the message says what to change.</exception>
    public static RedisStoreHostChoice ChooseRedisStoreHost(this IDistributedApplicationBuilder builder, RedisStoreOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);

        // Every setting was checked before the model was built, so a wrong value fails every run, publishing included;
        // what is left to refuse depends on the host, which only the machine can tell.
        var publishing = builder.ExecutionContext.IsPublishMode;
        var environment = MachineProbes.ForThisMachine(builder.Configuration[ContainerRuntimeKey]);
        var choice = RedisStoreHostSelector.Choose(settings.RequestedHost, publishing, environment, settings.StoreImage, settings);
        if (settings.IsReplicated(publishing))
        {
            RedisStoreHostSelector.EnsureHostCanReplicate(settings, choice);
        }

        return choice;
    }

    /// <summary>
    /// Adds a Redis-protocol store named <paramref name="name"/> that requires <paramref name="password"/>, on the host of
    /// <paramref name="choice"/> (<see cref="ChooseRedisStoreHost"/>): one server, or with <see cref="RedisStoreOptions.HighAvailability"/>
    /// a primary, two replicas and three Sentinels. Whichever runs, clients get the same kind of connection string, and
    /// the data outlives the run: in the data folder locally, in named volumes in containers, on claims when published.
    /// A store in containers gets the Redis exporter, and, published, the alerts <paramref name="alerts"/> gives for its
    /// name, whether it is replicated, and its number of data nodes.
    /// </summary>
    /// <returns>The store, with a <see cref="RedisStoreHostAnnotation"/> saying where it runs, which it logs as it starts.</returns>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisStore(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> password,
        RedisStoreOptions settings,
        RedisStoreHostChoice choice,
        Func<string, bool, int, IEnumerable<KubernetesAlert>>? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(choice);

        var highAvailability = settings.IsReplicated(builder.ExecutionContext.IsPublishMode);
        var appendFsync = settings.AppendFsyncPolicy;
        var maxMemory = settings.MaxMemorySize;
        var image = settings.StoreImage;
        var exporterImage = settings.StoreExporterImage;
        var dataVolume = settings.DataVolumeFor(name);
        var dataDirectory = settings.DataDirectoryFor(builder.AppHostDirectory, name, choice.Host);

        if (choice.ContainerRuntime is { } runtime && string.IsNullOrWhiteSpace(builder.Configuration[ContainerRuntimeKey]))
        {
            // Aspire asks Docker unless told otherwise; tell it which runtime answered, or a Podman machine never starts the store.
            builder.Configuration[ContainerRuntimeKey] = runtime;
        }

        var (store, dataLocation) = (choice.Host, highAvailability) switch
        {
            (RedisStoreHost.RedisServer, true) => (
                builder.AddReplicatedRedisServerExecutables(name, password, dataDirectory + ReplicatedDataSuffix, appendFsync, maxMemory).Resource,
                $"a folder per node in {dataDirectory + ReplicatedDataSuffix}"),
            (RedisStoreHost.Container, true) when builder.ExecutionContext.IsPublishMode => (
                builder.AddReplicatedRedisForKubernetes(name, password, image, dataVolume, appendFsync, maxMemory)
                    .WithRedisExporter(exporterImage, RedisReplicatedContainerResource.DataPort, RedisReplicatedContainerResource.SentinelPort)
                    .WithPublishedAlerts(alerts, replicated: true, ReplicatedStoreKubernetesExtensions.Peers)
                    .Resource,
                $"a volume claim per peer, {dataVolume}"),
            (RedisStoreHost.Container, true) => (
                builder.AddReplicatedRedisContainers(name, password, image, dataVolume, dataDirectory + ReplicatedDataSuffix, appendFsync, maxMemory).Resource,
                $"a volume per node, {ReplicatedStoreContainerExtensions.NodeVolume(dataVolume, 0)} and on"),
            (RedisStoreHost.Container, false) => (
                (IResourceWithConnectionString)builder.AddRedis(name, port: null, password: password)
                    .WithStoreImage(image)
                    .WithAppendOnlyPersistence(dataVolume, appendFsync, maxMemory)
                    .WithKubernetesRedisDefaults(maxMemory)
                    .WithRedisExporter(exporterImage, RedisReplicatedContainerResource.DataPort, sentinelPort: null)
                    .WithPublishedAlerts(alerts, replicated: false, replicas: 1)
                    .Resource,
                $"the volume {dataVolume}"),
            (RedisStoreHost.RedisServer, false) => (builder.AddRedisServerExecutable(name, password, dataDirectory, appendFsync, maxMemory).Resource, dataDirectory),
            (RedisStoreHost.Garnet, false) => (builder.AddGarnetExecutable(name, password, dataDirectory, appendFsync, RedisStoreOptions.Bytes(maxMemory)).Resource, dataDirectory),
            _ => throw new InvalidOperationException(
                $"No store is defined for {RedisStoreHostSelector.NameOf(choice.Host)} with {settings.KeyOf(nameof(RedisStoreOptions.HighAvailability))}={highAvailability.ToString().ToLowerInvariant()}."),
        };

        store.Annotations.Add(new RedisStoreHostAnnotation(choice, dataLocation, appendFsync));
        // The app's own log category, as if the AppHost said it.
        var appHost = builder.Environment.ApplicationName;
        return builder.CreateResourceBuilder(store)
            .OnInitializeResource((resource, initialized, _) =>
            {
                // Said in the store's own console in the dashboard, and in the AppHost's output.
                var host = RedisStoreHostSelector.NameOf(choice.Host);
                var fsync = appendFsync.ToRedisName();
                var appHostLogger = initialized.Services.GetRequiredService<ILoggerFactory>().CreateLogger(appHost);
                foreach (var logger in new[] { initialized.Logger, appHostLogger })
                {
                    RedisStoreLog.HostChosen(logger, resource.Name, host, choice.Reason);
                    RedisStoreLog.DataKept(logger, resource.Name, dataLocation, fsync);
                }

                return Task.CompletedTask;
            });
    }

    // Alerts are published only: a local run has the dashboard.
    private static IResourceBuilder<T> WithPublishedAlerts<T>(
        this IResourceBuilder<T> store, Func<string, bool, int, IEnumerable<KubernetesAlert>>? alerts, bool replicated, int replicas) where T : ContainerResource =>
        alerts is not null && store.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? store.WithKubernetesAlerts([.. alerts(store.Resource.Name, replicated, replicas)])
            : store;
}
