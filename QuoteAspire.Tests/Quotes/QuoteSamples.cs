namespace QuoteAspire.Tests.Quotes;

/// <summary>Request samples shared by the API tests.</summary>
public static class QuoteSamples
{
    /// <summary>The article's three curl commands, in order.</summary>
    public static readonly string[] ArticleQuotes =
    [
        "TV is chewing gum for the eyes. ~ Frank Lloyd Wright",
        "It is better to die on your feet than live on your knees. ~ Emiliano Zapata",
        "We must be very careful when we give advice to younger people: sometimes they follow it! ~ Edsger W. Dijkstra",
    ];

    /// <summary>The first of the README's curl commands, which post the article's quotes and list them.</summary>
    public const string ReadmeFirstCurl = "curl http://localhost:8000/quotes -d";

    /// <summary>Bodies whose quote is missing, empty or blank, with their content type.</summary>
    public static TheoryData<string, string> MissingQuoteBodies => new()
    {
        { "other=field", "application/x-www-form-urlencoded" },
        { "quote=", "application/x-www-form-urlencoded" },
        { "quote=%20%20%09", "application/x-www-form-urlencoded" },
        { "", "application/x-www-form-urlencoded" },
        { "{}", "application/json" },
        { "{\"quote\": \"\"}", "application/json" },
        { "{\"quote\": \"   \\n \"}", "application/json" },
        { "{\"quote\": null}", "application/json" },
    };
}
