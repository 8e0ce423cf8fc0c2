using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore.Monitoring;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Adds the quote store, wherever <c>QuoteStore:Host</c> says it runs, and names the frontend's settings for it.</summary>
public static class QuoteStoreBuilderExtensions
{
    /// <summary>
    /// Adds a Redis-protocol store named <paramref name="name"/> that requires <paramref name="password"/>:
    /// Aspire's Redis container, the machine's redis-server or Garnet, or a replicated set of them, as <c>QuoteStore:Host</c>,
    /// <c>QuoteStore:HighAvailability</c> and the machine decide (<c>AddRedisStore</c>, which logs where it runs), with the quote store's alerts.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddQuoteStore(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password, QuoteStoreOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(settings);

        var choice = builder.ChooseRedisStoreHost(settings);
        EnsureHostCanBound(settings, choice);

        return builder.AddRedisStore(name, password, settings, choice, QuoteStoreAlerts.For);
    }

    /// <summary>The frontend's setting that maps a replicated store's container names to the ports published here (<c>WithStoreAddressMap</c>).</summary>
    public const string AddressMapVariable = "QuoteStore__AddressMap";

    /// <summary>The frontend's setting for how many replicas must confirm each write before it is acknowledged (<c>WithWritesConfirmedByReplicas</c>).</summary>
    public const string AcknowledgingReplicasVariable = "WriteAcknowledgement__Replicas";

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
