using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// What each request costs the store, counted by the store itself (MONITOR): a post, keyed or not, is one command, its
/// budget and its write together; a page is two, sent together. Health checks and the clients' own upkeep touch no
/// quote key, and are left out.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class StoreCommandsPerRequestTests(RedisServerAppFixture fixture)
{
    private const int Posts = 5;
    private const int KeyedPosts = 5;
    private const int Pages = 5;

    [Fact]
    public async Task APostIsOneStoreCommandKeyedOrNotAndAPageIsTwo()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateGraphClient();
        var marker = Guid.NewGuid().ToString("N");
        await using var monitor = await StoreMonitor.StartAsync(fixture.App);

        for (var i = 0; i < Posts; i++)
        {
            using var posted = await client.PostFormAsync($"counted {marker} #{i}");
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        for (var i = 0; i < KeyedPosts; i++)
        {
            using var posted = await client.PostFormOnceAsync($"counted once {marker} #{i}", Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        for (var i = 0; i < Pages; i++)
        {
            using var page = await client.GetAsync("/quotes?limit=5", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // Every command a client sent on a quote key: the list, its budgets, its idempotency records.
        var commands = (await monitor.ClientCommandsAsync()).Where(line => line.Contains("\"quotes", StringComparison.Ordinal)).ToList();
        var described = string.Join('\n', commands.Select(line => line.Length > 200 ? line[..200] : line));
        Assert.True(commands.Count == Posts + KeyedPosts + 2 * Pages, $"{commands.Count} commands for {Posts + KeyedPosts} posts and {Pages} pages:\n{described}");
        // Each post's one command carries its quote; each page is a length and a range.
        Assert.Equal(Posts + KeyedPosts, commands.Count(line => line.Contains(marker, StringComparison.Ordinal)));
        Assert.Equal(Pages, commands.Count(line => line.Contains("\"LLEN\"", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(Pages, commands.Count(line => line.Contains("\"LRANGE\"", StringComparison.OrdinalIgnoreCase)));
    }
}
