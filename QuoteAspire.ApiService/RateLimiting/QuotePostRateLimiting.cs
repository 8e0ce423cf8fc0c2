using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Limits <c>POST /quotes</c> per client, so one client cannot fill the store or crowd out the others. The budget
/// is kept in the store (<see cref="PostBudgets"/>), shared by every replica, and taken by the post's own store
/// command, not by a middleware's command before it: a post is one round trip. A request refused for its body (400,
/// 413, 415) never reaches the store, and takes nothing from the budget. Reading is not limited: it changes nothing.
/// </summary>
internal static class QuotePostRateLimiting
{
    public static IServiceCollection AddQuotePostRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotePostRateLimitOptions>()
            .Bind(configuration.GetSection(QuotePostRateLimitOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotePostRateLimitOptions>, QuotePostRateLimitOptionsValidator>();
        services.AddSingleton<PostBudgets>();
        return services;
    }

    /// <summary>
    /// The connection's address, which the forwarded headers middleware has replaced with the client's when the
    /// request came through a trusted proxy (TrustedProxies). IPv4 clients of a dual-stack socket count as IPv4.
    /// </summary>
    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { } address => address.ToString(),
        null => "unknown",
    };

    /// <summary>The 429 for a client whose budget is spent, with when to come back (<c>Retry-After</c>, whole seconds).</summary>
    public static ProblemHttpResult TooManyPosts(HttpResponse response, TimeSpan wait, QuotePostRateLimitOptions options)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many quotes from this client",
            detail: $"A client may post {options.PostsPerSecond} quotes a second, in bursts of up to {options.Burst}. " +
                $"Nothing was stored; try again in {retryAfter} second{(retryAfter == 1 ? "" : "s")}.");
    }
}
