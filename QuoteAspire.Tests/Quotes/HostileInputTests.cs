using System.Globalization;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// Requests built to break the service (see <see cref="HostileRequests"/>) are sent byte for byte, and
/// each must get a fitting 4xx that explains itself, store nothing and leave the service healthy. The
/// same tests run against every store host: see the classes at the end of this file.
/// </summary>
public abstract class HostileInputTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    protected TFixture Fixture { get; } = fixture;

    [Theory]
    [MemberData(nameof(HostileRequests.Names), MemberType = typeof(HostileRequests))]
    public async Task HostileRequestGetsAFittingClientErrorStoresNothingAndLeavesTheServiceHealthy(string name)
    {
        using var client = Fixture.CreateContractClient();
        var hostile = HostileRequests.Named(name);
        var server = client.BaseAddress!;
        var before = await CountQuotesAsync(client);

        var response = await RawHttpClient.SendAsync(server, hostile.Bytes(server.Authority), $"the answer to '{name}'");
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {response.Status}{(hostile.KestrelBackstop ? " (Kestrel, bare)" : "")}");

        Assert.Equal(hostile.Status, response.Status);
        AssertNothingLeaks(response.Body);
        if (hostile.KestrelBackstop)
        {
            Assert.Null(response.Header("Content-Type"));
            Assert.Equal(string.Empty, response.Body);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Header("Content-Type"));
            Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
            using var problem = JsonDocument.Parse(response.Body);
            Assert.Equal(hostile.Status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()), "The detail says what to fix.");
        }

        Assert.Equal(before, await CountQuotesAsync(client));
        // Still healthy: a frontend the request broke would not answer 200.
        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken).WaitAsync(Bounded.HttpRequest, $"/health after '{name}'");
        Assert.True(
            health.StatusCode == HttpStatusCode.OK,
            $"/health answered {(int)health.StatusCode} after '{name}': {await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    [Theory]
    [InlineData("GET", "/quotes")]
    [InlineData("GET", "/quotes?limit=1")]
    [InlineData("HEAD", "/quotes?limit=1")]
    [InlineData("POST", "/quotes")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/alive")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/docs/v1")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task EveryAnswerTellsBrowsersNotToSniffTheContentType(string method, string path)
    {
        using var client = Fixture.CreateContractClient();
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent([new("quote", $"Sniff-proof {Guid.NewGuid()}")]);
            }

            return await client.SendAsync(request, TestContext.Current.CancellationToken).WaitAsync(Bounded.HttpRequest, $"the answer to {method} {path}");
        }

        using var response = await SendAsync();

        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}.");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task HeadOfQuotesAnswersTheHeadersOfGetWithoutABody()
    {
        using var client = Fixture.CreateContractClient();
        var server = client.BaseAddress!;

        var head = await RawHttpClient.SendAsync(
            server,
            System.Text.Encoding.ASCII.GetBytes($"HEAD /quotes?limit=1 HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"),
            "the answer to HEAD /quotes?limit=1");

        Assert.Equal(200, head.Status);
        Assert.Equal(string.Empty, head.Body);
        Assert.Equal((await CountQuotesAsync(client)).ToString(CultureInfo.InvariantCulture), head.Header("X-Total-Count"));
    }

    /// <summary>No stack trace, exception name or store password in what a client sees.</summary>
    protected void AssertNothingLeaks(string body)
    {
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Fixture.StorePassword, body, StringComparison.Ordinal);
    }

    /// <summary>How many quotes are stored, from the X-Total-Count of a one-quote page.</summary>
    private static async Task<long> CountQuotesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.HttpRequest, "GET /quotes?limit=1 for the number of quotes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(Assert.Single(response.Headers.GetValues("X-Total-Count")), CultureInfo.InvariantCulture);
    }
}

/// <remarks>
/// The unexpected store error is planted on redis-server only: Garnet keeps strings and lists apart, so a
/// list under the Idempotency-Key's name does not break its GET. The frontend is the same either way.
/// </remarks>
public abstract class HostileInputOnRedisServerStoreTests<TFixture>(TFixture fixture) : HostileInputTests<TFixture>(fixture)
    where TFixture : QuoteAppFixture
{
    [Fact]
    public async Task AnUnexpectedStoreErrorAnswers500ProblemWithoutExceptionDetailsEvenInDevelopment()
    {
        using var client = Fixture.CreateContractClient();
        Fixture.SkipUnlessGraph();
        var frontend = Fixture.App.ResourceNamed(QuoteAppFixture.Frontend);
        Assert.Equal("Development", (await ModelInspection.GetEnvironmentAsync(frontend))["ASPNETCORE_ENVIRONMENT"]?.ToString());
        // An Idempotency-Key whose record in the store is a list, not a string: Redis answers WRONGTYPE.
        var key = Guid.NewGuid().ToString();
        await using var redis = await Fixture.App.ConnectToStoreAsync();
        var record = (RedisKey)(QuoteRepository.IdempotencyKeyPrefix + key);
        await redis.GetDatabase().ListRightPushAsync(record, "not a quote");
        try
        {
            using var response = await client.PostFormOnceAsync($"Meets a broken record ({key})", key)
                .WaitAsync(Bounded.HttpRequest, "the answer to a post that meets the broken record");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            var problem = await response.ReadProblemAsync();
            AssertNothingLeaks(problem.ToString());
            Assert.False(problem.TryGetProperty("exception", out _), "No exception details reach the client.");
        }
        finally
        {
            await redis.GetDatabase().KeyDeleteAsync(record);
        }
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class HostileInputOnRedisServerTests(RedisServerAppFixture fixture)
    : HostileInputOnRedisServerStoreTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Outer)]
[Collection(NativeFrontendGraph.Name)]
public sealed class HostileInputOnNativeFrontendTests(NativeFrontendAppFixture fixture)
    : HostileInputOnRedisServerStoreTests<NativeFrontendAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class HostileInputOnGarnetTests(GarnetAppFixture fixture)
    : HostileInputTests<GarnetAppFixture>(fixture);
