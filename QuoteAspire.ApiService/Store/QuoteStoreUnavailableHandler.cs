using Microsoft.AspNetCore.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Turns a store that cannot be reached into 503 problem details, so callers know to retry
/// instead of seeing a 500 with nothing to act on.
/// </summary>
internal sealed class QuoteStoreUnavailableHandler(IProblemDetailsService problemDetails, ILogger<QuoteStoreUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

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
            "The quote store is unavailable",
            $"The quote store could not be reached, so nothing was read or stored. Try again in {RetryAfterSeconds} seconds.",
            RetryAfterSeconds).ConfigureAwait(false);
    }
}
