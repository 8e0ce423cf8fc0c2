using System.Diagnostics;
using System.Runtime.CompilerServices;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// The quotes, kept in insertion order in one Redis list. A write returns once it is as safe as the store is set to
/// make it: on the primary, and on the replicas <see cref="ReplicaAcknowledgements"/> requires.
/// </summary>
public sealed class QuoteRepository(IConnectionMultiplexer redis, ReplicaAcknowledgements acknowledgements)
{
    /// <summary>The Redis key of the list, the same one the article's service used.</summary>
    public const string QuotesKey = QuoteStoreKeys.Quotes;

    /// <summary>How many quotes one read takes while streaming the whole list: memory stays flat however long it is.</summary>
    public const int StreamChunkSize = 500;

    /// <summary>Where the store calls are traced (see <see cref="StoreCallTracing"/>).</summary>
    public static ActivitySource Tracing => StoreCallTracing.Source;

    private IDatabase Database => redis.GetDatabase();

    private Activity? StartStoreCall(string operation) => StoreCallTracing.Start(redis, operation, QuotesKey);

    /// <summary>Where the first quote sent with an Idempotency-Key is remembered.</summary>
    public const string IdempotencyKeyPrefix = QuoteStoreKeys.IdempotencyPrefix;

    /// <summary>Where a write with an Idempotency-Key notes where its quote goes, until its record is written.</summary>
    public const string PendingIdempotencyKeyPrefix = QuoteStoreKeys.PendingIdempotencyPrefix;

    /// <summary>How long a retry with the same Idempotency-Key gets the first answer.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    // A post is one command: the client's budget (PostBudgets.TakeLua, KEYS[1], ARGV[1..2]) and the push, in one script,
    // so nothing is stored for a client whose budget is spent and no second round trip waits on the first.
    // KEYS: the budget, the quotes list; ARGV: posts per second, burst, the quote. Answers {1, length} once stored, or
    // {0, milliseconds} when the budget is spent. Plain KEYS/ARGV rather than LuaScript's named parameters, which read an
    // anonymous object through expression trees: not trim- or AOT-safe (IL2026, IL2070, IL3050 in StackExchange.Redis'
    // ScriptParameterMapper).
    private static readonly StoreScript s_add = new(PostBudgets.TakeLua + "\n" +
        """
        if wait > 0 then
          return {0, wait}
        end
        return {1, redis.call('RPUSH', KEYS[2], ARGV[3])}
        """);

    // The idempotent post, also one command: the budget, then checking the key, appending and remembering, atomically
    // even when retries race. A store that crashes part way through may recover some of the script's writes and not
    // the rest (Garnet replays them one by one): the quote pushed, its record not. So the script first notes where the
    // quote goes and which it is; a retry that finds the note and the quote in place writes the record instead of
    // pushing the quote a second time. A retry takes from the budget as the first attempt did.
    // KEYS: the budget, the idempotency key, the pending key, the quotes list; ARGV: posts per second, burst, the quote,
    // the window in seconds. Answers {2, milliseconds} when the budget is spent, else {stored, the key's quote}.
    private static readonly StoreScript s_addOnce = new(PostBudgets.TakeLua + "\n" +
        """
        if wait > 0 then
          return {2, wait}
        end
        local first = redis.call('GET', KEYS[2])
        if first then
          return {0, first}
        end
        local pending = redis.call('GET', KEYS[3])
        if pending then
          local separator = string.find(pending, ':', 1, true)
          local index = tonumber(string.sub(pending, 1, separator - 1))
          local pendingQuote = string.sub(pending, separator + 1)
          if redis.call('LINDEX', KEYS[4], index) == pendingQuote then
            redis.call('SET', KEYS[2], pendingQuote, 'EX', ARGV[4])
            redis.call('DEL', KEYS[3])
            return {pendingQuote == ARGV[3] and 1 or 0, pendingQuote}
          end
        end
        redis.call('SET', KEYS[3], redis.call('LLEN', KEYS[4]) .. ':' .. ARGV[3], 'EX', ARGV[4])
        redis.call('RPUSH', KEYS[4], ARGV[3])
        redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
        redis.call('DEL', KEYS[3])
        return {1, ARGV[3]}
        """);

    /// <summary>
    /// Readies both scripts for the first post: loaded into every server of the store (the primary after a failover
    /// too), then each run once with a budget that is always spent, so it stores nothing. Garnet starts its Lua engine
    /// and compiles a script's paths at their first run.
    /// </summary>
    public async Task PrepareAsync(IEnumerable<IServer> servers, string warmUpClient)
    {
        ArgumentNullException.ThrowIfNull(servers);
        foreach (var server in servers)
        {
            await s_add.LoadAsync(server).ConfigureAwait(false);
            await s_addOnce.LoadAsync(server).ConfigureAwait(false);
        }

        var budget = PostBudget.Spent(PostBudgets.KeyPrefix + warmUpClient);
        await AddAsync(string.Empty, budget).ConfigureAwait(false);
        await AddOnceAsync(string.Empty, warmUpClient, budget).ConfigureAwait(false);
    }

