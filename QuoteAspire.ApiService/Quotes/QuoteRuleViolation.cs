using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>Why a quote may not be stored: <paramref name="Error"/> for the <c>quote</c> field, <paramref name="Detail"/> for the problem.</summary>
internal sealed record QuoteRuleViolation(string Error, string Detail)
{
    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [QuoteSubmission.FieldName] = [Error] }, detail: Detail);
}
