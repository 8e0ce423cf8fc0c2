using System.Globalization;
using Microsoft.Extensions.Options;
using QuoteAspire.ApiService.Store;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.RateLimiting;

/// <summary>
/// Each client's post budget, a token bucket kept in the store so that every replica of the frontend draws on the
/// same one: two replicas let a client post the limit once, not twice.
/// </summary>
public sealed class PostBudgets(IConnectionMultiplexer redis, IOptions<QuotePostRateLimitOptions> options)
{
    /// <summary>
    /// Where a client's bucket lives, followed by the limit and the client: frontends set to different limits
    /// (a canary, a rolling update that changes them) keep separate buckets instead of reading each other's.
    /// </summary>
    public const string KeyPrefix = "quotes:post-budget:";

    // One script, so reading, refilling and taking are atomic however many replicas ask at once. The store's
    // clock, not the replicas', says how much has refilled. A refused post writes nothing. A bucket expires once
    // it would be full again, so a client that has gone quiet costs the store nothing.
    // KEYS: the bucket; ARGV: posts per second, burst (plain KEYS/ARGV: LuaScript's named parameters are not AOT-safe).
    private const string TakeScript =
        """
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
          return math.ceil((1 - tokens) * 1000 / perSecond)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / perSecond) + 1000)
        return 0
        """;

    /// <summary>
    /// Takes one post from <paramref name="client"/>'s budget: null when it was there to take, or how long until it is.
    /// </summary>
    public async Task<TimeSpan?> TryTakeAsync(string client)
    {
        var limit = options.Value;
        var key = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{limit.PostsPerSecond}/{limit.Burst}:{client}");
        using var activity = StoreCallTracing.Start(redis, "EVALSHA", KeyPrefix);
        // The script writes: only the primary may run it. The client cannot tell a script that writes, and would send it
        // to a replica (which refuses it, READONLY) while the primary is away.
        var waitMilliseconds = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            TakeScript, [key], [limit.PostsPerSecond, limit.Burst], CommandFlags.DemandMaster).ConfigureAwait(false);
        return waitMilliseconds == 0 ? null : TimeSpan.FromMilliseconds(waitMilliseconds);
    }
}
