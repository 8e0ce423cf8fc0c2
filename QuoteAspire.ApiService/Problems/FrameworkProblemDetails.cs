using Microsoft.AspNetCore.Http.Metadata;
using QuoteAspire.ApiService.Documentation;
using QuoteAspire.ApiService.Quotes;

namespace QuoteAspire.ApiService.Problems;

/// <summary>
/// ASP.NET Core answers unknown paths, wrong methods and wrong content types before any handler
/// runs, with problem details that say what went wrong but not what to do. This adds the "what to do".
/// </summary>
internal static class FrameworkProblemDetails
{
    public static void ExplainWhatToFix(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound =>
                $"Nothing is served at '{request.Path}'. The API is {QuotesApi.Path}; {ApiDocumentation.OpenApiPath} describes it.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{request.Method} is not allowed on '{request.Path}'; use {AllowedMethods(context.HttpContext)}.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"'{request.ContentType ?? "no content type"}' is not accepted here; send {AcceptedContentTypes(context.HttpContext)}.",
            _ => null,
        };
    }

    private static string AllowedMethods(HttpContext context)
    {
        var allowed = context.Response.Headers.Allow.ToString();
        return string.IsNullOrEmpty(allowed) ? "a method the endpoint supports" : allowed;
    }

    // When routing rejects a content type no endpoint is selected, so name what the one body-taking route accepts.
    private static string AcceptedContentTypes(HttpContext context)
    {
        var accepted = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes
            ?? QuoteSubmissionReader.AcceptedContentTypes;
        return string.Join(", ", accepted);
    }
}
