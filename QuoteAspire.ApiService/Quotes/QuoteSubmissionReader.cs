using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// Reads a <see cref="QuoteSubmission"/> from a form (what the article's <c>curl -d</c> sends) or
/// from JSON. Minimal APIs bind one body format per parameter, so the choice by content type lives here.
/// </summary>
internal static class QuoteSubmissionReader
{
    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string MultipartFormContentType = "multipart/form-data";
    public const string JsonContentType = "application/json";

    /// <summary>The content types <c>POST /quotes</c> takes; routing answers 415 to any other.</summary>
    public static readonly string[] AcceptedContentTypes = [FormContentType, MultipartFormContentType, JsonContentType];

    /// <summary>The largest body accepted: a 1,000-character quote, even all in 4-byte characters and form-encoded, fits.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>Returns the quote text, or the problem that explains why the body carries none.</summary>
    public static async Task<(string? Quote, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        // Bodies without a length (chunked) are cut off by the server as soon as they pass the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            return await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The form body is malformed",
                detail: $"Send the quote URL-encoded as '{QuoteSubmission.FieldName}=text', as curl -d does."));
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large",
        detail: $"A quote request may be at most {MaxBodyBytes / 1024} KiB; a quote itself at most {QuoteRules.MaxLength} characters.");

    private static async Task<(string? Quote, ProblemHttpResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return (form[QuoteSubmission.FieldName].FirstOrDefault(), null);
        }

        // Routing has already turned away every type but the form types above and JSON.
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
}
