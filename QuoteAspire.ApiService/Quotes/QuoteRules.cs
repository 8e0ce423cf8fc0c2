namespace QuoteAspire.ApiService.Quotes;

/// <summary>What makes a quote acceptable: 1 to <see cref="MaxLength"/> characters once trimmed.</summary>
internal static class QuoteRules
{
    /// <summary>The most characters (Unicode scalar values, so an emoji counts once) a trimmed quote may have.</summary>
    public const int MaxLength = 1000;

    /// <summary>The error for the <c>quote</c> field and the problem's detail, or null when the quote is acceptable.</summary>
    public static (string Error, string Detail)? Check(string? quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return (
                $"A quote is required: send a non-empty '{QuoteSubmission.FieldName}' form field or JSON property.",
                $"The '{QuoteSubmission.FieldName}' field is missing, empty or only white space; nothing was stored.");
        }

        var length = quote.Trim().EnumerateRunes().Count();
        return length > MaxLength
            ? (
                $"A quote may have at most {MaxLength} characters after trimming; this one has {length}.",
                $"The '{QuoteSubmission.FieldName}' field is longer than {MaxLength} characters; nothing was stored.")
            : null;
    }
}
