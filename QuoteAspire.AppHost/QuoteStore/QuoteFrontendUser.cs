using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// What the frontend may do in the store: the commands it sends (directly, and inside its scripts) on the quotes' keys,
/// and what its Redis client sends to connect, find the primary and follow it (<see cref="RedisAclUser.StackExchangeClient"/>).
/// Nothing that empties, reconfigures or lists the store.
/// </summary>
public static class QuoteFrontendUser
{
    public const string Name = "quote-frontend";

    public static RedisAclUser Rules { get; } = RedisAclUser.StackExchangeClient(
        Name,
        [
            // The list of quotes, its length and its pages.
            "+rpush", "+llen", "+lrange", "+lindex",
            // The scripts: idempotent posts and the post budgets, and what they call.
            "+eval", "+evalsha", "+script|load", "+script|exists", "+get", "+set", "+del", "+pexpire", "+hmget", "+hset", "+time",
            // Confirming writes on replicas.
            "+wait",
        ],
        [QuoteStoreKeys.Quotes, $"{QuoteStoreKeys.Quotes}:*"]);

    /// <summary>What the frontend's Redis client asks a Sentinel, under the same name.</summary>
    public static RedisAclUser SentinelRules { get; } = RedisAclUser.SentinelClient(Name);
}
