using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>The JSON of <c>/quotes</c>, source-generated.</summary>
[JsonSerializable(typeof(QuoteSubmission))]
[JsonSerializable(typeof(StoredQuote))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IAsyncEnumerable<string>))]
// A quote given twice ({"quote": "a", "quote": "b"}) is refused, as in forms, instead of the last one winning silently.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
internal sealed partial class QuoteJsonContext : JsonSerializerContext;
