using System.Net;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// Garnet takes <c>QuoteStore:MaxMemory</c> as its own memory setting (its log memory). Unlike Redis it never refuses a
/// write for memory: past the setting it moves the oldest records to its log on disk. Nothing posted may be lost on the
/// way, however far past the setting the quotes go: without the disk tier, Garnet drops those records silently.
/// </summary>
public sealed class GarnetMemoryTests
{
    private const string Memory = "4mb";
    private const int Quotes = 6_000;
    // Past its memory Garnet answers more slowly (the list moves to its log on disk); more posters than this only queue
    // behind each other, until the frontend's store timeout answers 503 on a busy machine.
    private const int Posters = 4;
    private const int RetriesOf503 = 10;

    // Garnet trims its memory in the background, at least every 10 s: a list it dropped would be gone by then.
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task GarnetPastItsMemorySettingKeepsAcceptingQuotesAndLosesNone()
    {
        Assert.SkipWhen(QuoteAppFixture.ExternalBaseUrl is not null, $"{QuoteAppFixture.BaseUrlVariable} is set: this test starts a graph of its own.");
        await using var data = new GraphData(QuoteStoreHost.Garnet, "quoteaspire-garnet-memory-");
        var app = await QuoteGraph.StartAsync(QuoteStoreHost.Garnet, data.Path, Guid.NewGuid().ToString("N"), settings: [$"{MaxMemorySetting.ConfigurationKey}={Memory}", QuoteGraph.OneFrontendReplica]);
        try
        {
            using var client = app.CreateFrontendClient();
            var filler = new string('g', 900);
            var posted = Enumerable.Range(0, Quotes).Select(i => $"{filler} #{i}").ToArray();

            // 5.4 MB of quotes, well past 4 MB of memory; every one is acknowledged. A client retries a 503 (the store
            // slower than the frontend's timeout, as on a loaded machine) under the same key, as the API asks it to;
            // any other answer is a refusal.
            var refusals = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
            var retried = 0;
            await Parallel.ForEachAsync(posted, new ParallelOptions { MaxDegreeOfParallelism = Posters, CancellationToken = TestContext.Current.CancellationToken }, async (quote, _) =>
            {
                var key = Guid.NewGuid().ToString("N");
                for (var attempt = 1; ; attempt++)
                {
                    using var response = await client.PostFormOnceAsync(quote, key);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        return;
                    }

                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == RetriesOf503)
                    {
                        refusals.Add(response.StatusCode);
                        return;
                    }

                    Interlocked.Increment(ref retried);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
                }
            });
            Assert.True(refusals.IsEmpty, $"{refusals.Count} of {Quotes} quotes were refused: {string.Join(", ", refusals.CountBy(status => status).Select(group => $"{group.Value} x {(int)group.Key}"))}.");

            // And every one is still listed, each time it is asked, while Garnet trims its memory.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var checks = 0;
            while (clock.Elapsed < Watched)
            {
                var listed = await client.GetQuotesAsync();
                if (!posted.Order(StringComparer.Ordinal).SequenceEqual(listed.Where(quote => quote.StartsWith(filler, StringComparison.Ordinal)).Order(StringComparer.Ordinal)))
                {
                    Assert.Fail($"{clock.Elapsed.TotalSeconds:F1} s after the last post, {listed.Length} of the {Quotes} quotes are listed; {await WhatTheStoreHoldsAsync(app)}.");
                }

                checks++;
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            }

            var onDisk = Directory.EnumerateFiles(Path.Combine(data.Path, QuoteAppFixture.Store, QuoteStoreHostSelector.NameOf(QuoteStoreHost.Garnet)), "hlog*", SearchOption.AllDirectories)
                .Sum(file => new FileInfo(file).Length);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Garnet with {MaxMemorySetting.ConfigurationKey}={Memory}: {Quotes} quotes of 900 characters accepted ({retried} retries of a 503); all listed in each of {checks} checks over {Watched.TotalSeconds:F0} s; {onDisk / 1048576.0:F1} MB of records moved to its log on disk");
        }
        finally
        {
            await QuoteGraph.StopAsync(app);
        }
    }

    /// <summary>
    /// What Garnet itself says of the list, read past the frontend: tells a quote Garnet lost from one the listing missed.
    /// </summary>
    private static async Task<string> WhatTheStoreHoldsAsync(Aspire.Hosting.DistributedApplication app)
    {
        await using var store = await app.ConnectToStoreAsync();
        var database = store.GetDatabase();
        var length = await database.ListLengthAsync(ApiService.Store.QuoteRepository.QuotesKey);
        var whole = await database.ListRangeAsync(ApiService.Store.QuoteRepository.QuotesKey);
        var chunks = new List<int>();
        for (long start = 0; start < length + ApiService.Store.QuoteRepository.StreamChunkSize; start += ApiService.Store.QuoteRepository.StreamChunkSize)
        {
            chunks.Add((await database.ListRangeAsync(ApiService.Store.QuoteRepository.QuotesKey, start, start + ApiService.Store.QuoteRepository.StreamChunkSize - 1)).Length);
        }

        return $"the store reports LLEN {length}, LRANGE 0 -1 gives {whole.Length}, and chunks of {ApiService.Store.QuoteRepository.StreamChunkSize} give [{string.Join(", ", chunks)}]";
    }
}
