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
            Description = "Posts the article's three quotes to /quotes, as its curl commands did, waiting out a store that is briefly away.",
            IconName = "CommentAdd",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    /// <summary>How long the command waits out a frontend that answers 503 (the store away or slow) before it gives up.</summary>
    public static readonly TimeSpan UnavailableBudget = TimeSpan.FromSeconds(30);

    // A 503 without Retry-After, or one that asks for longer than this, is tried again after this long.
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private static async Task<ExecuteCommandResult> PostArticleQuotesAsync(EndpointReference http, ExecuteCommandContext context)
    {
        using var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(http.Url);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waitedOut = 0;
        foreach (var quote in ArticleQuotes)
        {
            // One key per quote, so a retry after a 503 whose write went through stores nothing twice.
            var idempotencyKey = Guid.NewGuid().ToString("N");
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/quotes", UriKind.Relative))
                {
                    Content = new FormUrlEncodedContent([new("quote", quote)]),
                };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await client.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }

                // As the API asks of every client: a 503 is tried again after Retry-After, under the same key.
                var pause = PauseBeforeRetry(response);
                if (pause is null || clock.Elapsed + pause.Value > UnavailableBudget)
                {
                    var problem = await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                    return CommandResults.Failure($"POST /quotes answered {(int)response.StatusCode}: {problem}");
                }

                waitedOut++;
                await Task.Delay(pause.Value, context.CancellationToken).ConfigureAwait(false);
            }
        }

        return CommandResults.Success(waitedOut == 0
            ? $"Posted the article's {ArticleQuotes.Count} quotes."
            : $"Posted the article's {ArticleQuotes.Count} quotes, after waiting out {waitedOut} answer(s) of 503.");
    }

    private static TimeSpan? PauseBeforeRetry(HttpResponseMessage response)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var asked = response.Headers.RetryAfter?.Delta ?? LongestPause;
        return asked < LongestPause ? asked : LongestPause;
    }
}
