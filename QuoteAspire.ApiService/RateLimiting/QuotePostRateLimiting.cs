using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Limits <c>POST /quotes</c> per client, so one client cannot fill the store or crowd out the others. The budget
/// is kept in the store (<see cref="PostBudgets"/>), shared by every replica. Reading is not limited: it changes
/// nothing and a page costs the store one round trip.
/// </summary>
internal static class QuotePostRateLimiting
{
    public const string PolicyName = "quote-posts";

    public static IServiceCollection AddQuotePostRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotePostRateLimitOptions>()
            .Bind(configuration.GetSection(QuotePostRateLimitOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotePostRateLimitOptions>, QuotePostRateLimitOptionsValidator>();

        services.AddSingleton<PostBudgets>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var client = ClientOf(context);
                var budgets = context.RequestServices.GetRequiredService<PostBudgets>();
                return RateLimitPartition.Get(client, key => new StoreBackedRateLimiter(budgets, key));
            });
            limiter.OnRejected = RejectAsync;
        });

        return services;
    }

    // The connection's address, which the forwarded headers middleware has replaced with the client's when the
    // request came through a trusted proxy (TrustedProxies). IPv4 clients of a dual-stack socket count as IPv4.
    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { } address => address.ToString(),
        null => "unknown",
    };

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
