using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.ApiService.Store;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The store keeps every write it acknowledged across a restart of the whole AppHost: each test starts its own graphs on
/// a data folder of its own. (Across a SIGKILL of the store's process: <c>Faults/StoreKillTests.cs</c>.)
/// </summary>
public abstract class StorePersistenceTests(RedisStoreHost host)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // Each run of the AppHost generates a new password; the data must not depend on it.
    private static string NewPassword() => Convert.ToHexString(Guid.NewGuid().ToByteArray());

    private void SkipUnlessTheStoreRunsHere()
    {
        var missing = QuoteGraph.MissingPrerequisite(host);
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);
        Assert.SkipWhen(QuoteAppFixture.ExternalBaseUrl is not null, $"{QuoteAppFixture.BaseUrlVariable} is set: these tests restart the graph started here.");
    }

    [Fact]
    public async Task QuotesPostedBeforeAnAppHostRestartAreListedAfterIt()
    {
        SkipUnlessTheStoreRunsHere();
        await using var data = new GraphData(host, "quoteaspire-restart-");
        var marker = Guid.NewGuid().ToString("N");
        string[] quotes = [$"Written before the restart {marker} #1", $"Written before the restart {marker} #2"];
        var (onceQuote, onceKey) = ($"Written once before the restart {marker}", Guid.NewGuid().ToString());

        var first = await QuoteGraph.StartAsync(host, data.Path, NewPassword(), settings: [QuoteGraph.OneFrontendReplica, QuoteGraph.ContentStoreCommandTimeout]);
        try
        {
            using var client = first.CreateFrontendClient();
            // Each under a key of its own.
            foreach (var quote in quotes)
            {
                using var posted = await client.PostFormOnceAsync( quote, Guid.NewGuid().ToString());
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            using var postedOnce = await client.PostFormOnceAsync( onceQuote, onceKey);
            Assert.Equal(HttpStatusCode.Created, postedOnce.StatusCode);
        }
        finally
        {
            await QuoteGraph.StopAsync(first);
        }

        string[] expected = [.. quotes, onceQuote];
        var second = await QuoteGraph.StartAsync(host, data.Path, NewPassword(), settings: [QuoteGraph.OneFrontendReplica, QuoteGraph.ContentStoreCommandTimeout]);
        try
        {
            using var client = second.CreateFrontendClient();
            Assert.Equal(expected, Marked(await client.GetQuotesAsync(), marker));

            // The idempotency record came back too: a retry is answered from it and stores nothing.
            using var retry = await client.PostFormOnceAsync( onceQuote, onceKey);
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
            Assert.Equal(expected, Marked(await client.GetQuotesAsync(), marker));
        }
        finally
        {
            await QuoteGraph.StopAsync(second);
        }
    }

    private static string[] Marked(string[] quotes, string marker) =>
        [.. quotes.Where(quote => quote.Contains(marker, StringComparison.Ordinal))];
}

[Trait(Tier.Name, Tier.Graph)]
public sealed class StorePersistenceOnRedisServerTests() : StorePersistenceTests(RedisStoreHost.RedisServer);

[Trait(Tier.Name, Tier.Graph)]
public sealed class StorePersistenceOnGarnetTests() : StorePersistenceTests(RedisStoreHost.Garnet);

[Trait(Tier.Name, Tier.Graph)]
public sealed class StorePersistenceInContainerTests() : StorePersistenceTests(RedisStoreHost.Container);
