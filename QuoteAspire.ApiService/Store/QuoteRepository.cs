using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>The quotes, kept in insertion order in one Redis list.</summary>
public sealed class QuoteRepository(IConnectionMultiplexer redis)
{
    /// <summary>The Redis key of the list, the same one the article's service used.</summary>
    public const string QuotesKey = "quotes";

    /// <summary>How many quotes one read takes while streaming the whole list: memory stays flat however long it is.</summary>
    public const int StreamChunkSize = 500;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Appends a quote and returns its zero-based position in the list.</summary>
    public async Task<long> AddAsync(string quote)
    {
        var length = await Database.ListRightPushAsync(QuotesKey, quote).ConfigureAwait(false);
        return length - 1;
    }

    /// <summary>
    /// Every quote, oldest first, read in chunks of <see cref="StreamChunkSize"/>. The first chunk is
    /// read before this returns, so a store that cannot be reached fails the request before any byte is sent.
    /// </summary>
    public async Task<IAsyncEnumerable<string>> StreamAllAsync(CancellationToken cancellationToken)
    {
        var first = await ReadChunkAsync(0).ConfigureAwait(false);
        return Continue(first, cancellationToken);
    }

    /// <summary>The quotes from <paramref name="offset"/>, at most <paramref name="limit"/>, and how many there are in all, read together.</summary>
    public async Task<(string[] Quotes, long Total)> ReadPageAsync(long offset, int limit)
    {
        var transaction = Database.CreateTransaction();
        var total = transaction.ListLengthAsync(QuotesKey);
        var page = transaction.ListRangeAsync(QuotesKey, offset, offset + limit - 1);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return (ToStrings(await page.ConfigureAwait(false)), await total.ConfigureAwait(false));
    }

    private async IAsyncEnumerable<string> Continue(string[] first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = first;
        for (long start = 0; chunk.Length > 0; start += StreamChunkSize)
        {
            foreach (var quote in chunk)
            {
                yield return quote;
            }

            if (chunk.Length < StreamChunkSize)
            {
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            chunk = await ReadChunkAsync(start + StreamChunkSize).ConfigureAwait(false);
        }
    }

    private async Task<string[]> ReadChunkAsync(long start) =>
        ToStrings(await Database.ListRangeAsync(QuotesKey, start, start + StreamChunkSize - 1).ConfigureAwait(false));

    private static string[] ToStrings(RedisValue[] values) => Array.ConvertAll(values, value => (string)value!);
}
