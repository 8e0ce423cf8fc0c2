namespace QuoteAspire.ApiService.Http;

/// <summary>
/// Every answer says <c>X-Content-Type-Options: nosniff</c>, so a browser never runs a quote (which
/// is text from anyone) as script or HTML by guessing its type from the content.
/// </summary>
internal static class NoSniff
{
    // Added as the response starts rather than when the request comes in: the exception handler
    // clears the headers before it writes its problem details.
    private static readonly Func<object, Task> s_addHeader = static state =>
    {
        ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
        return Task.CompletedTask;
    };

    /// <summary>Adds the header to every response of the middleware that follows; call it first.</summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(s_addHeader, context.Response);
            return next(context);
        });
}
