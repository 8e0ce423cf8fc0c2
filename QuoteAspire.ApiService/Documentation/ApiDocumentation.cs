using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using QuoteAspire.ApiService.Quotes;
using Scalar.AspNetCore;

namespace QuoteAspire.ApiService.Documentation;

/// <summary>
/// The API describes itself, as the article's service did at its root: <c>GET /</c> sends a browser to an
/// interactive reference (Scalar, served from the package's own assets, so it works offline) and
/// answers <c>Accept: application/json</c> with a short index of the endpoints.
/// </summary>
internal static class ApiDocumentation
{
    public const string ReferencePath = "/docs";

    /// <summary>The one OpenAPI document's name, in its path and the reference page's.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where OpenAPI documents are served; the reference page reads them from the same place.</summary>
    public const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>The OpenAPI document of this API: <c>/openapi/v1.json</c>.</summary>
    public static readonly string OpenApiPath = OpenApiRoute.Replace("{documentName}", DocumentName, StringComparison.Ordinal);

    /// <summary>The OpenAPI document, made right for clients that build requests from it.</summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiIndexJsonContext.Default));
        return services.AddOpenApi(DocumentName, options => options
            .AddDocumentTransformer(ApiDocumentDescription.Describe)
            // The record's property is nullable because a client may leave it out, but a quote is a string:
            // say so, with its limits. (No example: the reference page would offer it as a fixed choice
            // instead of a field to type into.)
            .AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(QuoteSubmission)
                    && schema.Properties?.TryGetValue(QuoteSubmission.FieldName, out var property) == true
                    && property is OpenApiSchema quote)
                {
                    quote.Type = JsonSchemaType.String;
                    quote.MinLength = 1;
                    quote.MaxLength = QuoteRules.MaxLength;
                }

                return Task.CompletedTask;
            }));
    }

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(OpenApiRoute);
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle(ApiDocumentDescription.Title)
            .WithOpenApiRoutePattern(OpenApiRoute)
            // Nothing may come from the internet: no web fonts, no telemetry, no hosted helpers.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());

        app.MapGet("/", Describe)
            .WithName(nameof(Describe))
            .WithSummary("Sends browsers to the API reference and JSON clients an index of the endpoints.")
            .ExcludeFromDescription();

        return app;
    }

    public static Results<Ok<ApiIndex>, RedirectHttpResult> Describe(HttpRequest request, EndpointDataSource endpoints)
    {
        var wantsJson = request.GetTypedHeaders().Accept
            .Any(accept => accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || accept.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase));
        return wantsJson
            ? TypedResults.Ok(BuildIndex(endpoints, $"{request.Scheme}://{request.Host}"))
            : TypedResults.Redirect($"{ReferencePath}/{DocumentName}");
    }

    /// <summary>Every documented endpoint (those with tags, not excluded from the description), read from routing, so the index never drifts from the API.</summary>
    private static ApiIndex BuildIndex(EndpointDataSource endpoints, string origin)
    {
        var routes = new SortedDictionary<string, SortedDictionary<string, ApiOperation>>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<ITagsMetadata>() is null
                || metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
                || metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods)
            {
                continue;
            }

            var path = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');
            var operations = routes.TryGetValue(path, out var existing) ? existing : routes[path] = new(StringComparer.Ordinal);
            foreach (var method in methods.HttpMethods)
            {
                operations[method] = new ApiOperation(
                    metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary,
                    metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes,
                    [.. metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Select(produces => produces.StatusCode).Distinct().Order()],
                    method == HttpMethods.Get ? $"{origin}{path}" : null);
            }
        }

        return new ApiIndex(routes, ReferencePath, OpenApiPath);
    }
}
