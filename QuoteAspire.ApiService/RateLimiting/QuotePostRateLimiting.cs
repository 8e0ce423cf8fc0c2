using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Limits <c>POST /quotes</c> per client, so one client cannot fill the store or crowd out the others.
/// Reading is not limited: it changes nothing and a page costs the store one round trip.
/// </summary>
internal static class QuotePostRateLimiting
{
    public const string PolicyName = "quote-posts";

    public static IServiceCollection AddQuotePostRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotePostRateLimitOptions>()
            .Bind(configuration.GetSection(QuotePostRateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<QuotePostRateLimitOptions>>().Value;
                // The connection's address: behind a proxy, enable forwarded headers for known proxies only,
                // or every client shares the proxy's bucket (and a forged header could pick another's).
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PostsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    // Refuse at once rather than hold requests: the client is told when to come back.
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = RejectAsync;
        });

        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<QuotePostRateLimitOptions>>().Value;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many quotes from this client",
                Detail = $"A client may post {options.PostsPerSecond} quotes a second, in bursts of up to {options.Burst}. " +
                    $"Nothing was stored; try again in {retryAfter} second{(retryAfter == 1 ? "" : "s")}.",
            },
        }).ConfigureAwait(false);
    }
}
