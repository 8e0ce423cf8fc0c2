using Microsoft.AspNetCore.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Turns a store that refuses writes because its memory is full (Redis's OOM error under <c>noeviction</c>) into
/// 507 problem details: nothing was stored, nothing stored is lost, and reading still works.
/// </summary>
internal sealed class QuoteStoreFullHandler(IProblemDetailsService problemDetails, ILogger<QuoteStoreFullHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RedisServerException { Message: var message } || !IsOutOfMemory(message))
        {
            return false;
        }

        QuoteFrontendLog.StoreFull(logger, message);

        return await problemDetails.WriteAsync(
            httpContext,
            StatusCodes.Status507InsufficientStorage,
            "The quote store is full",
            "The quote store is full: it has used all the memory it may, so this quote was not stored. The quotes already stored are kept " +
                "and can still be read. The operator can give the store more memory (QuoteStore:MaxMemory, and the store's memory limit).").ConfigureAwait(false);
    }

    // Redis: "OOM command not allowed when used memory > 'maxmemory'", also inside a script's error.
    private static bool IsOutOfMemory(string message) => message.Contains("OOM command not allowed", StringComparison.Ordinal);
}
