using QuoteAspire.ApiService.Logging;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// Readies the store for the first post before the frontend takes requests: every post runs a script, and Garnet
/// starts its Lua engine at the first script and compiles each of its paths at first use. On the busy 2-core machine
/// that made the first post after a start outlast a request's one-second budget and get a 503. Bounded: a store that
/// is away delays the start by <see cref="WaitAtStart"/> at most, and the frontend then serves 503s until it answers.
/// It lives with the quotes, not the store client, because it readies the scripts a post runs.
/// </summary>
internal sealed class StoreConnectionWarmup(
    IConnectionMultiplexer redis,
    [FromKeyedServices(QuoteStoreClientExtensions.WritesConnectionName)] IConnectionMultiplexer writes,
    QuoteRepository repository,
    ILogger<StoreConnectionWarmup> logger) : IHostedService
{
    /// <summary>The client whose budget the warm-up takes from: no address, so no real client's.</summary>
    public const string WarmUpClient = "warm-up";

    /// <summary>How long start waits for the store; after that the frontend serves anyway, with 503s until the store answers.</summary>
    public static readonly TimeSpan WaitAtStart = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(WaitAtStart);
        try
        {
            // Both connections, when writes have one of their own: the first post must not find it still connecting.
            while (!redis.IsConnected || !writes.IsConnected)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), wait.Token).ConfigureAwait(false);
            }

            // Both post scripts, loaded everywhere and run once for a client of their own whose budget is spent.
            await repository.PrepareAsync(redis.GetEndPoints().Select(endpoint => redis.GetServer(endpoint)), WarmUpClient)
                .WaitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            // Never a reason not to start: the scripts load at first use too.
            QuoteFrontendLog.StoreUnavailable(logger, $"its scripts could not be loaded at start ({exception.Message}); they load at first use");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            QuoteFrontendLog.StoreUnavailable(logger, $"not connected {WaitAtStart.TotalSeconds:0} s after start; serving 503s until it answers");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
