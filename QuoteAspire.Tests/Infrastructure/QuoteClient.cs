using System.Net.Http.Json;
using System.Text.Json;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Talks to <c>/quotes</c> the way the article's curl commands and JSON clients do.</summary>
public static class QuoteClient
{
    /// <summary>Posts <paramref name="quote"/> as the form field <c>quote</c>, like <c>curl -d "quote=..."</c>.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string quote) =>
        client.PostAsync("/quotes", new FormUrlEncodedContent([new("quote", quote)]), TestContext.Current.CancellationToken);

    /// <summary>Posts <paramref name="quote"/> as a proxy would for <paramref name="forwardedFor"/>: with an <c>X-Forwarded-For</c> header.</summary>
    public static Task<HttpResponseMessage> PostFormForwardedForAsync(this HttpClient client, string quote, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/quotes") { Content = new FormUrlEncodedContent([new("quote", quote)]) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts <paramref name="quote"/> as a form field with an <c>Idempotency-Key</c> header.</summary>
    public static Task<HttpResponseMessage> PostFormOnceAsync(this HttpClient client, string quote, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/quotes") { Content = new FormUrlEncodedContent([new("quote", quote)]) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a JSON body <c>{"quote": ...}</c>.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string quote) =>
        client.PostAsJsonAsync("/quotes", new { quote }, TestContext.Current.CancellationToken);

    /// <summary>Posts a body as it is, with the given content type.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string contentType) =>
        client.PostAsync("/quotes", new StringContent(body, System.Text.Encoding.UTF8, contentType), TestContext.Current.CancellationToken);

    /// <summary>Reads every quote with <c>GET /quotes</c>, which must answer 200 with a JSON array.</summary>
    public static async Task<string[]> GetQuotesAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/quotes", TestContext.Current.CancellationToken).WaitAsync(Bounded.HttpRequest, "GET /quotes");
        return await ReadQuotesAsync(response);
    }

    /// <summary>
    /// Reads every quote once the store answers again after an outage: <c>GET /quotes</c> is sent again while the answer is
    /// the store-unreachable 503, as its <c>Retry-After</c> asks (reads go to the store's primary only, so a moment
    /// without one, after a failover or a restart, answers that). For the fault tests only: elsewhere a 503 is a failure.
    /// </summary>
    public static async Task<string[]> GetQuotesAfterOutageAsync(this HttpClient client)
    {
        var (answer, _) = await StoreUnreachable.ResendWhileAsync(() => client.GetAsync("/quotes", TestContext.Current.CancellationToken), "GET /quotes");
        using var response = answer;
        return await ReadQuotesAsync(response);
    }

    private static async Task<string[]> ReadQuotesAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"GET /quotes answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("GET /quotes answered null instead of an array.");
    }

    /// <summary>Where the frontend serves its OpenAPI document.</summary>
    public const string OpenApiDocumentPath = "/openapi/v1.json";

    /// <summary>The OpenAPI document as the frontend serves it.</summary>
    public static Task<string> GetOpenApiDocumentAsync(this HttpClient client) =>
        client.GetStringAsync(OpenApiDocumentPath, TestContext.Current.CancellationToken).WaitAsync(Bounded.HttpRequest, "the served OpenAPI document");

    /// <summary>Saves the OpenAPI document the frontend serves as <paramref name="path"/>, for a tool to read.</summary>
    public static async Task SaveOpenApiDocumentAsync(this HttpClient client, string path) =>
        await File.WriteAllTextAsync(path, await client.GetOpenApiDocumentAsync(), TestContext.Current.CancellationToken);

    /// <summary>The problem details of an error answer, checked to be <c>application/problem+json</c>.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
