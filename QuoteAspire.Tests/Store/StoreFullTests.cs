using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using System.Net;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// A store that has used all the memory it may (<c>QuoteStore:MaxMemory</c>, noeviction) refuses new quotes with a
/// clear 507, keeps every quote it has, and still serves reads. Each test starts a graph of its own with a tiny limit.
/// </summary>
public abstract class StoreFullTests(RedisStoreHost host)
{
    private const int MostPostsToFillTheStore = 20_000;
    private const int RefusalsThatMakeItFull = 5;

    [Fact]
    public async Task AFullStoreAnswersPostsWith507AndKeepsServingEveryQuoteItHolds()
    {
        var missing = QuoteGraph.MissingPrerequisite(host);
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);
        Assert.SkipWhen(QuoteAppFixture.ExternalBaseUrl is not null, $"{QuoteAppFixture.BaseUrlVariable} is set: this test starts a graph of its own.");
        await using var data = new GraphData(host, "quoteaspire-full-");
        var app = await QuoteGraph.StartAsync(host, data.Path, Guid.NewGuid().ToString("N"), settings: [$"{QuoteStoreOptions.MaxMemoryKey}=3mb", QuoteGraph.OneFrontendReplica, QuoteGraph.ContentStoreCommandTimeout]);
        try
        {
            using var client = app.CreateFrontendClient();
            var filler = new string('q', 900);
            var acknowledged = 0;
            var refusedInARow = 0;
            var attempts = 0;
            HttpResponseMessage? refused = null;
            // Full, not at the edge of full: right at the limit, memory that Redis frees (a client's buffer, say)
            // can make room for one more small write, so the store counts as full once it refused several in a row.
            while (refusedInARow < RefusalsThatMakeItFull && acknowledged < MostPostsToFillTheStore)
            {
                var response = await client.PostFormAsync($"{filler} #{attempts++}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged++;
                    refusedInARow = 0;
                    response.Dispose();
                    continue;
                }

                refusedInARow++;
                refused?.Dispose();
                refused = response;
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            }

            Assert.True(refused is not null, $"The store took {acknowledged} quotes of 900 characters without filling its 3 MB.");
            using (refused)
            {
                var problem = await refused.ReadProblemAsync();
                Assert.Contains("full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            // An idempotent post runs as a script; full, it is refused the same way.
            using var once = await client.PostFormOnceAsync($"{filler}, once", Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.InsufficientStorage, once.StatusCode);

            var stored = await client.GetQuotesAsync();
            Assert.Equal(acknowledged, stored.Count(quote => quote.StartsWith(filler, StringComparison.Ordinal)));

            // Health says what is wrong: the service is degraded (reads work, posts do not), and why.
            using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            var report = await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.StartsWith("Degraded\nquote-store-memory: Degraded. The quote store is full:", report, StringComparison.Ordinal);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            TestContext.Current.TestOutputHelper?.WriteLine($"{RedisStoreHostSelector.NameOf(host)} with maxmemory 3mb: {acknowledged} quotes of 900 characters, then 507; all {stored.Length} still listed");
        }
        finally
        {
            await QuoteGraph.StopAsync(app);
        }
    }
}

[Trait(Tier.Name, Tier.Graph)]
public sealed class StoreFullOnRedisServerTests() : StoreFullTests(RedisStoreHost.RedisServer);

[Trait(Tier.Name, Tier.Graph)]
public sealed class StoreFullInContainerTests() : StoreFullTests(RedisStoreHost.Container);
