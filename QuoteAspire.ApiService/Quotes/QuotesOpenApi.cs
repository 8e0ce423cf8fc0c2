using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// What the framework cannot infer about <c>/quotes</c> for its OpenAPI operations: the paging parameters' types and
/// bounds (they are bound as text so that a bad value gets this API's own problem details), the Idempotency-Key
/// (read by <see cref="PostedQuote"/>), and the headers each answer really sends. Every figure comes from the code
/// that enforces it.
/// </summary>
internal static class QuotesOpenApi
{
    private const string RetryAfterDescription = "Whole seconds to wait before trying again.";

    public static Task DescribeListing(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters =
        [
            Query(
                QuotePage.OffsetParameter,
                "How many quotes to skip from the oldest. With offset or limit the answer is one page, with X-Total-Count and Link; without either, the whole list.",
                new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0", Maximum = Number(long.MaxValue), Default = 0 },
                example: 0),
            Query(
                QuotePage.LimitParameter,
                $"How many quotes the page holds at most, from 1 to {QuotePage.MaxLimit}; {QuotePage.DefaultLimit} when only offset is given.",
                new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = Number(QuotePage.MaxLimit), Default = QuotePage.DefaultLimit },
                example: 10),
        ];

        AddHeaders(operation, StatusCodes.Status200OK,
            new(QuotesApi.TotalCountHeader, "How many quotes are stored in all. Sent with a page only (offset or limit given).", IntegerSchema(minimum: 0), 3),
            new(HeaderNames.Link, "RFC 8288 links to the next and previous pages (rel=\"next\", rel=\"prev\"), where they exist. Sent with a page only.",
                new OpenApiSchema { Type = JsonSchemaType.String }, "</quotes?offset=10&limit=10>; rel=\"next\""));
        AddRetryAfter(operation, StatusCodes.Status503ServiceUnavailable, QuoteStoreUnavailableHandler.RetryAfterSeconds);
        return Task.CompletedTask;
    }

    public static Task DescribePosting(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters =
        [
            new OpenApiParameter
            {
                Name = PostedQuote.IdempotencyKeyHeader,
                In = ParameterLocation.Header,
                Description = "Makes the post safe to retry: a retry with the same key within 24 hours gets the first answer and stores nothing new. " +
                    $"1 to {PostedQuote.MaxIdempotencyKeyLength} visible ASCII characters, such as a UUID: 5f0c6a52-8f0e-4b7a-9a8c-2d1e3f4a5b6c.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = 1,
                    MaxLength = PostedQuote.MaxIdempotencyKeyLength,
                    Pattern = "^[!-~]+$",
                },
                // The example is in the description, not in an example value: the reference page fills example values
                // into its Test Request, and a visitor's second quote would then be refused as a reuse of the key.
            },
        ];

        AddHeaders(operation, StatusCodes.Status201Created,
            new(HeaderNames.Location, "Where the quote can be read: the list it was added to.", new OpenApiSchema { Type = JsonSchemaType.String }, QuotesApi.Path),
            new(QuotesApi.ReplayedHeader, "Sent, as true, only when this answer repeats the first one for the same Idempotency-Key: nothing new was stored.",
                new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] }, "true"));
        AddRetryAfter(operation, StatusCodes.Status429TooManyRequests, 1);
        AddRetryAfter(operation, StatusCodes.Status503ServiceUnavailable, QuoteStoreUnavailableHandler.RetryAfterSeconds);
        return Task.CompletedTask;
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema, int example) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = schema,
        Example = example,
    };

    private static OpenApiSchema IntegerSchema(int minimum) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = Number(minimum) };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void AddRetryAfter(OpenApiOperation operation, int status, int example) =>
        AddHeaders(operation, status, new ResponseHeader(HeaderNames.RetryAfter, RetryAfterDescription, IntegerSchema(minimum: 1), example));

    private static void AddHeaders(OpenApiOperation operation, int status, params ResponseHeader[] headers)
    {
        var response = operation.Responses?[status.ToString(CultureInfo.InvariantCulture)] as OpenApiResponse
            ?? throw new InvalidOperationException($"{operation.OperationId} documents no {status} answer to describe the headers of.");
        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            response.Headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = header.Schema, Example = header.Example };
        }
    }

    private sealed record ResponseHeader(string Name, string Description, OpenApiSchema Schema, JsonNode Example);
}
