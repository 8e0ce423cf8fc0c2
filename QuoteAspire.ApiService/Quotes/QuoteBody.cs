using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>What <see cref="QuoteSubmissionReader"/> found in a body: the quote field's text, or why there is none to read.</summary>
internal abstract record QuoteBody
{
    private QuoteBody()
    {
    }

    /// <summary>The body was read; <paramref name="Quote"/> is the field as sent, null when the body has none.</summary>
    public sealed record Read(string? Quote) : QuoteBody;

    /// <summary>The body cannot be read as a quote submission (size, type, encoding, syntax): <paramref name="Problem"/> says why.</summary>
    public sealed record Refused(ProblemHttpResult Problem) : QuoteBody;
}
