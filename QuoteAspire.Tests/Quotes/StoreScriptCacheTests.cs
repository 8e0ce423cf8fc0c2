using System.Net;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// Posts run their store script by its digest. A store that no longer holds the scripts (restarted, a replica promoted,
/// its scripts flushed) answers <c>NOSCRIPT</c>; the post then sends the script itself, and is stored once.
/// </summary>
public abstract class StoreScriptCacheTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    [Fact]
    public async Task PostsAfterTheStoreForgotItsScriptsAreStoredOnceEach()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateGraphClient();
        var plain = $"Posted after a script flush {Guid.NewGuid():N}";
        var keyed = $"Posted once after a script flush {Guid.NewGuid():N}";

        await using (var store = await fixture.App.ConnectToStoreAsync())
        {
            foreach (var endpoint in store.GetEndPoints())
            {
                await store.GetServer(endpoint).ScriptFlushAsync();
            }
        }

        using (var posted = await client.PostFormAsync(plain))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var key = Guid.NewGuid().ToString("N");
        using (var posted = await client.PostFormOnceAsync(keyed, key))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using (var replayed = await client.PostFormOnceAsync(keyed, key))
        {
            Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        }

        var quotes = await client.GetQuotesAsync();
        Assert.Single(quotes, quote => quote == plain);
        Assert.Single(quotes, quote => quote == keyed);
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class StoreScriptCacheOnRedisServerTests(RedisServerAppFixture fixture) : StoreScriptCacheTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class StoreScriptCacheOnGarnetTests(GarnetAppFixture fixture) : StoreScriptCacheTests<GarnetAppFixture>(fixture);
