using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>The API describes itself: an OpenAPI document with every answer, a JSON index and an offline reference page.</summary>
[Collection(RedisServerGraph.Name)]
public sealed class ApiDocumentationTests(RedisServerAppFixture fixture)
{
    [Theory]
    [InlineData("post", new[] { "201", "400", "413", "415", "422", "429", "503", "507" })]
    [InlineData("get", new[] { "200", "400", "503" })]
    public async Task OpenApiDocumentDescribesEveryAnswerOfQuotes(string method, string[] statuses)
    {
        using var client = fixture.CreateContractClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var responses = document.RootElement.GetProperty("paths").GetProperty("/quotes").GetProperty(method).GetProperty("responses");
        Assert.Equal(statuses, responses.EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal));
        Assert.All(statuses.Where(status => status[0] is '4' or '5'), status =>
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {status} is described as problem details."));
    }

    [Fact]
    public async Task OpenApiDocumentLetsClientsBuildWorkingRequests()
    {
        using var client = fixture.CreateContractClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        // Clients join the server URL and the path as text: a trailing slash would make "//quotes".
        var server = document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString()!;
        Assert.False(server.EndsWith('/'), $"The server URL '{server}' ends with a slash.");
        Assert.Equal("/quotes", new Uri(server + "/quotes").AbsolutePath);
        var quote = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("QuoteSubmission").GetProperty("properties").GetProperty("quote");
        Assert.Equal("string", quote.GetProperty("type").GetString());
        Assert.Equal(1, quote.GetProperty("minLength").GetInt32());
        Assert.Equal(1000, quote.GetProperty("maxLength").GetInt32());
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
        Assert.Equal("/openapi/v1.json", index.RootElement.GetProperty("openApi").GetString());
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
}
