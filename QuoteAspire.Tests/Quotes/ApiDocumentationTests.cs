using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>The API describes itself: an OpenAPI document with every answer, a JSON index and an offline reference page.</summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class ApiDocumentationTests(RedisServerAppFixture fixture)
{
    [Theory]
    [InlineData("post", new[] { "201", "400", "413", "415", "422", "429", "503", "507" })]
    [InlineData("get", new[] { "200", "400", "503" })]
    public async Task OpenApiDocumentDescribesEveryAnswerOfQuotes(string method, string[] statuses)
    {
        using var client = fixture.CreateContractClient();

        using var document = await GetDocumentAsync(client);

        var responses = document.RootElement.GetProperty("paths").GetProperty("/quotes").GetProperty(method).GetProperty("responses");
        Assert.Equal(statuses, responses.EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal));
        Assert.All(statuses.Where(status => status[0] is '4' or '5'), status =>
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {status} is described as problem details."));
    }

    [Fact]
    public async Task OpenApiDocumentLetsClientsBuildWorkingRequests()
    {
        using var client = fixture.CreateContractClient();

        using var document = await GetDocumentAsync(client);

        // The server is relative, so it names no host (localhost here, a pod behind an Ingress in a cluster): resolved
        // against the document's own URL, as OpenAPI says, with the path it is the API the document came from.
        var server = Assert.Single(document.RootElement.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString()!;
        Assert.Equal("/", server);
        var documentUri = new Uri(client.BaseAddress!, QuoteClient.OpenApiDocumentPath);
        Assert.Equal(new Uri(client.BaseAddress!, "/quotes"), new Uri(new Uri(documentUri, server), "quotes"));
        var quote = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("QuoteSubmission").GetProperty("properties").GetProperty("quote");
        Assert.Equal("string", quote.GetProperty("type").GetString());
        Assert.Equal(1, quote.GetProperty("minLength").GetInt32());
        Assert.Equal(1000, quote.GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task OpenApiDocumentSaysWhoItIsAndThatNoAuthenticationIsNeeded()
    {
        using var client = fixture.CreateContractClient();

        using var document = await GetDocumentAsync(client);

        var info = document.RootElement.GetProperty("info");
        Assert.Equal("QuoteAspire API", info.GetProperty("title").GetString());
        Assert.Contains("POST /quotes", info.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("contact").GetProperty("name").GetString()));
        Assert.Equal("MIT", info.GetProperty("license").GetProperty("identifier").GetString());
        Assert.Equal(0, document.RootElement.GetProperty("security").GetArrayLength());
        Assert.All(document.RootElement.GetProperty("tags").EnumerateArray(), tag =>
            Assert.False(string.IsNullOrWhiteSpace(tag.GetProperty("description").GetString()), $"Tag {tag.GetProperty("name")} has a description."));
    }

    [Theory]
    [InlineData("offset", "int64", 0, long.MaxValue, 0)]
    [InlineData("limit", "int32", 1, 1000, 100)]
    public async Task OpenApiDocumentTypesThePagingParametersWithTheBoundsTheCodeEnforces(string name, string format, long minimum, long maximum, long @default)
    {
        using var client = fixture.CreateContractClient();

        using var document = await GetDocumentAsync(client);

        var parameter = Assert.Single(
            document.RootElement.GetProperty("paths").GetProperty("/quotes").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            parameter => parameter.GetProperty("name").GetString() == name);
        var schema = parameter.GetProperty("schema");
        Assert.Equal("query", parameter.GetProperty("in").GetString());
        Assert.Equal("integer", schema.GetProperty("type").GetString());
        Assert.Equal(format, schema.GetProperty("format").GetString());
        Assert.Equal(minimum, schema.GetProperty("minimum").GetInt64());
        Assert.Equal(maximum, schema.GetProperty("maximum").GetInt64());
        Assert.Equal(@default, schema.GetProperty("default").GetInt64());
        Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()));
        Assert.InRange(parameter.GetProperty("example").GetInt64(), minimum, maximum);

        // The bounds are the ones the API enforces: one past each is refused, naming the parameter.
        foreach (var outside in (long[])[minimum - 1, .. maximum < long.MaxValue ? [maximum + 1] : Array.Empty<long>()])
        {
            using var refused = await client.GetAsync($"/quotes?{name}={outside}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.ReadProblemAsync()).GetProperty("errors").TryGetProperty(name, out _), $"{name}={outside} is refused by name.");
        }
    }

    [Theory]
    [InlineData("get", "200", new[] { "Link", "X-Total-Count" })]
    [InlineData("get", "503", new[] { "Retry-After" })]
    [InlineData("post", "201", new[] { "Idempotent-Replayed", "Location" })]
    [InlineData("post", "429", new[] { "Retry-After" })]
    [InlineData("post", "503", new[] { "Retry-After" })]
    public async Task OpenApiDocumentDeclaresTheHeadersEachAnswerSends(string method, string status, string[] headers)
    {
        using var client = fixture.CreateContractClient();

        using var document = await GetDocumentAsync(client);

        var declared = document.RootElement.GetProperty("paths").GetProperty("/quotes").GetProperty(method)
            .GetProperty("responses").GetProperty(status).GetProperty("headers");
        Assert.Equal(headers, declared.EnumerateObject().Select(header => header.Name).Order(StringComparer.Ordinal));
        Assert.All(declared.EnumerateObject(), header =>
        {
            Assert.False(string.IsNullOrWhiteSpace(header.Value.GetProperty("description").GetString()), $"{header.Name} says when it is sent.");
            Assert.True(header.Value.TryGetProperty("schema", out _), $"{header.Name} has a schema.");
        });
    }

    [Fact]
    public async Task AnswersSendTheHeadersTheDocumentDeclares()
    {
        using var client = fixture.CreateContractClient();
        var key = Guid.NewGuid().ToString();
        using var first = await client.PostFormOnceAsync($"Declared headers {key}", key);
        using var replay = await client.PostFormOnceAsync($"Declared headers {key}", key);
        using var page = await client.GetAsync("/quotes?offset=1&limit=1", TestContext.Current.CancellationToken);

        Assert.Equal("/quotes", first.Headers.Location?.OriginalString);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        Assert.True(page.Headers.Contains("X-Total-Count"));
        Assert.Contains("rel=\"prev\"", Assert.Single(page.Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootAnswersJsonClientsWithAnIndexOfTheEndpoints()
    {
        using var client = fixture.CreateContractClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var quotes = index.RootElement.GetProperty("documentation").GetProperty("/quotes");
        Assert.Contains("application/x-www-form-urlencoded", quotes.GetProperty("POST").GetProperty("accepts").EnumerateArray().Select(type => type.GetString()));
        Assert.EndsWith("/quotes", quotes.GetProperty("GET").GetProperty("example").GetString(), StringComparison.Ordinal);
        Assert.Equal(QuoteClient.OpenApiDocumentPath, index.RootElement.GetProperty("openApi").GetString());
        Assert.False(index.RootElement.GetProperty("documentation").TryGetProperty("/health", out _), "Only the API is indexed.");
    }

    [Fact]
    public async Task RootSendsBrowsersToAReferencePageWhoseScriptsAreServedLocally()
    {
        using var client = fixture.CreateContractClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        // The client follows the redirect, as a browser does.
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var pageUri = response.RequestMessage!.RequestUri!;
        Assert.Equal("/docs/v1", pageUri.AbsolutePath);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var scripts = System.Text.RegularExpressions.Regex.Matches(page, "<script[^>]*src=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, source => Assert.DoesNotMatch("^(https?:)?//", source));
        foreach (var source in scripts)
        {
            using var script = await client.GetAsync(new Uri(pageUri, source), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        Assert.Contains("\"withDefaultFonts\":false", page, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> GetDocumentAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetOpenApiDocumentAsync());
}
