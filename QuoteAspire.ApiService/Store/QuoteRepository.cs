using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>The quotes, kept in insertion order in one Redis list.</summary>
public sealed class QuoteRepository(IConnectionMultiplexer redis)
{
    /// <summary>The Redis key of the list, the same one the article's service used.</summary>
    public const string QuotesKey = "quotes";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Appends a quote and returns its zero-based position in the list.</summary>
    public async Task<long> AddAsync(string quote)
    {
        var length = await Database.ListRightPushAsync(QuotesKey, quote).ConfigureAwait(false);
        return length - 1;
    }

    /// <summary>Every quote, oldest first.</summary>
    public async Task<string[]> GetAllAsync()
    {
        var values = await Database.ListRangeAsync(QuotesKey).ConfigureAwait(false);
        return Array.ConvertAll(values, value => (string)value!);
    }
}
