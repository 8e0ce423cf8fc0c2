using System.Globalization;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// <c>GET /quotes</c> streams a list longer than one read: it asks the store for one chunk of
/// <see cref="QuoteRepository.StreamChunkSize"/> quotes at a time, as redis-server's own count of its <c>LRANGE</c>
/// calls shows, rather than reading the whole list into memory at once.
/// </summary>
[Collection(RedisServerGraph.Name)]
public sealed class QuoteStreamingTests(RedisServerAppFixture fixture)
{
    // Two whole chunks and part of a third, at least: a buffered read would make one call, a stream three.
    private const int AtLeast = (2 * QuoteRepository.StreamChunkSize) + (QuoteRepository.StreamChunkSize / 2);

    [Fact]
    public async Task ListingMoreQuotesThanOneReadHoldsAsksTheStoreOnceForEachChunk()
    {
        using var client = fixture.CreateGraphClient();
        await using var store = await fixture.App.ConnectToStoreAsync();
        var database = store.GetDatabase();
        var server = store.GetServer(store.GetEndPoints()[0]);

        // Whatever the other tests of this graph stored, the list ends up longer than two chunks.
        var stored = await database.ListLengthAsync(QuoteRepository.QuotesKey);
        var prefix = $"Streamed {Guid.NewGuid():N}";
        var added = Enumerable.Range(0, (int)Math.Max(0, AtLeast - stored)).Select(number => (RedisValue)$"{prefix} #{number}").ToArray();
        if (added.Length > 0)
        {
            await database.ListRightPushAsync(QuoteRepository.QuotesKey, added);
        }

        var length = await database.ListLengthAsync(QuoteRepository.QuotesKey);
        var callsBefore = await LrangeCallsAsync(server);
        var listed = await client.GetQuotesAsync();
        var calls = await LrangeCallsAsync(server) - callsBefore;

        Assert.Equal(length, listed.Length);
        Assert.Equal((await database.ListRangeAsync(QuoteRepository.QuotesKey)).Select(quote => (string)quote!), listed);
        // Full chunks, then the one that comes back short (empty when the length is a whole number of chunks).
        var chunks = (length / QuoteRepository.StreamChunkSize) + 1;
        TestContext.Current.TestOutputHelper?.WriteLine($"{length} quotes listed with {calls} LRANGE calls");
        Assert.True(calls == chunks, $"Listing {length} quotes made {calls} LRANGE call(s); reading {QuoteRepository.StreamChunkSize} at a time takes {chunks}.");
    }

    // What redis-server counts itself: INFO commandstats has "cmdstat_lrange:calls=N,usec=...".
    private static async Task<long> LrangeCallsAsync(IServer server)
    {
        var stats = await server.InfoAsync("commandstats").WaitAsync(Bounded.ResourceHealthy, "redis-server to answer INFO commandstats");
        var lrange = stats.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "cmdstat_lrange").Value;
        if (lrange is null)
        {
            return 0;
        }

        var calls = lrange.Split(',').Single(field => field.StartsWith("calls=", StringComparison.Ordinal));
        return long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }
}
