using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Http;

/// <summary>
/// Limits on the request line and headers, checked before any endpoint runs, so that an oversized or
/// malformed request gets problem details that say what to fix. They sit below Kestrel's own hard limits
/// (<see cref="KestrelMaxRequestLineBytes"/>, <see cref="KestrelMaxHeadersTotalBytes"/>), which stay the
/// backstop: beyond those Kestrel answers with a bare status before the app sees the request.
/// </summary>
internal static class RequestLimits
{
    /// <summary>
    /// The longest request target (path and query, as sent). The API's own are under 100 characters;
    /// 4 KiB leaves room for any reasonable client and half of Kestrel's request line for problem details.
    /// </summary>
    public const int MaxRequestTargetLength = 4 * 1024;

    /// <summary>
    /// The most bytes all header fields may take together, counted as sent (<c>Name: value</c> and CRLF).
    /// Browsers with cookies send a few KiB; half of Kestrel's limit keeps a band where the app answers.
    /// </summary>
    public const int MaxHeadersTotalBytes = 16 * 1024;

    /// <summary>Kestrel's default limit on the request line (method, target, version), answered with a bare 414.</summary>
    public const int KestrelMaxRequestLineBytes = 8 * 1024;

    /// <summary>Kestrel's default limit on all headers together, answered with a bare 431.</summary>
    public const int KestrelMaxHeadersTotalBytes = 32 * 1024;

    /// <summary>Answers requests over the limits, or with a malformed query string, with problem details.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(static (context, next) => Check(context.Request) is { } problem ? problem.ExecuteAsync(context) : next(context));

    private static ProblemHttpResult? Check(HttpRequest request)
    {
        var targetLength = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget.Length
            ?? (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (targetLength > MaxRequestTargetLength)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status414UriTooLong,
                title: "The request target is too long",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"The path and query string have {targetLength} characters; at most {MaxRequestTargetLength} are taken. Shorten them: no request of this API needs more."));
        }

        var headersBytes = HeadersBytes(request.Headers);
        if (headersBytes > MaxHeadersTotalBytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge,
                title: "The request headers are too large",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"The header fields take {headersBytes} bytes; at most {MaxHeadersTotalBytes} are taken. Send fewer or shorter headers (large cookies are the usual cause)."));
        }

        return IsWellFormedQuery(request.QueryString.Value) ? null : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The query string is malformed",
            detail: "The query string has a '%' not followed by two hex digits, or escapes that do not decode to UTF-8. Percent-encode query values as UTF-8 and write a literal % as %25.");
    }

    private static long HeadersBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + ": \r\n".Length;
            }
        }

        return total;
    }

    // The same strict decoding as form bodies: ASP.NET would keep a broken escape as literal text.
    private static bool IsWellFormedQuery(string? query)
    {
        if (query is null || !query.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(query.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(query.AsSpan(1), bytes);
            return StrictUrlEncodedForm.Validate(bytes.AsSpan(0, length)) == UrlEncodedFormError.None;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
