using Microsoft.Playwright;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Browser;

// The API reference page at /, in Chromium with every address but this machine's refused.
[Trait(Tier.Name, Tier.Outer)]
public sealed partial class BrowserTests
{
    [Fact]
    public async Task ReferencePageRendersWithNoInternetAndPostsAQuoteThatGetQuotesThenLists()
    {
        session.SkipWhenUnavailable();
        var (page, refused) = await Chromium.OpenOfflinePageAsync(session.Context);
        var quote = $"Posted from the API page {Guid.NewGuid()}";

        await page.GotoAsync(session.AppHost.Frontend.ToString());
        await Assertions.Expect(page.GetByText("QuoteAspire API").First).ToBeVisibleAsync(new() { Timeout = (float)Bounded.PageLoad.TotalMilliseconds });
        await page.SaveScreenshotAsync("api-reference");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"Test Request\s*\(post \/quotes\)") }).ClickAsync();
        var client = page.GetByRole(AriaRole.Dialog);
        // The row of the form field "quote" in the request body, and its value cell.
        var quoteField = client.GetByRole(AriaRole.Row, new() { Name = "Include quote in request" }).GetByLabel("Value");
        async Task<IResponse> SendAsync(string text)
        {
            await quoteField.ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync(text);
            return await page.RunAndWaitForResponseAsync(
                () => client.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send") }).First.ClickAsync(),
                response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/quotes");
        }

        var sent = await SendAsync(quote);

        Assert.Equal(201, sent.Status);
        await Assertions.Expect(client.GetByText(quote).Last).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("api-reference-test-request");
        using var http = new HttpClient { BaseAddress = session.AppHost.Frontend, Timeout = Bounded.HttpRequest };
        Assert.Equal(quote, (await http.GetQuotesAsync())[^1]);

        // A visitor tries another quote from the same form: it is stored too, not refused as a reuse of an Idempotency-Key
        // the page filled in by itself.
        var another = $"Posted again from the API page {Guid.NewGuid()}";
        var sentAgain = await SendAsync(another);

        Assert.Equal(201, sentAgain.Status);
        Assert.Equal([quote, another], (await http.GetQuotesAsync())[^2..]);
        Assert.Empty(refused);
    }
}
