using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace Aspire.Hosting;

/// <summary>How the AppHost's own commands connect to a store: through its connection string, as its clients do.</summary>
public static class StoreClientOptions
{
    // A command answers in the dashboard: a store that does not answer in 2 s is reported, not waited for.
    private const int ConnectTimeoutMilliseconds = 2_000;

    /// <summary>
    /// A StackExchange.Redis configuration for <paramref name="store"/>, from its connection string, that fails fast, and
    /// that follows a replicated set in containers from this machine.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store has no connection string yet.</exception>
    public static async Task<ConfigurationOptions> ForAsync(IResourceWithConnectionString store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);

        var connectionString = await store.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{store.Name} has no connection string yet.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.ConnectTimeout = ConnectTimeoutMilliseconds;
        // A replicated set in containers names its primary by a name only the containers resolve.
        return store is RedisReplicatedSetResource set ? options.FollowFromThisMachine(set) : options;
    }
}
