using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using QuoteAspire.ApiService.Http;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// Reads a <see cref="QuoteSubmission"/> from a form (what the article's <c>curl -d</c> sends) or
/// from JSON. Minimal APIs bind one body format per parameter, so the choice by content type lives here.
/// URL-encoded forms and JSON are read whole (the body is capped at <see cref="MaxBodyBytes"/>) and parsed
/// strictly, so a quote is stored exactly as sent or refused with a problem that says what to fix.
/// </summary>
internal static class QuoteSubmissionReader
{
    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string MultipartFormContentType = "multipart/form-data";
    public const string JsonContentType = "application/json";

    /// <summary>The content types <c>POST /quotes</c> takes; routing answers 415 to any other it can parse.</summary>
    public static readonly string[] AcceptedContentTypes = [FormContentType, MultipartFormContentType, JsonContentType];

    /// <summary>The largest body accepted: a 1,000-character quote, even all in 4-byte characters and form-encoded, fits.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    private static readonly byte[] s_fieldNameUtf8 = System.Text.Encoding.UTF8.GetBytes(QuoteSubmission.FieldName);

    private enum BodyFormat
    {
        Form,
        Multipart,
        Json,
    }

    /// <summary>The <c>quote</c> field's text as sent (null when the body has none), or the problem that explains why the body cannot be read.</summary>
    public static async Task<QuoteBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Refused(TooLarge());
        }

        if (FormatOf(request, out var format) is { } unsupported)
        {
            return Refused(unsupported);
        }

        // Bodies without a length (chunked) are cut off by the server as soon as they pass the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            return format == BodyFormat.Multipart
                ? await ReadMultipartAsync(request, cancellationToken).ConfigureAwait(false)
                : await ReadBufferedAsync(request.BodyReader, format, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refused(TooLarge());
        }
        catch (BadHttpRequestException exception)
        {
            // Broken chunked framing and the like: the server found the body unreadable as HTTP.
            return Refused(TypedResults.Problem(
                statusCode: exception.StatusCode,
                title: "The request body could not be read",
                detail: "Send the body with a Content-Length that matches it, or in well-formed chunked transfer coding."));
        }
    }

    /// <summary>Finds the body's <paramref name="format"/>; returns a 415 that names what to send when the type, charset or coding will not do.</summary>
    private static ProblemHttpResult? FormatOf(HttpRequest request, out BodyFormat format)
    {
        format = default;
        var encoding = request.Headers.ContentEncoding;
        if (!StringValues.IsNullOrEmpty(encoding) && !(encoding.Count == 1 && string.Equals(encoding[0], "identity", StringComparison.OrdinalIgnoreCase)))
        {
            return Unsupported($"The body is sent with Content-Encoding '{encoding}', which is not decoded here; send it uncompressed.");
        }

        var contentType = request.ContentType;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return Unsupported(contentType is null
                ? $"The request has no Content-Type; send {string.Join(", ", AcceptedContentTypes)}."
                : $"'{contentType}' is not a valid Content-Type; send {string.Join(", ", AcceptedContentTypes)}.");
        }

        BodyFormat? parsed =
            mediaType.MediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase) ? BodyFormat.Form
            : mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase) ? BodyFormat.Json
            : mediaType.MediaType.Equals(MultipartFormContentType, StringComparison.OrdinalIgnoreCase) ? BodyFormat.Multipart
            : null;
        if (parsed is not { } known)
        {
            return Unsupported($"'{contentType}' is not accepted here; send {string.Join(", ", AcceptedContentTypes)}.");
        }

        // JSON between systems is UTF-8 (RFC 8259) and forms are decoded as UTF-8 here; a quote decoded
        // under another charset would be stored other than as written. Multipart declares charsets per part.
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        if (known != BodyFormat.Multipart && charset.Length > 0 && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported($"The body is declared as charset '{charset}'; send it as UTF-8, with charset=utf-8 or no charset.");
        }

        format = known;
        return null;
    }

    /// <summary>Reads the whole body (at most <see cref="MaxBodyBytes"/>), then parses it in one go without copying it when it arrived in one piece.</summary>
    private static async Task<QuoteBody> ReadBufferedAsync(System.IO.Pipelines.PipeReader reader, BodyFormat format, CancellationToken cancellationToken)
    {
        var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (!result.IsCompleted && result.Buffer.Length <= MaxBodyBytes)
        {
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        var body = result.Buffer;
        try
        {
            // Only when the server could not cap the body itself.
            if (body.Length > MaxBodyBytes)
            {
                return Refused(TooLarge());
            }

            if (body.IsSingleSegment)
            {
                return Parse(format, body.FirstSpan);
            }

            var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
            try
            {
                body.CopyTo(copy);
                return Parse(format, copy.AsSpan(0, (int)body.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    private static QuoteBody Parse(BodyFormat format, ReadOnlySpan<byte> body) =>
        format == BodyFormat.Form ? ParseForm(body) : ParseJson(body);

    private static QuoteBody ParseForm(ReadOnlySpan<byte> body) =>
        StrictUrlEncodedForm.TryReadSingleField(body, s_fieldNameUtf8, out var quote) switch
        {
            UrlEncodedFormError.None => new QuoteBody.Read(quote),
            UrlEncodedFormError.InvalidEscape => Refused(MalformedForm(
                $"The form body has a '%' that is not followed by two hex digits. Percent-encode the quote as UTF-8 " +
                $"(curl --data-urlencode \"{QuoteSubmission.FieldName}=...\" does) and write a literal % as %25.")),
            UrlEncodedFormError.InvalidUtf8 => Refused(MalformedForm(
                $"The form body does not decode to valid UTF-8. Send the text as UTF-8, percent-encoded " +
                $"(curl --data-urlencode \"{QuoteSubmission.FieldName}=...\" does).")),
            _ => Refused(RepeatedQuote()),
        };

    private static QuoteBody ParseJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return new QuoteBody.Read(JsonSerializer.Deserialize(body, QuoteJsonContext.Default.QuoteSubmission)?.Quote);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
                ? $" It goes wrong at line {line + 1}, byte {position + 1}."
                : string.Empty;
            return Refused(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The body is not valid JSON",
                detail: $"Send a JSON object such as {{\"{QuoteSubmission.FieldName}\": \"text\"}} whose '{QuoteSubmission.FieldName}' is a string, given once, in UTF-8.{where}"));
        }
    }

    private static async Task<QuoteBody> ReadMultipartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var quotes = form[QuoteSubmission.FieldName];
            return quotes.Count > 1 ? Refused(RepeatedQuote()) : new QuoteBody.Read(quotes.FirstOrDefault());
        }
        // A missing boundary or too many parts, and a body that ends before its closing boundary.
        catch (Exception exception) when (exception is InvalidDataException or IOException and not BadHttpRequestException)
        {
            return Refused(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The multipart body is malformed",
                detail: $"Send a multipart/form-data body with its boundary in the Content-Type, a part named '{QuoteSubmission.FieldName}' and the closing boundary."));
        }
    }

    private static QuoteBody.Refused Refused(ProblemHttpResult problem) => new(problem);

    private static ProblemHttpResult MalformedForm(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The form body is malformed",
        detail: detail);

    private static ProblemHttpResult RepeatedQuote() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The quote is given more than once",
        detail: $"The body has more than one '{QuoteSubmission.FieldName}' field; send one. Nothing was stored.");

    private static ProblemHttpResult Unsupported(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported Media Type",
        detail: detail);

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large",
        detail: $"A quote request may be at most {MaxBodyBytes / 1024} KiB; a quote itself at most {QuoteRules.MaxLength} characters.");
}
