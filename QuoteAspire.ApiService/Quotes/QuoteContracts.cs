using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>A quote as a client sends it, in a form field or a JSON property named <c>quote</c>.</summary>
public sealed record QuoteSubmission(string? Quote)
{
    public const string FieldName = "quote";
}

/// <summary>The answer to a stored quote: the quote as it was stored.</summary>
public sealed record StoredQuote(string Quote);

[JsonSerializable(typeof(QuoteSubmission))]
[JsonSerializable(typeof(StoredQuote))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IAsyncEnumerable<string>))]
[JsonSerializable(typeof(QuoteAspire.ApiService.Documentation.ApiIndex))]
// A quote given twice ({"quote": "a", "quote": "b"}) is refused, as in forms, instead of the last one winning silently.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
internal sealed partial class QuoteJsonContext : JsonSerializerContext;
