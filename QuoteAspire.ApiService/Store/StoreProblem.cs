using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace QuoteAspire.ApiService.Store;

/// <summary>How the store's exception handlers answer: a status, problem details, and when to try again if that helps.</summary>
internal static class StoreProblem
{
    public static ValueTask<bool> WriteAsync(
        this IProblemDetailsService problemDetails, HttpContext httpContext, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        httpContext.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
