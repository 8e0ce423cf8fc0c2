using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

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

    /// <summary>How long the command waits out a frontend that answers 503 (the store away or slow) before it gives up.</summary>
    public static readonly TimeSpan UnavailableBudget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds "Add the article's quotes", which posts them to the frontend's <c>/quotes</c> as forms, through
    /// its public HTTP endpoint: each shows up in the traces like any client's request.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAddArticleQuotesCommand(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        return frontend.WithFormPostCommand(Name, DisplayName, "/quotes", "quote", ArticleQuotes, new FormPostCommandOptions
        {
            Description = "Posts the article's three quotes to /quotes, as its curl commands did, waiting out a store that is briefly away.",
            IconName = "CommentAdd",
            UnavailableBudget = UnavailableBudget,
            SuccessMessage = waitedOut => waitedOut == 0
                ? $"Posted the article's {ArticleQuotes.Count} quotes."
                : $"Posted the article's {ArticleQuotes.Count} quotes, after waiting out {waitedOut} answer(s) of 503.",
        });
    }
}
