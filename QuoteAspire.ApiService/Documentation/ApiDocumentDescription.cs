using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using QuoteAspire.ApiService.Quotes;

namespace QuoteAspire.ApiService.Documentation;

/// <summary>The parts of the OpenAPI document that belong to the API as a whole: who it is, where it is, who may call it.</summary>
internal static class ApiDocumentDescription
{
    public const string Title = "QuoteAspire API";

    private const string SecurityProperty = "security";

    private const string Description =
        """
        The quote service of the article *Introduction to Docker and Kubernetes*, re-made with .NET Aspire: post a quote,
        list them all. Quotes are stored exactly as sent, oldest first.

        - `POST /quotes` takes the form field `quote` (what `curl -d "quote=..."` sends), multipart form data, or JSON
          `{"quote": "..."}`. An `Idempotency-Key` header makes a retry safe. Each client may post a limited number of
          quotes a second.
        - `GET /quotes` answers a JSON array of strings: the whole list, streamed, or one page with `offset` and `limit`,
          with the total in `X-Total-Count` and the neighbouring pages in `Link`.

        Every error is `application/problem+json` whose `detail` says what to fix. No authentication is needed.
        """;

    public static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = Title,
            Version = document.Info?.Version ?? "1.0.0",
            Description = Description,
            Contact = new OpenApiContact { Name = "The QuoteAspire maintainers" },
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };

        // The document is served by the API it describes, wherever that runs (localhost:8000, a cluster's Ingress), so
        // the server is relative: clients resolve it against the document's own URL. The framework would write the
        // address this request came to, which names localhost on a developer's machine and a pod behind a proxy.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The frontend that served this document." }];

        // Anyone may read and post quotes: `security: []` says so, where leaving it out leaves it unsaid (and the linters
        // flag every operation as unsecured). Microsoft.OpenApi writes no empty security list, so it goes in through the
        // writer's extension slot, which writes its key and value as given; a test checks the served document has it.
        document.Security = null;
        document.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        document.Extensions[SecurityProperty] = new JsonNodeExtension(new JsonArray());

        foreach (var tag in document.Tags?.Where(tag => tag.Name == QuotesApi.Tag) ?? [])
        {
            tag.Description = "The article's one resource: the list of quotes, to add to and to read whole or a page at a time.";
        }

        return Task.CompletedTask;
    }
}
