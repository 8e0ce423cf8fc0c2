namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// How many quotes one client may post: a token bucket per client address that refills at
/// <see cref="PostsPerSecond"/> and holds at most <see cref="Burst"/>. Read from the <c>RateLimit</c> section; <see cref="QuotePostRateLimitOptionsValidator"/> refuses values below 1.
/// </summary>
public sealed class QuotePostRateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Quotes a client may post each second, sustained.</summary>
    public int PostsPerSecond { get; set; } = 10;

    /// <summary>Quotes a client may post at once after a quiet spell.</summary>
    public int Burst { get; set; } = 20;
}
