using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>A dashboard command on the frontend that does what the article's three curl commands did.</summary>
public static class AddArticleQuotesCommand
{
    public const string Name = "add-article-quotes";
    public const string DisplayName = "Add the article's quotes";

    /// <summary>The quotes the article's curl commands posted, in order.</summary>
    public static readonly IReadOnlyList<string> ArticleQuotes =
    [
        "TV is chewing gum for the eyes. ~ Frank Lloyd Wright",
        "It is better to die on your feet than live on your knees. ~ Emiliano Zapata",
        "We must be very careful when we give advice to younger people: sometimes they follow it! ~ Edsger W. Dijkstra",
    ];

    /// <summary>
    /// Adds "Add the article's quotes", which posts them to the frontend's <c>/quotes</c> as forms, through
    /// its public HTTP endpoint: each shows up in the traces like any client's request.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAddArticleQuotesCommand(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        var http = frontend.GetEndpoint("http");
        return frontend.WithCommand(Name, DisplayName, context => PostArticleQuotesAsync(http, context), new CommandOptions
        {
            Description = "Posts the article's three quotes to /quotes, as its curl commands did.",
            IconName = "CommentAdd",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> PostArticleQuotesAsync(EndpointReference http, ExecuteCommandContext context)
    {
        using var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(http.Url);
        foreach (var quote in ArticleQuotes)
        {
            using var form = new FormUrlEncodedContent([new("quote", quote)]);
            using var response = await client.PostAsync(new Uri("/quotes", UriKind.Relative), form, context.CancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Failure($"POST /quotes answered {(int)response.StatusCode}: {problem}");
            }
        }

        return CommandResults.Success($"Posted the article's {ArticleQuotes.Count} quotes.");
    }
}
