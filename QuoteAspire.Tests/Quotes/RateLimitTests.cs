using System.Globalization;
using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// POST /quotes is limited per client, with the budget kept in the store: the frontends under test let a client
/// post a small burst at once, then one a second (see <see cref="RedisServerAppFixture"/>).
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class RateLimitTests(RedisServerAppFixture fixture)
{
    private static readonly TimeSpan BudgetRefill = TimeSpan.FromSeconds((double)RedisServerAppFixture.RateLimitBurst / RedisServerAppFixture.RateLimitPostsPerSecond + 1);

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    // Each second the burst takes lets one more through.
    private static int RefillsDuring(TimeSpan elapsed) => (int)Math.Ceiling(elapsed.TotalSeconds) * RedisServerAppFixture.RateLimitPostsPerSecond;

    private static async Task<(HttpResponseMessage[] Responses, int Refills)> PostAllAtOnceAsync(string[] quotes, Func<int, string, Task<HttpResponseMessage>> post)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(quotes.Select((quote, i) => post(i, quote)));
        Report($"{quotes.Length} posts answered in {clock.Elapsed.TotalMilliseconds:F0} ms");
        return (responses, RefillsDuring(clock.Elapsed));
    }

    private static int Count(HttpResponseMessage[] responses, HttpStatusCode status) => responses.Count(response => response.StatusCode == status);

    // Every post not accepted was refused by the limit.
    private static void AssertEveryRefusalIsTheLimit(HttpResponseMessage[] responses)
    {
        var refusals = responses.Where(response => response.StatusCode != HttpStatusCode.Created).Select(response => response.StatusCode).ToList();
        Assert.True(
            refusals.All(status => status is HttpStatusCode.TooManyRequests),
            $"Posts were refused with {string.Join(", ", refusals.CountBy(status => status).Select(group => $"{group.Value} x {(int)group.Key}"))}; only 429 fits.");
    }

    [Fact]
    public async Task TwoReplicasLimitAClientsBurstOnceNotTwiceAnd429sSayWhenToComeBack()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        var replicas = await fixture.App.CreateReplicaClientsAsync(RedisServerAppFixture.RateLimitedFrontend);
        Assert.Equal(2, replicas.Count);
        using var proxy = fixture.CreateFrontendClient(RedisServerAppFixture.RateLimitedFrontend);
        var run = Guid.NewGuid();
        var quotes = Enumerable.Range(0, RedisServerAppFixture.RateLimitBurst * 3).Select(i => $"Rate limited {run} #{i}").ToArray();

        // A budget left over by another test would make the burst look smaller than it is.
        await Task.Delay(BudgetRefill, TestContext.Current.CancellationToken);
        // All at once, half to each replica: each replica alone would let a whole burst through.
        var (responses, refills) = await PostAllAtOnceAsync(quotes, (i, quote) => replicas[i % 2].PostFormAsync(quote));
        try
        {
            var accepted = quotes.Where((_, i) => responses[i].StatusCode == HttpStatusCode.Created).ToHashSet();
            Report($"{quotes.Length} posted at once across two replicas: {accepted.Count} accepted, {Count(responses, HttpStatusCode.TooManyRequests)} refused with 429.");

            AssertEveryRefusalIsTheLimit(responses);
            Assert.InRange(accepted.Count, RedisServerAppFixture.RateLimitBurst, RedisServerAppFixture.RateLimitBurst + refills);
            foreach (var response in responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests))
            {
                var problem = await response.ReadProblemAsync();
                Assert.Contains("try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
                Assert.InRange(int.Parse(retryAfter, CultureInfo.InvariantCulture), 1, 60);
            }

            // Reading is not limited, and shows exactly the accepted quotes of this run.
            var stored = (await proxy.GetQuotesAsync()).Where(quote => quote.StartsWith($"Rate limited {run}", StringComparison.Ordinal));
            Assert.Equal(accepted.Order(), stored.Order());

            // After the wait the answer named, the client may post again, through the port the replicas share.
            var wait = int.Parse(responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(wait), TestContext.Current.CancellationToken);
            using var again = await proxy.PostFormAsync($"Rate limited {run}, after waiting");
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        finally
        {
            foreach (var disposable in responses.Concat<IDisposable>(replicas))
            {
                disposable.Dispose();
            }
        }
    }

    [Fact]
    public async Task AForgedXForwardedForFromAnUntrustedAddressGainsNoFreshBudget()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateFrontendClient(RedisServerAppFixture.RateLimitedFrontend);
        var run = Guid.NewGuid();
        var quotes = Enumerable.Range(0, RedisServerAppFixture.RateLimitBurst * 3).Select(i => $"Forged {run} #{i}").ToArray();

        await Task.Delay(BudgetRefill, TestContext.Current.CancellationToken);
        // The frontend trusts no proxy, as by default: each post claims to come from a new client.
        var (responses, refills) = await PostAllAtOnceAsync(quotes, (i, quote) => client.PostFormForwardedForAsync(quote, $"203.0.113.{i + 1}"));
        using var _ = new Disposables(responses);
        var accepted = Count(responses, HttpStatusCode.Created);
        Report($"{quotes.Length} posts, each naming another client in X-Forwarded-For, from an untrusted address: {accepted} accepted.");

        Assert.InRange(accepted, RedisServerAppFixture.RateLimitBurst, RedisServerAppFixture.RateLimitBurst + refills);
        AssertEveryRefusalIsTheLimit(responses);
    }

    [Fact]
    public async Task XForwardedForFromATrustedProxyNamesTheClientWhoseBudgetIsUsed()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateFrontendClient(RedisServerAppFixture.TrustingFrontend);
        var run = Guid.NewGuid();
        // Addresses of this run's own, so no budget of an earlier run is found in the store.
        var network = Random.Shared.Next(0, 256);
        string[] clients = [$"198.51.{network}.1", $"198.51.{network}.2"];
        var perClient = RedisServerAppFixture.TrustingFrontendBurst * 2;
        var quotes = clients.SelectMany(address => Enumerable.Range(0, perClient).Select(i => $"Behind a proxy {run} {address} #{i}")).ToArray();

        // Whatever a client writes to the left of what the trusted proxy appended is the client's own claim, and ignored.
        var (responses, refills) = await PostAllAtOnceAsync(quotes, (i, quote) => client.PostFormForwardedForAsync(quote, $"203.0.113.{i + 1}, {clients[i / perClient]}"));
        using var _ = new Disposables(responses);

        foreach (var (address, index) in clients.Select((address, index) => (address, index)))
        {
            var accepted = responses.Skip(index * perClient).Take(perClient).Count(response => response.StatusCode == HttpStatusCode.Created);
            Report($"{perClient} posts forwarded for {address} by a trusted proxy: {accepted} accepted.");
            Assert.InRange(accepted, RedisServerAppFixture.TrustingFrontendBurst, RedisServerAppFixture.TrustingFrontendBurst + refills);
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
        using var _ = new Disposables(responses);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
    }

    private sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
