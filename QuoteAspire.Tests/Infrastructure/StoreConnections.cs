using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>A test's own connection to a started graph's store, beside the frontend's.</summary>
public static class StoreConnections
{
    /// <summary>
    /// Connects to <c>quote-store</c> with the connection string the AppHost gives the frontend. Admin commands
    /// (<c>CONFIG GET</c>, <c>INFO</c>) are allowed: tests read the server's settings with them.
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectToStoreAsync(this DistributedApplication app)
    {
        var connectionString = await app.GetConnectionStringAsync(QuoteAppFixture.Store, TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, "the connection string of quote-store");
        var options = ConfigurationOptions.Parse(connectionString ?? throw new InvalidOperationException("quote-store has no connection string."));
        options.AllowAdmin = true;
        // A replicated set in containers names its primary by a name only the containers resolve: follow it as the frontend does.
        if (app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<RedisReplicatedSetResource>().SingleOrDefault() is { } set)
        {
            options.FollowFromThisMachine(set);
        }

        return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(Bounded.ResourceHealthy, "a connection to quote-store");
    }
}
