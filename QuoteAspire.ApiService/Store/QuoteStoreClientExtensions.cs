using Microsoft.Extensions.Options;
using QuoteAspire.ApiService.Logging;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>The frontend's side of the quote store: the Redis client, the repository on it, and what the store's failures answer.</summary>
internal static class QuoteStoreClientExtensions
{
    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(500);

    // The client finds timed-out commands and retries lost connections only on its heartbeat, once a second by
    // default: a 1 s timeout (StoreCommandTimeout.Default) then fires up to a second late, and a store that is back waits for the next beat.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Registers the Redis client (with Aspire's health check and tracing) for the store that
    /// <see cref="QuoteStoreLocation.Find"/> locates, and the repository on top of it.
    /// </summary>
    public static IHostApplicationBuilder AddQuoteStoreClient(this IHostApplicationBuilder builder)
    {
        var location = QuoteStoreLocation.Find(builder.Configuration);
        builder.Services.AddSingleton(location);
        if (ConfigurationOptions.Parse(location.ConnectionString).ServiceName is { Length: > 0 })
        {
            SentinelClientThreads.Reserve();
        }

        // A replicated store in local containers: its Sentinels name nodes by names only the containers resolve.
        var addressMap = builder.Configuration[StoreAddressMap.ConfigurationKey] is { Length: > 0 } map ? StoreAddressMap.Parse(map) : null;
        // Refused here, at start, with the setting's name.
        var commandTimeout = StoreCommandTimeout.Parse(builder.Configuration[StoreCommandTimeout.ConfigurationKey]);
        void ConfigureOptions(ConfigurationOptions options) => ConfigureClientOptions(options, addressMap, commandTimeout);

        builder.AddRedisClient(QuoteStoreLocation.ConnectionName, settings => ConfigureSettings(settings, location), ConfigureOptions);

        // Writes that wait for replicas go on a connection of their own: WAIT holds the connection it is sent on until the
        // replicas answer, and reads behind it on a shared one would wait as long (up to the timeout, when replicas stall).
        if (int.TryParse(builder.Configuration[$"{WriteAcknowledgementOptions.SectionName}:{nameof(WriteAcknowledgementOptions.Replicas)}"], out var replicas) && replicas > 0)
        {
            builder.AddKeyedRedisClient(WritesConnectionName, settings => ConfigureSettings(settings, location), ConfigureOptions);
        }
        else
        {
            builder.Services.AddKeyedSingleton(WritesConnectionName, (services, _) => services.GetRequiredService<IConnectionMultiplexer>());
        }

        builder.Services.AddOptions<WriteAcknowledgementOptions>()
            .Bind(builder.Configuration.GetSection(WriteAcknowledgementOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WriteAcknowledgementOptions>, WriteAcknowledgementOptionsValidator>();
        builder.Services.AddSingleton<ReplicaAcknowledgements>();

        builder.Services.AddHealthChecks().AddCheck<QuoteStoreMemoryHealthCheck>(QuoteStoreMemoryHealthCheck.Name);
        builder.Services.AddSingleton<QuoteRepository>();
        builder.Services.AddHostedService<StorePrimaryFollower>();
        builder.Services.AddExceptionHandler<QuoteStoreUnavailableHandler>();
        builder.Services.AddExceptionHandler<QuoteStoreFullHandler>();
        builder.Services.AddExceptionHandler<QuoteStoreNotReplicatedHandler>();
        return builder;
    }

    /// <summary>The connection writes go on, apart from reads when writes wait for replicas.</summary>
    public const string WritesConnectionName = "quote-store-writes";

    private static void ConfigureSettings(Aspire.StackExchange.Redis.StackExchangeRedisSettings settings, QuoteStoreLocation location)
    {
        settings.ConnectionString = location.ConnectionString;
        // The client's own tracing profiles every command and halved throughput under load
        // (bench/run.sh); QuoteRepository traces its store calls itself, far more cheaply.
        settings.DisableTracing = true;
    }

    private static void ConfigureClientOptions(ConfigurationOptions options, StoreAddressMap? addressMap, TimeSpan commandTimeout)
    {
        if (addressMap is not null)
        {
            options.Tunnel = addressMap;
        }

        // The client refuses INFO, which the memory health check reads, unless told that "admin" commands are
        // meant. That is the client's own switch, not a right: the store's user for the frontend (quote-frontend)
        // refuses every admin command but INFO, whatever the client allows.
        options.AllowAdmin = true;
        // Keep serving (with 503s) while the store is away, and reconnect on our own when it is back.
        options.AbortOnConnectFail = false;
        // Fail at once rather than queue commands for a store that is not there.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = (int)commandTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)commandTimeout.TotalMilliseconds;
        options.SyncTimeout = (int)commandTimeout.TotalMilliseconds;
        // Retry at a steady pace instead of backing off, so a store that comes back is used within a second.
        options.ReconnectRetryPolicy = new LinearRetry((int)ReconnectInterval.TotalMilliseconds);
        options.HeartbeatInterval = Heartbeat;
    }

    /// <summary>Says where the store was found, without the password.</summary>
    public static void LogQuoteStoreLocation(this WebApplication app)
    {
        var location = app.Services.GetRequiredService<QuoteStoreLocation>();
        var endpoints = location.DescribeEndpoints();
        var source = location.DescribeSource();
        QuoteFrontendLog.StoreLocated(app.Logger, endpoints, source);
    }
}
