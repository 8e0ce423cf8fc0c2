namespace QuoteAspire.ApiService.Quotes;

/// <summary>A quote as a client sends it, in a form field or a JSON property named <c>quote</c>.</summary>
public sealed record QuoteSubmission(string? Quote)
{
    public const string FieldName = "quote";
}
