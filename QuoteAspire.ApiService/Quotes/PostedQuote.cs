using Microsoft.AspNetCore.Http.HttpResults;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// A <c>POST /quotes</c> that passed every check: a quote that <see cref="QuoteRules"/> accepts, read strictly from a
/// form or JSON body, and a well-formed <c>Idempotency-Key</c> when one was sent. It is bound before the handler
/// runs, so a handler that takes one never sees an invalid post.
/// </summary>
internal sealed class PostedQuote
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;

    private PostedQuote(string quote, string? idempotencyKey)
    {
        Quote = quote;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The quote exactly as sent.</summary>
    public string Quote { get; }

    /// <summary>The <c>Idempotency-Key</c> header, or null when the client sent none.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>
    /// Checks the post in the order a client is told what to fix: the key, then the body, then the quote. A refused post
    /// binds to null, which keeps the framework from calling the handler at all; <see cref="AnswerRefusalAsync"/> then
    /// answers with the problem noted here instead of the framework's bare 400.
    /// </summary>
    public static async ValueTask<PostedQuote?> BindAsync(HttpContext context)
    {
        string? key = context.Request.Headers[IdempotencyKeyHeader];
        if (key is not null && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~')))
        {
            return Refuse(context, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [$"Use 1 to {MaxIdempotencyKeyLength} visible ASCII characters, such as a UUID."] },
                detail: $"The {IdempotencyKeyHeader} header is not valid; nothing was stored."));
        }

        var body = await QuoteSubmissionReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is QuoteBody.Refused refused)
        {
            return Refuse(context, refused.Problem);
        }

        var text = body is QuoteBody.Read read ? read.Quote : null;
        return QuoteRules.IsAcceptable(text, out var violation) ? new PostedQuote(text, key) : Refuse(context, violation.ToProblem());
    }

    /// <summary>
    /// An endpoint filter for every route that takes a <see cref="PostedQuote"/>: answers a refused post with its problem.
    /// The framework runs filters even when binding failed, and never the handler.
    /// </summary>
    public static async ValueTask<object?> AnswerRefusalAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<Refusal>() is { } refusal ? refusal.Answer : await next(context).ConfigureAwait(false);

    private static PostedQuote? Refuse(HttpContext context, IResult answer)
    {
        context.Features.Set(new Refusal(answer));
        return null;
    }

    /// <summary>The answer to a refused post, kept on the request between binding and the filter.</summary>
    private sealed record Refusal(IResult Answer);
}
