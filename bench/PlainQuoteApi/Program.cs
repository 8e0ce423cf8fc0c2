using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

// The same routes and wire format as QuoteAspire.ApiService, as plainly as minimal APIs allow:
// POST /quotes (form field "quote") -> 201 {"quote": ...}; GET /quotes -> JSON array of strings;
// GET /quotes?offset=&limit= -> that page with X-Total-Count; GET /health -> 200 once the store answers.
const string QuotesKey = "quotes";

var builder = WebApplication.CreateSlimBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("quote-store")
    ?? throw new InvalidOperationException("Set ConnectionStrings__quote-store to the Redis connection string.");
builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connectionString));
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, PlainJsonContext.Default);
    // Quotes come back as written, not as \u escapes, as the frontend sends them.
    options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});

var app = builder.Build();
var store = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

app.MapPost("/quotes", async ([FromForm] string quote) =>
{
    await store.ListRightPushAsync(QuotesKey, quote).ConfigureAwait(false);
    return TypedResults.Created("/quotes", new PlainQuote(quote));
}).DisableAntiforgery();

app.MapGet("/quotes", async (int? offset, int? limit, HttpResponse response) =>
{
    if (offset is null && limit is null)
    {
        return TypedResults.Ok(ToStrings(await store.ListRangeAsync(QuotesKey).ConfigureAwait(false)));
    }

    var start = offset ?? 0;
    var total = store.ListLengthAsync(QuotesKey);
    var page = store.ListRangeAsync(QuotesKey, start, start + (limit ?? 100) - 1);
    var quotes = ToStrings(await page.ConfigureAwait(false));
    response.Headers["X-Total-Count"] = (await total.ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture);
    return TypedResults.Ok(quotes);
});

app.MapGet("/health", async () =>
{
    await store.PingAsync().ConfigureAwait(false);
    return TypedResults.Text("Healthy");
});

app.Run();

static string[] ToStrings(RedisValue[] values) => Array.ConvertAll(values, value => (string)value!);

/// <summary>The answer to a stored quote, as the frontend gives it.</summary>
internal sealed record PlainQuote(string Quote);

/// <summary>The JSON of the answers, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlainQuote))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class PlainJsonContext : JsonSerializerContext;
