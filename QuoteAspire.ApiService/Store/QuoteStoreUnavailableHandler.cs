using Microsoft.AspNetCore.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Turns a store that cannot be reached into 503 problem details, so callers know to retry
/// instead of seeing a 500 with nothing to act on.
/// </summary>
public sealed class QuoteStoreUnavailableHandler(IProblemDetailsService problemDetails, ILogger<QuoteStoreUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    /// <summary>The title of the answer, which tells it apart from the other 503s (a write the replicas did not confirm).</summary>
    public const string Title = "The quote store is unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException))
        {
            return false;
        }

        QuoteFrontendLog.StoreUnavailable(logger, exception.Message);

        return await problemDetails.WriteAsync(
            httpContext,
            StatusCodes.Status503ServiceUnavailable,
            Title,
            $"The quote store could not be reached, so nothing was read or stored. Try again in {RetryAfterSeconds} seconds.",
            RetryAfterSeconds).ConfigureAwait(false);
    }
}
