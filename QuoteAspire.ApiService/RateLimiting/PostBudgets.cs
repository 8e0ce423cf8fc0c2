using System.Globalization;
using Microsoft.Extensions.Options;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Each client's post budget, a token bucket kept in the store so that every replica of the frontend draws on the
/// same one: two replicas let a client post the limit once, not twice. It is taken by the post's own script (see
/// <see cref="Store.QuoteRepository"/>), in the same command that stores the quote: one round trip per post.
/// </summary>
public sealed class PostBudgets(IOptions<QuotePostRateLimitOptions> options)
{
    /// <summary>
    /// Where a client's bucket lives, followed by the limit and the client: frontends set to different limits
    /// (a canary, a rolling update that changes them) keep separate buckets instead of reading each other's.
    /// </summary>
    public const string KeyPrefix = "quotes:post-budget:";

    /// <summary>
    /// The Lua that takes one post from the bucket <c>KEYS[1]</c>, refilling at <c>ARGV[1]</c> a second up to
    /// <c>ARGV[2]</c>: it sets <c>wait</c> to 0 when the post was there to take, or to the milliseconds until it is.
    /// The store's clock, not the replicas', says how much has refilled. A refused post writes nothing. A bucket
    /// expires once it would be full again, so a client that has gone quiet costs the store nothing.
    /// </summary>
    public const string TakeLua =
        """
        local wait = 0
        do
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          local perSecond = tonumber(ARGV[1])
          local burst = tonumber(ARGV[2])
          local tokens = burst
          local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
          if bucket[1] and bucket[2] then
            local elapsed = math.max(0, now - tonumber(bucket[2]))
            tokens = math.min(burst, tonumber(bucket[1]) + elapsed * perSecond / 1000)
          end
          if tokens < 1 then
            wait = math.ceil((1 - tokens) * 1000 / perSecond)
          else
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / perSecond) + 1000)
          end
        end
        """;

    /// <summary>The budget of <paramref name="client"/> under the configured limit.</summary>
    public PostBudget For(string client)
    {
        var limit = options.Value;
        return new(string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{limit.PostsPerSecond}/{limit.Burst}:{client}"), limit.PostsPerSecond, limit.Burst);
    }
}

/// <summary>One client's bucket (<see cref="Key"/>) and the limit it refills at.</summary>
public readonly record struct PostBudget(string Key, int PostsPerSecond, int Burst)
{
    /// <summary>A budget that is always spent: a script run with it stores nothing (the warm-up runs the scripts so).</summary>
    public static PostBudget Spent(string key) => new(key, PostsPerSecond: 1, Burst: 0);
}
