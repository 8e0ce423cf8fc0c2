using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteAspire.AppHost.QuoteStore.Monitoring;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Adds the quote store, wherever <c>QuoteStore:Host</c> says it runs, and lets the frontend in.</summary>
public static class QuoteStoreBuilderExtensions
{
    /// <summary>
    /// Adds a Redis-protocol store named <paramref name="name"/> that requires <paramref name="password"/>:
    /// Aspire's Redis container, the machine's redis-server or Garnet, or a replicated set of them, as <c>QuoteStore:Host</c>,
    /// <c>QuoteStore:HighAvailability</c> and the machine decide (<c>AddRedisStore</c>), with the quote store's alerts.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddQuoteStore(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password, QuoteStoreOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(settings);

        var choice = builder.ChooseRedisStoreHost(settings);
        EnsureHostCanBound(settings, choice);

        return builder.AddRedisStore(name, password, settings, choice, QuoteStoreAlerts.For)
            .OnInitializeResource((resource, initialized, _) =>
            {
                // Said in the store's own console in the dashboard, and in the AppHost's output.
                var where = resource.Annotations.OfType<RedisStoreHostAnnotation>().Single();
                var host = RedisStoreHostSelector.NameOf(where.Choice.Host);
                var fsync = where.AppendFsync.ToRedisName();
                var appHostLogger = initialized.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QuoteAspire.AppHost");
                foreach (var logger in new[] { initialized.Logger, appHostLogger })
                {
                    AppHostLog.HostChosen(logger, resource.Name, host, where.Choice.Reason);
                    AppHostLog.DataKept(logger, resource.Name, where.DataLocation, fsync);
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// The frontend's login to <paramref name="store"/>: its own user, <see cref="QuoteFrontendUser"/>, signing in with
    /// <paramref name="password"/>, which cannot empty, reconfigure or list the store.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddFrontendStoreUser(
        this IResourceBuilder<IResourceWithConnectionString> store, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(password);

        return store.AddClientUser($"{store.Resource.Name}-as-frontend", QuoteFrontendUser.Rules, QuoteFrontendUser.SentinelRules, password);
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
