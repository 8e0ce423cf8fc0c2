using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Wiring that makes the frontend answer where the article's curl commands expect it.</summary>
public static class QuoteFrontendBuilderExtensions
{
    public const string PortConfigurationKey = "QuoteFrontend:Port";

    /// <summary>The article's port: <c>curl http://localhost:8000/quotes</c>.</summary>
    public const int ArticlePort = 8000;

    /// <summary>
    /// Serves the frontend's http endpoint on <c>QuoteFrontend:Port</c> (default 8000) of localhost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithArticlePort(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        var port = frontend.ApplicationBuilder.Configuration.GetValue(PortConfigurationKey, ArticlePort);
        return frontend.WithEndpoint("http", endpoint => endpoint.Port = port);
    }
}
