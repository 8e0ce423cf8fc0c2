using Microsoft.AspNetCore.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Turns a store that cannot be reached, or that is still loading its data after a start, into 503 problem details, so
/// callers know to retry instead of seeing a 500 with nothing to act on.
/// </summary>
public sealed class QuoteStoreUnavailableHandler(IProblemDetailsService problemDetails, ILogger<QuoteStoreUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    /// <summary>The title of the answer, which tells it apart from the other 503s (a write the replicas did not confirm).</summary>
    public const string Title = "The quote store is unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            RedisConnectionException or RedisTimeoutException =>
                $"The quote store could not be reached, so nothing was read or stored. Try again in {RetryAfterSeconds} seconds.",
            // A store just started answers every command so until it has read its files back (a large append-only file
            // takes seconds): it is up, and will serve once loaded.
            RedisServerException { Message: var message } when message.StartsWith("LOADING", StringComparison.Ordinal) =>
                $"The quote store is loading its data after a start, so nothing was read or stored. Try again in {RetryAfterSeconds} seconds.",
            _ => null,
        };
        if (detail is null)
        {
            return false;
        }

        QuoteFrontendLog.StoreUnavailable(logger, exception.Message);

        return await problemDetails.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, Title, detail, RetryAfterSeconds).ConfigureAwait(false);
    }
}