    /// <summary>Appends a quote, taking one post from <paramref name="budget"/>: null once stored, or how long until the budget has one.</summary>
    public async Task<TimeSpan?> AddAsync(string quote, PostBudget budget)
    {
        using var activity = StartStoreCall("EVALSHA");
        var epoch = acknowledgements.ConnectionEpoch;
        var result = (RedisResult[])(await s_add.EvaluateAsync(
            acknowledgements.Writes, [budget.Key, QuotesKey], [budget.PostsPerSecond, budget.Burst, quote], CommandFlags.DemandMaster).ConfigureAwait(false))!;
        if ((long)result[0] == 0)
        {
            return TimeSpan.FromMilliseconds((long)result[1]);
        }

        await acknowledgements.ConfirmAsync(epoch).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Appends a quote unless one was already appended with <paramref name="idempotencyKey"/> in the last
    /// <see cref="IdempotencyWindow"/>, taking one post from <paramref name="budget"/>: how long until the budget has one
    /// when it is spent, else whether this call stored it and the quote the key stands for.
    /// </summary>
    public async Task<(TimeSpan? BudgetSpentFor, bool Stored, string FirstQuote)> AddOnceAsync(string quote, string idempotencyKey, PostBudget budget)
    {
        using var activity = StartStoreCall("EVALSHA");
        var epoch = acknowledgements.ConnectionEpoch;
        var result = (RedisResult[])(await s_addOnce.EvaluateAsync(
            acknowledgements.Writes,
            [budget.Key, IdempotencyKeyPrefix + idempotencyKey, PendingIdempotencyKeyPrefix + idempotencyKey, QuotesKey],
            [budget.PostsPerSecond, budget.Burst, quote, (long)IdempotencyWindow.TotalSeconds],
            // A script that writes runs on the primary only, never on a replica while the primary is away.
            CommandFlags.DemandMaster).ConfigureAwait(false))!;
        if ((long)result[0] == 2)
        {
            return (TimeSpan.FromMilliseconds((long)result[1]), false, string.Empty);
        }

        // A replayed answer waits too: the first attempt may have been refused for want of confirmation, and the
        // record this retry found may be the very write that was never confirmed.
        await acknowledgements.ConfirmAsync(epoch).ConfigureAwait(false);
        return (null, (long)result[0] == 1, (string)result[1]!);
    }

    /// <summary>
    /// Every quote stored when the read began, oldest first, read in chunks of <see cref="StreamChunkSize"/>. The
    /// length and the first chunk are read before this returns, so a store that cannot be reached fails the request
    /// before any byte is sent. The list only grows at its end, so every later chunk is full up to that length: one
    /// that comes back short means the list was cut under the read (a restore, a node that came back with an older
    /// copy), and the stream fails rather than end as a well-formed array a client would take for the whole list.
    /// </summary>
    public async Task<IAsyncEnumerable<string>> StreamAllAsync(CancellationToken cancellationToken)
    {
        using var activity = StartStoreCall("LRANGE");
        var database = Database;
        // Sent together on one connection: the length is the list's when the read began.
        var length = database.ListLengthAsync(QuotesKey, ReadFlags);
        var first = database.ListRangeAsync(QuotesKey, 0, StreamChunkSize - 1, ReadFlags);
        return Continue(ToStrings(await first.ConfigureAwait(false)), await length.ConfigureAwait(false), cancellationToken);
    }

    /// <summary>
    /// The quotes from <paramref name="offset"/>, at most <paramref name="limit"/>, and how many there are in
    /// all. The two reads are pipelined, not a transaction: the list only grows at its end, so the slice
    /// is exact and the total at worst counts quotes added a moment later. The quotes stay as the store holds them,
    /// UTF-8, for the answer to be written from those bytes (<see cref="Quotes.StoredQuotes"/>).
    /// </summary>
    public async Task<(RedisValue[] Quotes, long Total)> ReadPageAsync(long offset, int limit)
    {
        using var activity = StartStoreCall("LRANGE");
        var database = Database;
        var total = database.ListLengthAsync(QuotesKey, ReadFlags);
        var page = database.ListRangeAsync(QuotesKey, offset, offset + limit - 1, ReadFlags);
        return (await page.ConfigureAwait(false), await total.ConfigureAwait(false));
    }

    // Reads go to the primary only, which holds every acknowledged quote. The client's default would read a replica
    // while the primary's connection is down, and a replica may lack the newest acknowledged quotes, or, just after it
    // came back, hold its own older copy: a list read there would be missing quotes its readers were told were stored.
    // While there is no primary (a failover) a read gets the store's 503 and Retry-After, as a write does.
    private const CommandFlags ReadFlags = CommandFlags.DemandMaster;

    private async IAsyncEnumerable<string> Continue(string[] first, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = first;
        for (long start = 0; ; start += StreamChunkSize)
        {
            var expected = Math.Min(StreamChunkSize, length - start);
            if (chunk.Length < expected)
            {
                throw new InvalidOperationException(
                    $"The quote list held {length} quotes when this read began, and now ends at {start + chunk.Length}: it was cut while it was read, so the response is ended in error rather than as a shorter list.");
            }

            foreach (var quote in chunk)
            {
                yield return quote;
            }

            if (start + StreamChunkSize >= length)
            {
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            chunk = await ReadChunkAsync(start + StreamChunkSize).ConfigureAwait(false);
        }
    }

    private async Task<string[]> ReadChunkAsync(long start)
    {
        using var activity = StartStoreCall("LRANGE");
        return ToStrings(await Database.ListRangeAsync(QuotesKey, start, start + StreamChunkSize - 1, ReadFlags).ConfigureAwait(false));
    }

    private static string[] ToStrings(RedisValue[] values) => Array.ConvertAll(values, value => (string)value!);
}
