using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>How the AppHost's own commands connect to the store: through its connection string, as the frontend does.</summary>
internal static class StoreClientOptions
{
    // A command answers in the dashboard: a store that does not answer in 2 s is reported, not waited for.
    private const int ConnectTimeoutMilliseconds = 2_000;

    public static async Task<ConfigurationOptions> ForAsync(IResourceWithConnectionString store, CancellationToken cancellationToken)
    {
        var connectionString = await store.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{store.Name} has no connection string yet.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.ConnectTimeout = ConnectTimeoutMilliseconds;
        // A replicated set in containers names its primary by a name only the containers resolve.
        return store is RedisReplicatedSetResource set ? options.FollowFromThisMachine(set) : options;
    }
}
