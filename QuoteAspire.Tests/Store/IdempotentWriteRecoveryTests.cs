using Aspire.Hosting.Testing;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// A store that crashes part way through an idempotent write can recover some of its writes and not the
/// rest (Garnet replays a script's writes one by one). Each test leaves the store as such a crash would,
/// then retries with the same key, as the client that never got its answer does.
/// </summary>
public abstract class IdempotentWriteRecoveryTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    // What the write script does before a crash cuts it short: note where the quote goes, and maybe push it.
    private static readonly LuaScript s_crashedPartWay = LuaScript.Prepare(
        """
        redis.call('SET', @pendingKey, redis.call('LLEN', @quotesKey) .. ':' .. @quote, 'EX', 60)
        if @pushed == '1' then
          redis.call('RPUSH', @quotesKey, @quote)
        end
        """);

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        return await fixture.App.ConnectToStoreAsync();
    }

    private static async Task CrashPartWayAsync(ConnectionMultiplexer redis, string quote, string key, bool pushed)
    {
        // Script arguments reach Lua as strings.
        await redis.GetDatabase().ScriptEvaluateAsync(s_crashedPartWay, new
        {
            quotesKey = (RedisKey)QuoteRepository.QuotesKey,
            pendingKey = (RedisKey)(QuoteRepository.PendingIdempotencyKeyPrefix + key),
            quote,
            pushed = pushed ? "1" : "0",
        });
        Assert.Equal(pushed ? 1 : 0, await CopiesOfAsync(redis, quote));
    }

    private static async Task<int> CopiesOfAsync(ConnectionMultiplexer redis, string quote) =>
        (await redis.GetDatabase().ListRangeAsync(QuoteRepository.QuotesKey)).Count(stored => stored == quote);

    [Fact]
    public async Task AQuotePushedWithoutItsRecordBeforeACrashIsNotPushedAgainByTheRetry()
    {
        await using var redis = await ConnectAsync();
        var (quote, key) = ($"Pushed, then the store crashed {Guid.NewGuid():N}", Guid.NewGuid().ToString());
        await CrashPartWayAsync(redis, quote, key, pushed: true);
        var repository = new QuoteRepository(redis, ReplicaAcknowledgements.NotRequired(redis));

        var retry = await repository.AddOnceAsync(quote, key);
        var again = await repository.AddOnceAsync(quote, key);

        Assert.Equal((true, quote), retry);
        Assert.Equal((false, quote), again);
        Assert.Equal(1, await CopiesOfAsync(redis, quote));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(QuoteRepository.PendingIdempotencyKeyPrefix + key), "The note is gone once the record is written.");
    }

    [Fact]
    public async Task AQuoteNotedButNotPushedBeforeACrashIsPushedByTheRetry()
    {
        await using var redis = await ConnectAsync();
        var (quote, key) = ($"Noted, then the store crashed {Guid.NewGuid():N}", Guid.NewGuid().ToString());
        await CrashPartWayAsync(redis, quote, key, pushed: false);

        var retry = await new QuoteRepository(redis, ReplicaAcknowledgements.NotRequired(redis)).AddOnceAsync(quote, key);

        Assert.Equal((true, quote), retry);
        Assert.Equal(1, await CopiesOfAsync(redis, quote));
    }

    [Fact]
    public async Task AKeyRetriedWithAnotherQuoteAfterACrashStandsForTheQuoteThatWasPushed()
    {
        await using var redis = await ConnectAsync();
        var (quote, key) = ($"The first quote {Guid.NewGuid():N}", Guid.NewGuid().ToString());
        var other = $"Another quote {Guid.NewGuid():N}";
        await CrashPartWayAsync(redis, quote, key, pushed: true);

        var retry = await new QuoteRepository(redis, ReplicaAcknowledgements.NotRequired(redis)).AddOnceAsync(other, key);

        Assert.Equal((false, quote), retry);
        Assert.Equal(1, await CopiesOfAsync(redis, quote));
        Assert.Equal(0, await CopiesOfAsync(redis, other));
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class IdempotentWriteRecoveryOnRedisServerTests(RedisServerAppFixture fixture)
    : IdempotentWriteRecoveryTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class IdempotentWriteRecoveryOnGarnetTests(GarnetAppFixture fixture)
    : IdempotentWriteRecoveryTests<GarnetAppFixture>(fixture);
