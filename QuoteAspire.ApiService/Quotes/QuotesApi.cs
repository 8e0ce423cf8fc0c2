using Microsoft.AspNetCore.Http.HttpResults;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>The article's one endpoint: <c>/quotes</c>, to add a quote and to list them all.</summary>
internal static class QuotesApi
{
    public static RouteGroupBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        var quotes = app.MapGroup("/quotes").WithTags("Quotes");

        // Every route reads or writes the store, so every route can answer 503 when it is away.
        quotes.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        quotes.MapGet("/", ListQuotes)
            .WithName(nameof(ListQuotes))
            .WithSummary("Lists every quote, oldest first, as a JSON array of strings.");

        quotes.MapPost("/", AddQuote)
            .WithName(nameof(AddQuote))
            .WithSummary("Stores a quote sent as the form field 'quote' or as JSON {\"quote\": \"...\"}.")
            .Accepts<QuoteSubmission>(QuoteSubmissionReader.FormContentType, QuoteSubmissionReader.MultipartFormContentType, QuoteSubmissionReader.JsonContentType)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            // The body is read by QuoteSubmissionReader, which understands both formats; without this,
            // the form-reading path would demand an antiforgery token that API clients do not have.
            .DisableAntiforgery();

        return quotes;
    }

    public static async Task<Ok<string[]>> ListQuotes(QuoteRepository repository) =>
        TypedResults.Ok(await repository.GetAllAsync().ConfigureAwait(false));

    public static async Task<Results<Created<StoredQuote>, ValidationProblem, ProblemHttpResult>> AddQuote(
        HttpRequest request, QuoteRepository repository, CancellationToken cancellationToken)
    {
        var (quote, problem) = await QuoteSubmissionReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(quote))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    [QuoteSubmission.FieldName] = [$"A quote is required: send a non-empty '{QuoteSubmission.FieldName}' form field or JSON property."],
                },
                detail: $"The '{QuoteSubmission.FieldName}' field is missing, empty or only white space; nothing was stored.");
        }

        await repository.AddAsync(quote).ConfigureAwait(false);
        return TypedResults.Created("/quotes", new StoredQuote(quote));
    }
}
