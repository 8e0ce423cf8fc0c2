using System.Diagnostics;
using Aspire.Hosting.Testing;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The store calls are traced by the repository itself (the Redis client's own tracing is off for
/// speed), so a trace of a request still shows its Redis work.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class QuoteRepositoryTracingTests(RedisServerAppFixture fixture)
{
    [Fact]
    public async Task EveryStoreCallIsARedisClientSpan()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        await using var redis = await fixture.App.ConnectToStoreAsync();
        var repository = new QuoteRepository(redis, ReplicaAcknowledgements.NotRequired(redis));
        // Read by name, as ServiceDefaults subscribes; naming the source also creates it before the listener is added.
        var sourceName = QuoteRepository.Tracing.Name;
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await repository.AddAsync($"traced {Guid.NewGuid()}");
        await repository.AddOnceAsync($"traced once {Guid.NewGuid()}", Guid.NewGuid().ToString());
        await repository.ReadPageAsync(0, 1);

        Assert.Equal(["EVALSHA quotes", "EVALSHA quotes", "LRANGE quotes"], spans.Select(span => span.DisplayName));
        Assert.All(spans, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("redis", span.GetTagItem("db.system.name"));
        });
    }
}
