using System.Net;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// A store that has used all the memory it may (<c>QuoteStore:MaxMemory</c>, noeviction) refuses new quotes with a
/// clear 507, keeps every quote it has, and still serves reads. Each test starts a graph of its own with a tiny limit.
/// </summary>
public abstract class StoreFullTests(QuoteStoreHost host)
{
    private const int MostPostsToFillTheStore = 20_000;

    [Fact]
    public async Task AFullStoreAnswersPostsWith507AndKeepsServingEveryQuoteItHolds()
    {
        var missing = QuoteGraph.MissingPrerequisite(host);
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);
        Assert.SkipWhen(QuoteAppFixture.ExternalBaseUrl is not null, $"{QuoteAppFixture.BaseUrlVariable} is set: this test starts a graph of its own.");
        await using var data = new GraphData(host, "quoteaspire-full-");
        var app = await QuoteGraph.StartAsync(host, data.Path, Guid.NewGuid().ToString("N"), settings: [$"{MaxMemorySetting.ConfigurationKey}=3mb"]);
        try
        {
            using var client = app.CreateFrontendClient();
            var filler = new string('q', 900);
            var acknowledged = 0;
            HttpResponseMessage? refused = null;
            while (refused is null && acknowledged < MostPostsToFillTheStore)
            {
                var response = await client.PostFormAsync($"{filler} #{acknowledged}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged++;
                    response.Dispose();
                }
                else
                {
                    refused = response;
                }
            }

            Assert.True(refused is not null, $"The store took {acknowledged} quotes of 900 characters without filling its 3 MB.");
            using (refused)
            {
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
                var problem = await refused.ReadProblemAsync();
                Assert.Contains("full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            // An idempotent post runs as a script; full, it is refused the same way.
            using var once = await client.PostFormOnceAsync("one more, once", Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.InsufficientStorage, once.StatusCode);

            var stored = await client.GetQuotesAsync();
            Assert.Equal(acknowledged, stored.Count(quote => quote.StartsWith(filler, StringComparison.Ordinal)));
            TestContext.Current.TestOutputHelper?.WriteLine($"{QuoteStoreHostSelector.NameOf(host)} with maxmemory 3mb: {acknowledged} quotes of 900 characters, then 507; all {stored.Length} still listed");
        }
        finally
        {
            await QuoteGraph.StopAsync(app);
        }
    }
}

public sealed class StoreFullOnRedisServerTests() : StoreFullTests(QuoteStoreHost.RedisServer);

public sealed class StoreFullInContainerTests() : StoreFullTests(QuoteStoreHost.Container);
