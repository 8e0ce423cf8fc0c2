using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>The article's one endpoint: <c>/quotes</c>, to add a quote and to list them all.</summary>
internal static class QuotesApi
{
    /// <summary>The article's path.</summary>
    public const string Path = "/quotes";

    /// <summary>The OpenAPI tag of every route here.</summary>
    public const string Tag = "Quotes";

    /// <summary>The JSON of the quotes, how a refused <see cref="PostedQuote"/> is answered, and the warm-up for the first post.</summary>
    public static IServiceCollection AddQuotes(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, QuoteJsonContext.Default));
        // A refused post binds to null and its filter answers with the problem. In Development the framework would
        // otherwise throw at the null, before any filter, and answer every refused post with a generic 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddHostedService<StoreConnectionWarmup>();
        return services;
    }

    public static RouteGroupBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        // The group has no prefix of its own: a "/quotes" prefix with "" routes would be named "/quotes/"
        // in traces and metrics (http.route), unlike the path clients use.
        var quotes = app.MapGroup(string.Empty).WithTags(Tag);

        // Every route reads or writes the store, so every route can answer 503 when it is away.
        quotes.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        quotes.MapGet(Path, ListQuotes)
            .WithName(nameof(ListQuotes))
            .WithSummary("Lists the quotes, oldest first, as a JSON array of strings.")
            .WithDescription(
                "Without paging parameters the whole list is streamed as it is read from the store. With ?offset=N&limit=M " +
                $"(limit 1 to {QuotePage.MaxLimit}, default {QuotePage.DefaultLimit}) it returns that slice, with X-Total-Count and an RFC 8288 Link header (next, prev).")
            .AddOpenApiOperationTransformer(QuotesOpenApi.DescribeListing);

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
            .AddEndpointFilter(PostedQuote.AnswerRefusalAsync)
            .AddOpenApiOperationTransformer(QuotesOpenApi.DescribePosting)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            // The body is read by PostedQuote.BindAsync, which understands every format; without this,
            // the form-reading path would demand an antiforgery token that API clients do not have.
            .DisableAntiforgery();

        return quotes;
    }

    public const string TotalCountHeader = "X-Total-Count";

    public static async Task<Results<Ok<IAsyncEnumerable<string>>, StoredQuotes, ValidationProblem>> ListQuotes(
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

        return new StoredQuotes(quotes);
    }

    public const string ReplayedHeader = "Idempotent-Replayed";

    public static async Task<Results<Created<StoredQuote>, ProblemHttpResult>> AddQuote(
        PostedQuote posted, HttpContext context, QuoteRepository repository, PostBudgets budgets, IOptions<QuotePostRateLimitOptions> limit)
    {
        // The client's post budget is taken by the same store command that stores the quote (QuotePostRateLimiting).
        var budget = budgets.For(QuotePostRateLimiting.ClientOf(context));
        if (posted.IdempotencyKey is not { } idempotencyKey)
        {
            return await repository.AddAsync(posted.Quote, budget).ConfigureAwait(false) is { } wait
                ? QuotePostRateLimiting.TooManyPosts(context.Response, wait, limit.Value)
                : TypedResults.Created(Path, new StoredQuote(posted.Quote));
        }

        var (spentFor, stored, firstQuote) = await repository.AddOnceAsync(posted.Quote, idempotencyKey, budget).ConfigureAwait(false);
        if (spentFor is { } retryAfter)
        {
            return QuotePostRateLimiting.TooManyPosts(context.Response, retryAfter, limit.Value);
        }

        if (!stored && firstQuote != posted.Quote)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was used for another quote",
                detail: $"This {PostedQuote.IdempotencyKeyHeader} already stored a different quote in the last 24 hours; use a new key for a new quote. Nothing was stored.");
        }

        if (!stored)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }

        return TypedResults.Created(Path, new StoredQuote(firstQuote));
    }
}
