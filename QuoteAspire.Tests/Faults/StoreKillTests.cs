using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// The store keeps every write it acknowledged across a SIGKILL of its process. The same test runs against every store
/// host: see the classes at the end of this file.
/// </summary>
public abstract class StoreKillTests<TFixture>(TFixture fixture) : IAsyncLifetime where TFixture : QuoteAppFixture
{
    // The graph is shared with the other fault tests: start from a store that is up, whatever the test before left.
    public ValueTask InitializeAsync() => new(fixture.EnsureStoreRunningAsync());

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcknowledgedWritesAndScriptedWritesSurviveASigkillOfTheStore()
    {
        using var client = fixture.CreateGraphClient();
        ProcessTree.SkipUnlessProcFileSystem();
        var app = fixture.App;
        var marker = Guid.NewGuid().ToString("N");

        // Through the frontend: plain posts (RPUSH) and posts with an Idempotency-Key (a Lua script).
        var posted = Enumerable.Range(0, 10).Select(i => $"posted {marker} #{i}").ToArray();
        var postedOnce = Enumerable.Range(0, 10).Select(i => (Quote: $"posted once {marker} #{i}", Key: Guid.NewGuid().ToString())).ToArray();
        foreach (var quote in posted)
        {
            using var response = await client.PostFormAsync(quote);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        foreach (var (quote, key) in postedOnce)
        {
            using var response = await PostOnceAsync(client, quote, key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Redis (appendfsync everysec) may put a write off while a background fsync runs on a busy disk, for up to 2 s,
        // and reply anyway: what it acknowledged within that window of a kill may be lost (seen once in a CI run with the
        // disk busy). The posts above are let out of the window, so they must survive whatever the disk did; the burst
        // below is within it. Garnet replies only once its commit is written: nothing is at risk, nothing is waited.
        var atRisk = fixture.WritesAtRiskWhenTheStoreIsKilled;
        await Task.Delay(atRisk, Cancellation);

        // Straight at the store, pipelined, so the kill comes a moment after the last reply: a store that
        // replied before its write reached the file would lose the tail here.
        var burst = Enumerable.Range(0, 1000).Select(i => $"burst {marker} #{i:D4}").ToArray();
        var burstOnce = Enumerable.Range(0, 200).Select(i => (Quote: $"burst once {marker} #{i:D3}", Key: Guid.NewGuid().ToString())).ToArray();
        string killed;
        await using (var redis = await app.ConnectToStoreAsync())
        {
            var repository = new QuoteRepository(redis, ReplicaAcknowledgements.NotRequired(redis));
            // The whole tree dies, and the test goes on only once none of it runs: a listener that outlived the kill
            // would keep the port from the store started next.
            killed = await app.KillAsync(QuoteAppFixture.Store, async kill =>
            {
                var writes = burst.Select(repository.AddAsync)
                    .Concat(burstOnce.Select(write => (Task)repository.AddOnceAsync(write.Quote, write.Key)))
                    .ToArray();
                // Replies come in order: the kill runs on the thread that reads the last one, as it arrives.
                var fired = writes[^1].ContinueWith(
                    _ => kill(), Cancellation, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await Task.WhenAll([.. writes, fired]).WaitAsync(Bounded.ResourceHealthy, "the store to acknowledge the burst of writes, then be killed");
            });
        }

        await app.StartAgainAsync(killed);

        string[] acknowledged = [.. posted, .. postedOnce.Select(write => write.Quote), .. burst, .. burstOnce.Select(write => write.Quote)];
        var recovered = Marked(await ReadWhenTheFrontendIsBackAsync(client), marker);
        if (atRisk == TimeSpan.Zero)
        {
            Assert.Equal(acknowledged, recovered);
        }
        else
        {
            // What the store kept is what it acknowledged, in order, up to a point within the window: nothing reordered,
            // duplicated or made up, and nothing acknowledged before the window lost.
            Assert.Equal(acknowledged.Take(recovered.Length), recovered);
            Assert.True(recovered.Length >= posted.Length + postedOnce.Length, $"Only {recovered.Length} of the {posted.Length + postedOnce.Length} posts acknowledged before the window were kept.");
            TestContext.Current.TestOutputHelper?.WriteLine($"Kept {recovered.Length} of {acknowledged.Length} acknowledged writes; the {acknowledged.Length - recovered.Length} lost were acknowledged within {atRisk.TotalSeconds:F0} s of the kill.");
        }

        // The scripts' idempotency records were recovered with their quotes: retries store nothing.
        using var retry = await PostOnceAsync(client, postedOnce[0].Quote, postedOnce[0].Key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        await using var reconnected = await app.ConnectToStoreAsync();
        var retries = await Task.WhenAll(burstOnce.Select(write => new QuoteRepository(reconnected, ReplicaAcknowledgements.NotRequired(reconnected)).AddOnceAsync(write.Quote, write.Key)));
        // A recovered key stores nothing new; a write the window took is stored by its retry, once.
        var kept = recovered.ToHashSet(StringComparer.Ordinal);
        Assert.All(burstOnce.Zip(retries), pair => Assert.True(
            pair.Second.Stored != kept.Contains(pair.First.Quote),
            $"The retry of '{pair.First.Quote}' (kept: {kept.Contains(pair.First.Quote)}) stored: {pair.Second.Stored}."));
    }

    // Posts with an Idempotency-Key, retrying on 503 as a careful client would: Garnet's first script after a
    // start loads its Lua engine (about 0.2 s idle), which on a busy machine can outlast the frontend's 1 s budget.
    private static async Task<HttpResponseMessage> PostOnceAsync(HttpClient client, string quote, string key) =>
        (await StoreUnreachable.ResendWhileAsync(() => client.PostFormOnceAsync(quote, key), $"the post with Idempotency-Key {key}")).Answer;

    private static string[] Marked(string[] quotes, string marker) =>
        [.. quotes.Where(quote => quote.Contains(marker, StringComparison.Ordinal))];

    // The frontend is not restarted: it reconnects to the store on its own, within a few seconds. The read it waits for
    // is the whole list itself: a page read once answered 200 and the whole-list read right after it 503 (seen once in
    // CI, just after the store came back), and what is checked here is what the store kept, not how soon it answers.
    // The list is streamed a chunk at a time: a later chunk that misses its second ends the response part way (seen
    // once in CI), which is "not yet" too.
    private static async Task<string[]> ReadWhenTheFrontendIsBackAsync(HttpClient client)
    {
        string[]? quotes = null;
        await Bounded.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await client.GetAsync("/quotes", Cancellation);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }

                    quotes = await response.Content.ReadFromJsonAsync<string[]>(Cancellation);
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Bounded.RecoveryAfterOutage,
            "quote-frontend to read every quote from quote-store again");
        return quotes ?? throw new InvalidOperationException("GET /quotes answered null instead of an array.");
    }
}

[Trait(Tier.Name, Tier.Faults)]
[Collection(RedisServerFaults.Name)]
public sealed class StoreKillOnRedisServerTests(RedisServerFaultsAppFixture fixture) : StoreKillTests<RedisServerFaultsAppFixture>(fixture);

[Trait(Tier.Name, Tier.Faults)]
[Collection(GarnetFaults.Name)]
public sealed class StoreKillOnGarnetTests(GarnetFaultsAppFixture fixture) : StoreKillTests<GarnetFaultsAppFixture>(fixture);

[Trait(Tier.Name, Tier.Faults)]
[Collection(ContainerFaults.Name)]
public sealed class StoreKillInContainerTests(ContainerFaultsAppFixture fixture) : StoreKillTests<ContainerFaultsAppFixture>(fixture);
