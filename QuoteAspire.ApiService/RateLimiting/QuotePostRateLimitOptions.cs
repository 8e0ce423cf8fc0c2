using System.ComponentModel.DataAnnotations;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// How many quotes one client may post: a token bucket per client address that refills at
/// <see cref="PostsPerSecond"/> and holds at most <see cref="Burst"/>. Read from the <c>RateLimit</c> section.
/// </summary>
public sealed class QuotePostRateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Quotes a client may post each second, sustained.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimit:PostsPerSecond must be a whole number of at least 1.")]
    public int PostsPerSecond { get; set; } = 10;

    /// <summary>Quotes a client may post at once after a quiet spell.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimit:Burst must be a whole number of at least 1.")]
    public int Burst { get; set; } = 20;
}
