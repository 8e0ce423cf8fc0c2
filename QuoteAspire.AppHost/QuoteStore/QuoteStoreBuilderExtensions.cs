using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteAspire.AppHost.QuoteStore.Cluster;
using QuoteAspire.AppHost.QuoteStore.Monitoring;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Adds the quote store, wherever <c>QuoteStore:Host</c> says it runs.</summary>
public static class QuoteStoreBuilderExtensions
{
    /// <summary>The setting through which Aspire is told which container runtime to drive.</summary>
    public const string ContainerRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";

    /// <summary>Appended to the single store's data folder for the replicated set's: the two never share files.</summary>
    public const string ReplicatedDataSuffix = "-replicated";

    /// <summary>
    /// Adds a Redis-protocol store named <paramref name="name"/> that requires <paramref name="password"/>:
    /// Aspire's Redis container, the machine's redis-server or Garnet, as <c>QuoteStore:Host</c> and the
    /// machine decide. Whichever runs, clients get the same kind of connection string, and the data outlives
    /// the run: in <c>QuoteStore:DataDirectory</c> locally, in a named volume in a container.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddQuoteStore(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password, QuoteStoreOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(settings);

        // Every setting was checked before the model was built, so a wrong value fails every run, publishing included;
        // what is left to refuse depends on the host, which only the machine can tell.
        var highAvailability = settings.IsReplicated(builder.ExecutionContext.IsPublishMode);
        var appendFsync = settings.AppendFsyncPolicy;
        var maxMemory = settings.MaxMemorySize;
        var image = settings.StoreImage;
        var exporterImage = settings.StoreExporterImage;
        var dataVolume = settings.DataVolumeFor(name);
        var environment = MachineProbes.ForThisMachine(builder.Configuration[ContainerRuntimeKey]);
        var choice = RedisStoreHostSelector.Choose(settings.RequestedHost, builder.ExecutionContext.IsPublishMode, environment, image, settings);
        if (highAvailability)
        {
            RedisStoreHostSelector.EnsureHostCanReplicate(settings, choice);
        }

        EnsureHostCanBound(settings, choice);

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
                    .WithQuoteStoreAlerts(replicated: true, ReplicatedStoreKubernetesExtensions.Peers)
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
                    .WithQuoteStoreAlerts(replicated: false, replicas: 1)
                    .Resource,
                $"the volume {dataVolume}"),
            (RedisStoreHost.RedisServer, false) => (builder.AddRedisServerExecutable(name, password, dataDirectory, appendFsync, maxMemory).Resource, dataDirectory),
            (RedisStoreHost.Garnet, false) => (builder.AddGarnetExecutable(name, password, dataDirectory, appendFsync, QuoteStoreOptions.Bytes(maxMemory)).Resource, dataDirectory),
            _ => throw new InvalidOperationException(
                $"No store is defined for {RedisStoreHostSelector.NameOf(choice.Host)} with {QuoteStoreOptions.HighAvailabilityKey}={highAvailability.ToString().ToLowerInvariant()}."),
        };

        return builder.CreateResourceBuilder(store)
            .OnInitializeResource((resource, initialized, _) =>
            {
                // Said in the store's own console in the dashboard, and in the AppHost's output.
                var host = RedisStoreHostSelector.NameOf(choice.Host);
                var fsync = appendFsync.ToRedisName();
                var appHostLogger = initialized.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QuoteAspire.AppHost");
                foreach (var logger in new[] { initialized.Logger, appHostLogger })
                {
                    AppHostLog.HostChosen(logger, resource.Name, host, choice.Reason);
                    AppHostLog.DataKept(logger, resource.Name, dataLocation, fsync);
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>The frontend's setting that maps a replicated store's container names to the ports published here.</summary>
    public const string AddressMapVariable = "QuoteStore__AddressMap";

    /// <summary>
    /// Lets <paramref name="frontend"/>, which runs on this machine, follow the Sentinels of a replicated store in local
    /// containers: they name nodes by names only the containers resolve, which the map turns into published ports.
    /// Other stores need nothing.
    /// </summary>
    public static IResourceBuilder<T> WithStoreAddressMap<T>(this IResourceBuilder<T> frontend, IResourceBuilder<IResourceWithConnectionString> store)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(store);

        return store.Resource is RedisReplicatedSetResource { AddressMap: { } map } ? frontend.WithEnvironment(AddressMapVariable, map) : frontend;
    }

    /// <summary>The frontend's setting for how many replicas must confirm each write before it is acknowledged.</summary>
    public const string AcknowledgingReplicasVariable = "WriteAcknowledgement__Replicas";

    /// <summary>
    /// Has <paramref name="frontend"/> acknowledge a write only once the replicas of a replicated
    /// <paramref name="store"/> hold it, as many as its primary needs in sync to take writes; a single store needs none.
    /// </summary>
    public static IResourceBuilder<T> WithWritesConfirmedByReplicas<T>(this IResourceBuilder<T> frontend, IResourceBuilder<IResourceWithConnectionString> store)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(store);

        return store.Resource is IRedisReplicatedStore set
            ? frontend.WithEnvironment(AcknowledgingReplicasVariable, set.MinReplicasToWrite.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : frontend;
    }

    /// <summary>
    /// Refuses <c>QuoteStore:MaxMemory</c> for Garnet. Garnet never refuses a write for memory: past its log memory it
    /// moves records to disk, and the quotes are one list, so the whole list goes. Under concurrent posts that lost
    /// acknowledged quotes (6,000 posted past a 4 MB setting, 3,356 kept), where Redis would answer <c>507</c> and keep
    /// every one. Without the setting, Garnet gets <see cref="RedisStoreOptions.DefaultMaxMemory"/> as its log memory.
    /// </summary>
    private static void EnsureHostCanBound(QuoteStoreOptions store, RedisStoreHostChoice choice)
    {
        if (store.MaxMemoryIsSet && choice.Host == RedisStoreHost.Garnet)
        {
            throw new InvalidOperationException(
                $"{QuoteStoreOptions.MaxMemoryKey} is '{store.MaxMemory}', but the store is Garnet ({choice.Reason}), which cannot hold quotes to a memory bound: " +
                $"past its memory it moves the list of quotes to disk, and under concurrent posts it lost acknowledged quotes there. " +
                $"Remove {QuoteStoreOptions.MaxMemoryKey} (Garnet then has {RedisStoreOptions.DefaultMaxMemory} and should stay well below it), or set {QuoteStoreOptions.HostKey} " +
                "to redis-server or container, which refuse new quotes with 507 when full and keep every stored one.");
        }
    }
}
