using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// Reads a <see cref="QuoteSubmission"/> from a form (what the article's <c>curl -d</c> sends) or
/// from JSON. Minimal APIs bind one body format per parameter, so the choice by content type lives here.
/// </summary>
internal static class QuoteSubmissionReader
{
    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string JsonContentType = "application/json";

    /// <summary>Returns the quote text, or the problem that explains why the request carries none.</summary>
    public static async Task<(string? Quote, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return (form[QuoteSubmission.FieldName].FirstOrDefault(), null);
        }

        if (request.HasJsonContentType())
        {
            try
            {
                var submission = await request.ReadFromJsonAsync(QuoteJsonContext.Default.QuoteSubmission, cancellationToken).ConfigureAwait(false);
                return (submission?.Quote, null);
            }
            catch (JsonException)
            {
                return (null, TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The body is not valid JSON",
                    detail: $"Send a JSON object such as {{\"{QuoteSubmission.FieldName}\": \"text\"}} whose '{QuoteSubmission.FieldName}' is a string."));
            }
        }

        return (null, TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported content type",
            detail: $"Send the quote as {FormContentType} (a '{QuoteSubmission.FieldName}' field) or as {JsonContentType}; got '{request.ContentType ?? "no content type"}'."));
    }
}
