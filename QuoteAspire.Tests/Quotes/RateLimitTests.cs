using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// POST /quotes is limited per client; the frontend under test lets a client post
/// <see cref="RedisServerAppFixture.RateLimitBurst"/> quotes at once, then one a second.
/// </summary>
[Collection(RedisServerGraph.Name)]
public sealed class RateLimitTests(RedisServerAppFixture fixture)
{
    [Fact]
    public async Task PostsBeyondTheClientsBurstGet429WithRetryAfterAndAreNotStored()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateFrontendClient(RedisServerAppFixture.RateLimitedFrontend);
        var run = Guid.NewGuid();
        var quotes = Enumerable.Range(0, RedisServerAppFixture.RateLimitBurst * 3).Select(i => $"Rate limited {run} #{i}").ToArray();

        // All at once: the bucket holds the burst, and refills one a second, far slower than these arrive.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(quotes.Select(client.PostFormAsync));
        var refills = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        try
        {
            var accepted = quotes.Where((_, i) => responses[i].StatusCode == HttpStatusCode.Created).ToHashSet();
            var refused = quotes.Where((_, i) => responses[i].StatusCode == HttpStatusCode.TooManyRequests).ToHashSet();
            TestContext.Current.TestOutputHelper?.WriteLine($"{quotes.Length} posted at once: {accepted.Count} accepted, {refused.Count} refused with 429.");

            Assert.Equal(quotes.Length, accepted.Count + refused.Count);
            Assert.InRange(accepted.Count, RedisServerAppFixture.RateLimitBurst, RedisServerAppFixture.RateLimitBurst + refills);
            foreach (var response in responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests))
            {
                var problem = await response.ReadProblemAsync();
                Assert.Contains("try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
                Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            }

            // Reading is not limited, and shows exactly the accepted quotes of this run.
            var stored = (await client.GetQuotesAsync()).Where(quote => quote.StartsWith($"Rate limited {run}", StringComparison.Ordinal));
            Assert.Equal(accepted.Order(), stored.Order());

            // After the wait the answer named, the client may post again.
            var wait = int.Parse(responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(wait), TestContext.Current.CancellationToken);
            using var again = await client.PostFormAsync($"Rate limited {run}, after waiting");
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task TheAppHostsFrontendsTakeTheSuitesRaisedLimit()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateFrontendClient();
        var run = Guid.NewGuid();

        // Far beyond the frontend's default burst (20): QuoteFrontend:RateLimit reached it through the AppHost.
        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.PostFormAsync($"Raised limit {run} #{i}")));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
