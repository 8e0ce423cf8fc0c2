using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>The article's one endpoint: <c>/quotes</c>, to add a quote and to list them all.</summary>
internal static class QuotesApi
{
    /// <summary>The article's path.</summary>
    public const string Path = "/quotes";

    public static RouteGroupBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        // The group has no prefix of its own: a "/quotes" prefix with "" routes would be named "/quotes/"
        // in traces and metrics (http.route), unlike the path clients use.
        var quotes = app.MapGroup(string.Empty).WithTags("Quotes");

        // Every route reads or writes the store, so every route can answer 503 when it is away.
        quotes.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        quotes.MapGet(Path, ListQuotes)
            .WithName(nameof(ListQuotes))
            .WithSummary("Lists the quotes, oldest first, as a JSON array of strings.")
            .WithDescription(
                "Without paging parameters the whole list is streamed as it is read from the store. With ?offset=N&limit=M " +
                $"(limit 1 to {QuotePage.MaxLimit}, default {QuotePage.DefaultLimit}) it returns that slice, with X-Total-Count and an RFC 8288 Link header (next, prev).");

        // HEAD is GET without the body (RFC 9110 section 9.3.2): monitors and link checkers use it, and
        // HEAD /quotes?limit=1 gives X-Total-Count alone. The description of GET covers it.
        quotes.MapMethods(Path, [HttpMethods.Head], ListQuotes)
            .ExcludeFromDescription();

        quotes.MapPost(Path, AddQuote)
            .WithName(nameof(AddQuote))
            .WithSummary("Stores a quote sent as the form field 'quote' or as JSON {\"quote\": \"...\"}.")
            .WithDescription(
                "With an Idempotency-Key header, a retry with the same key within 24 hours gets the first answer " +
                "(marked Idempotent-Replayed: true) and stores nothing new; the same key with another quote gets 422. " +
                "Each client may post a limited number of quotes a second; beyond it the answer is 429 with Retry-After.")
            .Accepts<QuoteSubmission>(QuoteSubmissionReader.FormContentType, QuoteSubmissionReader.MultipartFormContentType, QuoteSubmissionReader.JsonContentType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .RequireRateLimiting(QuotePostRateLimiting.PolicyName)
            // The body is read by QuoteSubmissionReader, which understands both formats; without this,
            // the form-reading path would demand an antiforgery token that API clients do not have.
            .DisableAntiforgery();

        return quotes;
    }

    public const string TotalCountHeader = "X-Total-Count";

    public static async Task<Results<Ok<IAsyncEnumerable<string>>, Ok<string[]>, ValidationProblem>> ListQuotes(
        [FromQuery] string? offset, [FromQuery] string? limit, HttpResponse response, QuoteRepository repository, CancellationToken cancellationToken)
    {
        var (page, errors) = QuotePage.Parse(offset, limit);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors, detail: "The paging parameters are not valid; nothing was read.");
        }

        if (page is null)
        {
            return TypedResults.Ok(await repository.StreamAllAsync(cancellationToken).ConfigureAwait(false));
        }

        var (quotes, total) = await repository.ReadPageAsync(page.Offset, page.Limit).ConfigureAwait(false);
        response.Headers[TotalCountHeader] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (page.LinkHeader(Path, total) is { } links)
        {
            response.Headers.Link = links;
        }

        return TypedResults.Ok(quotes);
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxIdempotencyKeyLength = 255;

    public static async Task<Results<Created<StoredQuote>, ValidationProblem, ProblemHttpResult>> AddQuote(
        HttpRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        QuoteRepository repository,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [$"Use 1 to {MaxIdempotencyKeyLength} visible ASCII characters, such as a UUID."] },
                detail: $"The {IdempotencyKeyHeader} header is not valid; nothing was stored.");
        }

        var (quote, problem) = await QuoteSubmissionReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (QuoteRules.Check(quote) is var (error, detail))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [QuoteSubmission.FieldName] = [error] }, detail: detail);
        }

        if (idempotencyKey is null)
        {
            await repository.AddAsync(quote!).ConfigureAwait(false);
            return TypedResults.Created(Path, new StoredQuote(quote!));
        }

        var (stored, firstQuote) = await repository.AddOnceAsync(quote!, idempotencyKey).ConfigureAwait(false);
        if (!stored && firstQuote != quote)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was used for another quote",
                detail: $"This {IdempotencyKeyHeader} already stored a different quote in the last 24 hours; use a new key for a new quote. Nothing was stored.");
        }

        if (!stored)
        {
            request.HttpContext.Response.Headers[ReplayedHeader] = "true";
        }

        return TypedResults.Created(Path, new StoredQuote(firstQuote));
    }
}
