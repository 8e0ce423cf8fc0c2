using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// The quote API over HTTP, on the whole graph started by the AppHost. The same tests run against
/// every store host: see the classes at the end of this file.
/// </summary>
public abstract class QuoteApiTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    protected TFixture Fixture { get; } = fixture;

    [Fact]
    public async Task ArticleQuotesPostedAsFormFieldsAreListedInTheOrderTheyWereAdded()
    {
        using var client = Fixture.CreateContractClient();

        foreach (var quote in QuoteSamples.ArticleQuotes)
        {
            using var response = await client.PostFormAsync(quote);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(quote, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("quote").GetString());
        }

        var quotes = await client.GetQuotesAsync();
        Assert.Equal(QuoteSamples.ArticleQuotes, quotes[^QuoteSamples.ArticleQuotes.Length..]);
    }

    [Fact]
    public async Task TheReadmesCurlCommandsWorkAsWritten()
    {
        using var client = Fixture.CreateContractClient();
        var curls = DocumentedCommands.RunFrom(QuoteSamples.ReadmeFirstCurl);
        Assert.Equal(QuoteSamples.ArticleQuotes.Length + 1, curls.Count);

        var printed = new List<(DocumentedCommand Curl, string Output)>();
        foreach (var curl in curls)
        {
            // As typed; only the address is this graph's.
            var (exitCode, output) = await curl.RunThroughShellAsync(client.BaseAddress!);
            Assert.True(exitCode == 0, $"{curl} exited with {exitCode}:\n{output}");
            printed.Add((curl, output));
        }

        // The last one prints the list, oldest first; curl's progress meter follows it on standard error.
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(printed[^1].Output));
        var listed = JsonSerializer.Deserialize<string[]>(ref reader)!;
        Assert.True(
            listed.TakeLast(QuoteSamples.ArticleQuotes.Length).SequenceEqual(QuoteSamples.ArticleQuotes),
            $"The list does not end with the article's quotes in order. What the commands printed:\n{string.Join("\n\n", printed.Select(run => $"{run.Curl.Text}\n{run.Output}"))}");
    }

    [Fact]
    public async Task QuotePostedAsJsonIsStored()
    {
        using var client = Fixture.CreateContractClient();
        var quote = $"Simplicity is prerequisite for reliability. ~ Edsger W. Dijkstra ({Guid.NewGuid()})";

        using var response = await client.PostJsonAsync(quote);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(quote, (await client.GetQuotesAsync())[^1]);
    }

    [Fact]
    public async Task QuotePostedAsMultipartFormIsStored()
    {
        using var client = Fixture.CreateContractClient();
        var quote = $"Talk is cheap. Show me the code. ~ Linus Torvalds ({Guid.NewGuid()})";
        using var form = new MultipartFormDataContent { { new StringContent(quote), "quote" } };

        using var response = await client.PostAsync("/quotes", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(quote, (await client.GetQuotesAsync())[^1]);
    }

    [Theory]
    [InlineData("Ce qui est simple est toujours faux. ~ Paul Valéry")]
    [InlineData("千里之行，始於足下。 ~ 老子")]
    [InlineData("Ship it 🚀🐛 — then fix it 🛠️")]
    [InlineData("Ünïcödé with a combining mark: e\u0301 and a zero-width joiner: 👩‍💻")]
    public async Task UnicodeQuotesRoundTripExactly(string text)
    {
        using var client = Fixture.CreateContractClient();
        var quote = $"{text} [{Guid.NewGuid():N}]";

        using var formResponse = await client.PostFormAsync(quote);
        using var jsonResponse = await client.PostJsonAsync(quote);

        Assert.Equal(HttpStatusCode.Created, formResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, jsonResponse.StatusCode);
        var stored = await client.GetQuotesAsync();
        Assert.Equal([quote, quote], stored[^2..]);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(quote), System.Text.Encoding.UTF8.GetBytes(stored[^1]));

        // A page writes the quote exactly as the whole list does, and both write the text as people wrote it: the only
        // \u escapes are for characters beyond the Basic Multilingual Plane (emoji), which the JSON encoder always escapes.
        var cancel = TestContext.Current.CancellationToken;
        var whole = await client.GetStringAsync("/quotes", cancel);
        using (var list = System.Text.Json.JsonDocument.Parse(whole))
        {
            var written = list.RootElement[list.RootElement.GetArrayLength() - 1].GetRawText();
            Assert.Equal($"[{written}]", await client.GetStringAsync($"/quotes?offset={stored.Length - 1}&limit=1", cancel));
            Assert.Equal(quote.Any(char.IsSurrogate), written.Contains("\\u", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(QuoteSamples.MissingQuoteBodies), MemberType = typeof(QuoteSamples))]
    public async Task MissingEmptyOrBlankQuoteIsRejectedAndNothingIsStored(string body, string contentType)
    {
        using var client = Fixture.CreateContractClient();
        var before = await client.GetQuotesAsync();

        using var response = await client.PostRawAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("quote", out _), "The problem names the 'quote' field.");
        Assert.Contains("quote", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetQuotesAsync());
    }

    [Fact]
    public async Task MalformedJsonIsRejectedWithAProblemThatShowsTheExpectedShape()
    {
        using var client = Fixture.CreateContractClient();
        var before = await client.GetQuotesAsync();

        using var response = await client.PostRawAsync("{\"quote\": ", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains("{\"quote\": \"text\"}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetQuotesAsync());
    }

    [Fact]
    public async Task UnsupportedContentTypeIsRejectedWithTheTypesThatWork()
    {
        using var client = Fixture.CreateContractClient();

        using var response = await client.PostRawAsync("quote=plain text", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains("application/x-www-form-urlencoded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeListLongerThanOneStoreReadStreamsAsOneArrayInOrder()
    {
        using var client = Fixture.CreateContractClient();
        var marker = Guid.NewGuid().ToString("N");
        var mine = Enumerable.Range(0, 520).Select(i => $"streamed {marker} #{i:D3}").ToArray();
        foreach (var batch in mine.Chunk(20))
        {
            // Posted one batch at a time, in order, so the list order is known.
            foreach (var quote in batch)
            {
                using var response = await client.PostFormAsync(quote);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }

        var quotes = await client.GetQuotesAsync();

        Assert.Equal(mine, quotes.Where(quote => quote.Contains(marker, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PagingReturnsTheSliceWithTotalCountAndLinks()
    {
        using var client = Fixture.CreateContractClient();
        var marker = Guid.NewGuid().ToString("N");
        var mine = Enumerable.Range(0, 5).Select(i => $"paged {marker} #{i}").ToArray();
        foreach (var quote in mine)
        {
            using var posted = await client.PostFormAsync(quote);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using var head = await client.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
        var total = long.Parse(Assert.Single(head.Headers.GetValues("X-Total-Count")), System.Globalization.CultureInfo.InvariantCulture);
        var offset = total - 4;

        using var response = await client.GetAsync($"/quotes?offset={offset}&limit=2", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mine[1..3], await response.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken));
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        var link = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.Contains($"</quotes?offset={offset + 2}&limit=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains($"</quotes?offset={Math.Max(0, offset - 2)}&limit=2>; rel=\"prev\"", link, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=1.5&limit=10", "offset")]
    public async Task BadPagingValuesAreRejectedNamingTheParameter(string query, string parameter)
    {
        using var client = Fixture.CreateContractClient();

        using var response = await client.GetAsync($"/quotes?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"The problem names '{parameter}'.");
    }

    [Fact]
    public async Task QuoteOfAThousandCharactersIsStoredAndOneMoreIsRejectedNamingTheLimit()
    {
        using var client = Fixture.CreateContractClient();
        var longest = $"  {new string('x', 967)} {Guid.NewGuid():N}  ";
        var tooLong = new string('y', 1001);
        var before = await client.GetQuotesAsync();

        using var accepted = await client.PostFormAsync(longest);
        using var rejected = await client.PostJsonAsync(tooLong);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var problem = await rejected.ReadProblemAsync();
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("quote")[0].GetString(), StringComparison.Ordinal);
        var after = await client.GetQuotesAsync();
        Assert.Equal([.. before, longest], after);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyOverSixteenKibibytesIsRejectedWith413(bool declaresLength)
    {
        using var client = Fixture.CreateContractClient();
        var body = "quote=" + new string('z', 17 * 1024);
        using var content = declaresLength
            ? (HttpContent)new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")
            : new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        if (!declaresLength)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await client.PostAsync("/quotes", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16 KiB", (await response.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndStoresNothingNew()
    {
        using var client = Fixture.CreateContractClient();
        var key = Guid.NewGuid().ToString();
        var quote = $"Retried once, stored once ({key})";

        using var first = await client.PostFormOnceAsync(quote, key);
        using var retry = await client.PostFormOnceAsync(quote, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(
            await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Single(await client.GetQuotesAsync(), stored => stored == quote);
    }

    [Fact]
    public async Task RacingRetriesWithOneIdempotencyKeyStoreTheQuoteExactlyOnce()
    {
        using var client = Fixture.CreateContractClient();
        var key = Guid.NewGuid().ToString();
        var quote = $"Raced by ten retries ({key})";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostFormOnceAsync(quote, key)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        Assert.Single(responses, response => !response.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(await client.GetQuotesAsync(), stored => stored == quote);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task AnIdempotencyKeyReusedForAnotherQuoteIsRejected()
    {
        using var client = Fixture.CreateContractClient();
        var key = Guid.NewGuid().ToString();
        using var first = await client.PostFormOnceAsync($"The first quote ({key})", key);
        var before = await client.GetQuotesAsync();

        using var reused = await client.PostFormOnceAsync($"Another quote ({key})", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("new key", (await reused.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetQuotesAsync());
    }

    [Fact]
    public async Task AnIdempotencyKeyLongerThan255CharactersIsRejected()
    {
        using var client = Fixture.CreateContractClient();

        using var response = await client.PostFormOnceAsync("never stored", new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task FrontendFindsTheStoreThroughItsAspireConnectionString()
    {
        Fixture.SkipWhenUnavailable();
        Fixture.SkipUnlessGraph();

        // Read from the AppHost's log, which keeps every console line of the run: a fault test may have
        // killed and restarted the frontend, and a restart empties the console the dashboard shows.
        string? logged = null;
        await Bounded.UntilAsync(
            () => Task.FromResult((logged = Fixture.AppHostLogs.Lines.FirstOrDefault(line =>
                line.Contains($"Resources.{QuoteAppFixture.Frontend}:", StringComparison.Ordinal)
                && line.Contains("found through the connection string ConnectionStrings:quote-store", StringComparison.Ordinal))) is not null),
            Bounded.ResourceHealthy,
            "quote-frontend to log where it found the store");

        Assert.DoesNotContain(Fixture.StorePassword, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachRequestIsLoggedToTheFrontendsConsoleButHealthProbesAreNot()
    {
        Fixture.SkipUnlessGraph();
        using var client = Fixture.CreateContractClient();
        var offset = Random.Shared.Next(1_000_000, 9_999_999);

        using var response = await client.GetAsync($"/quotes?limit=3&offset={offset}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Fixture.App.WaitForLogLineAsync(QuoteAppFixture.Frontend, line => line.Contains($"QueryString: ?limit=3&offset={offset}", StringComparison.Ordinal));
        var logs = Fixture.App.Services.GetRequiredService<ResourceLoggerService>();
        var frontend = Fixture.App.ResourceNamed(QuoteAppFixture.Frontend);
        var requestLines = new List<string>();
        await foreach (var batch in logs.GetAllAsync(frontend).WithCancellation(TestContext.Current.CancellationToken))
        {
            requestLines.AddRange(batch.Select(line => line.Content).Where(line => line.Contains("Path: /", StringComparison.Ordinal)));
        }

        Assert.Contains(requestLines, line => line.Contains("Path: /quotes", StringComparison.Ordinal));
        // The AppHost's health checks asked /health several times by now.
        Assert.DoesNotContain(requestLines, line => line.Contains("Path: /health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthAndAlivenessAreServed()
    {
        using var client = Fixture.CreateContractClient();

        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class QuoteApiOnRedisServerTests(RedisServerAppFixture fixture)
    : QuoteApiTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class QuoteApiOnGarnetTests(GarnetAppFixture fixture)
    : QuoteApiTests<GarnetAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(ContainerGraph.Name)]
public sealed class QuoteApiInContainerTests(ContainerAppFixture fixture)
    : QuoteApiTests<ContainerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Outer)]
[Collection(NativeFrontendGraph.Name)]
public sealed class QuoteApiOnNativeFrontendTests(NativeFrontendAppFixture fixture)
    : QuoteApiTests<NativeFrontendAppFixture>(fixture);
