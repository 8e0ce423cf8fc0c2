using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Browser;

/// <summary>
/// The app of <c>dotnet run</c> as a person sees it, driven in Chromium: the Aspire dashboard here, the API
/// reference page in BrowserTests.ApiReference.cs. Screenshots of what the tests saw go to the test results, or to
/// docs/images for the README when tools/refresh-screenshots.sh runs them. One AppHost serves the whole class.
/// </summary>
/// <remarks>The class's tier (Outer) is on its other part, BrowserTests.ApiReference.cs: a class carries one.</remarks>
[Collection(RunningAppHostGroup.Name)]
public sealed partial class BrowserTests(DashboardSession session) : IClassFixture<DashboardSession>, IAsyncDisposable
{
    // Each test starts with no page of another test open (see DashboardSession.CloseOpenPagesAsync).
    public async ValueTask DisposeAsync() => await session.CloseOpenPagesAsync();

    private HttpClient FrontendClient()
    {
        session.SkipWhenUnavailable();
        return new HttpClient { BaseAddress = session.AppHost.Frontend, Timeout = Bounded.HttpRequest };
    }

    private static ILocator ResourceRow(IPage page, string resource) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(resource, new() { Exact = true }) });

    // The dashboard lists each replica on a row of its own, named after the resource with a suffix.
    private static ILocator ReplicaNames(IPage page, string resource) =>
        page.GetByRole(AriaRole.Gridcell).GetByText(new Regex($"^{Regex.Escape(resource)}-[a-z0-9]+$"));

    private static ILocator ReplicaRows(IPage page, string resource) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = ReplicaNames(page, resource) });

    // The grid re-renders a row whenever its resource changes (a health probe, a property), and a click on a
    // menu item of the old rendering is lost: the menu stays open and nothing runs, or the menu of the old
    // rendering closes before its item is found. So the command is chosen again until what it should show appears.
    private static async Task ChooseCommandAsync(IPage page, ILocator row, string command, ILocator shown)
    {
        var attempt = new LocatorClickOptions { Timeout = 3_000 };
        await Bounded.UntilAsync(
            async () =>
            {
                await page.Keyboard.PressAsync("Escape");
                try
                {
                    await row.First.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync(attempt);
                    await page.GetByRole(AriaRole.Menuitem, new() { Name = command }).ClickAsync(attempt);
                    await shown.WaitForAsync(new() { Timeout = 3_000 });
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            },
            Bounded.ResourceHealthy,
            $"the dashboard to show what \"{command}\" does");
    }

    [Fact]
    public async Task ResourcesPageShowsTheStoreAndTheFrontendRunningAndHealthy()
    {
        session.SkipWhenUnavailable();

        var page = await session.OpenAsync("/", QuoteAppFixture.Frontend);

        // The frontend's two replicas, each on a row of its own.
        await Assertions.Expect(ReplicaRows(page, QuoteAppFixture.Frontend)).ToHaveCountAsync(2);
        foreach (var row in (await ReplicaRows(page, QuoteAppFixture.Frontend).AllAsync()).Append(ResourceRow(page, QuoteAppFixture.Store)))
        {
            await Assertions.Expect(row).ToContainTextAsync("Running");
            // An unhealthy resource reads "Running (Unhealthy)" until its checks pass.
            await Assertions.Expect(row).Not.ToContainTextAsync("Unhealthy");
        }

        await page.SaveScreenshotAsync("dashboard-resources");
        // A fresh machine trusts no development certificate, and nothing here serves https: nothing to warn about.
        await Assertions.Expect(page.GetByText("No trusted development certificate")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ConsoleLogsOfTheFrontendShowItsRequests()
    {
        using var client = FrontendClient();
        var offset = Random.Shared.Next(1_000_000, 9_999_999);
        using (var response = await client.GetAsync($"/quotes?limit=2&offset={offset}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The request went to one of the two replicas, each with a console log of its own.
        var resources = await session.OpenAsync("/", QuoteAppFixture.Frontend);
        await Assertions.Expect(ReplicaRows(resources, QuoteAppFixture.Frontend)).ToHaveCountAsync(2);
        var pages = new List<IPage>();
        foreach (var replica in await ReplicaNames(resources, QuoteAppFixture.Frontend).AllInnerTextsAsync())
        {
            // Opened once the page has drawn its title: a line from the replica's start ("Now listening on") scrolls out of the
            // virtualized log once the health checks' requests have filled it, which a run minutes long does.
            pages.Add(await session.OpenAsync($"/consolelogs/resource/{replica}", "Console logs"));
        }

        var logLine = $"QueryString: ?limit=2&offset={offset}";
        async Task<int> PagesShowingTheRequestAsync()
        {
            var showing = 0;
            foreach (var page in pages)
            {
                showing += await page.GetByText(logLine).CountAsync() > 0 ? 1 : 0;
            }

            return showing;
        }

        // What a page shows once the dashboard has streamed the line to it: a page load's bound, not a request's.
        await Bounded.UntilAsync(async () => await PagesShowingTheRequestAsync() > 0, Bounded.PageLoad, $"'{logLine}' in a replica's console log");
        Assert.Equal(1, await PagesShowingTheRequestAsync());
    }

    [Fact]
    public async Task TracesPageShowsAPostThatSpansTheFrontendAndItsRedisCall()
    {
        using var client = FrontendClient();
        // The post starts a trace of the test's choosing: other tests post too (the API reference's Test Request with
        // an Idempotency-Key, for one), so the newest POST in the list need not be this one when its trace is late.
        var traceId = ActivityTraceId.CreateRandom();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/quotes") { Content = new FormUrlEncodedContent([new("quote", $"Traced in the dashboard {Guid.NewGuid()}")]) })
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // The list names a trace after its root span, and this one's root is the caller's, which the dashboard never
        // sees: its row is not "quote-frontend: POST /quotes". So the test goes from the list to the trace's own page.
        var page = await session.OpenAsync("/traces", "Traces");
        // Traces arrive a few seconds after the request: open this one's page until it shows the store call.
        var storeCall = page.GetByText("EVALSHA quotes").First;
        await Bounded.UntilAsync(
            async () =>
            {
                await page.GotoAsync(new Uri(session.Dashboard, $"/traces/detail/{traceId}").ToString());
                try
                {
                    await storeCall.WaitForAsync(new() { Timeout = 2_000 });
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            },
            Bounded.ResourceHealthy,
            $"the dashboard to show trace {traceId} of the test's POST with its store call");

        await Assertions.Expect(storeCall).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("POST /quotes").First).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("dashboard-trace");
    }

    [Fact]
    public async Task MetricsPageShowsTheFrontendsHttpMetrics()
    {
        using var client = FrontendClient();
        Assert.NotEmpty(await client.GetStringAsync("/quotes?limit=1", TestContext.Current.CancellationToken));

        // Metrics are exported every few seconds: wait for the frontend's ASP.NET Core meters to be listed.
        var page = await session.OpenAsync($"/metrics/resource/{QuoteAppFixture.Frontend}", "Microsoft.AspNetCore.Hosting");
        await page.Locator("fluent-tree-item[title='http.server.request.duration']").ClickAsync();

        await Assertions.Expect(page.GetByText("Duration of HTTP server requests.").First).ToBeVisibleAsync();
        // The chart (Plotly) draws a line per percentile once it has a point: requests keep coming until it has, so the
        // picture shows a chart with data, not the empty frame of one still loading.
        var lines = page.Locator(".js-plotly-plot .scatterlayer .trace path.js-line");
        await Bounded.UntilAsync(
            async () =>
            {
                Assert.NotEmpty(await client.GetStringAsync("/quotes?limit=1", TestContext.Current.CancellationToken));
                return await lines.CountAsync() > 0;
            },
            Bounded.PageLoad,
            "the request duration chart to draw its lines");
        await page.SaveScreenshotAsync("dashboard-metrics");
    }

    [Fact]
    public async Task TheAppsCommandsAddTheArticlesQuotesAndClearThemAfterConfirmation()
    {
        using var client = FrontendClient();
        var page = await session.OpenAsync("/", QuoteAppFixture.Frontend);

        await ReplicaRows(page, QuoteAppFixture.Frontend).First.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Add the article's quotes" }).ClickAsync();
        await Bounded.UntilAsync(
            async () => (await client.GetQuotesAsync()) is { Length: >= 3 } quotes && quotes.AsSpan(quotes.Length - 3).SequenceEqual(QuoteSamples.ArticleQuotes),
            Bounded.HttpRequest,
            "the article's quotes to be stored after the dashboard command");

        await ChooseCommandAsync(
            page, ResourceRow(page, QuoteAppFixture.Store), "Clear quotes",
            page.GetByText("Delete every quote in quote-store? This cannot be undone."));
        Assert.NotEmpty(await client.GetQuotesAsync());
        await page.Locator("fluent-button", new() { HasText = "Yes" }).ClickAsync();

        await Bounded.UntilAsync(
            async () => (await client.GetQuotesAsync()).Length == 0,
            Bounded.HttpRequest,
            "the list to be empty after confirming Clear quotes");
    }
}
