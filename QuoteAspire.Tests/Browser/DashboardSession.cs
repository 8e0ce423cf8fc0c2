using Microsoft.Playwright;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Browser;

/// <summary>
/// The AppHost run as a developer runs it, with its dashboard entered once through the login URL it
/// printed, and a browser whose pages share that login.
/// </summary>
public sealed class DashboardSession : IAsyncLifetime
{
    private RunningAppHost? _appHost;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string? SkipReason { get; private set; }

    public RunningAppHost AppHost => _appHost ?? throw new InvalidOperationException(SkipReason ?? "The AppHost has not started.");

    /// <summary>The dashboard's address, on a port the AppHost was given for this run.</summary>
    public Uri Dashboard => AppHost.Dashboard;

    /// <summary>A browser context that is logged in to the dashboard.</summary>
    public IBrowserContext Context { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        SkipReason = Chromium.MissingReason;
        if (SkipReason is not null)
        {
            return;
        }

        // Pictures for the docs show the frontend where the docs say it is, the article's port; a test run takes a free one.
        _appHost = RunningAppHost.Start(frontendPort: Chromium.TakesDocumentationPictures ? 8000 : null);
        var login = await _appHost.WaitForDashboardLoginAsync();
        await _appHost.WaitForHealthyFrontendAsync();
        Assert.Equal(Dashboard.GetLeftPart(UriPartial.Authority), login.GetLeftPart(UriPartial.Authority));

        (_playwright, _browser) = await Chromium.LaunchAsync();
        Context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 810 } });
        Context.SetDefaultTimeout((float)Bounded.PageLoad.TotalMilliseconds);
        var page = await Context.NewPageAsync();
        // The login URL sets the dashboard's cookie; every later page of this context is signed in.
        await page.GotoAsync(login.ToString());
        // The dashboard's first render, while the rest of the suite starts its graphs beside it, is the slowest.
        await WaitToShowAsync(page, "/", "quote-frontend", Bounded.ResourceHealthy);
        await page.CloseAsync();
    }

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    /// <summary>A new signed-in page at <paramref name="path"/> of the dashboard, once it shows <paramref name="text"/>.</summary>
    public async Task<IPage> OpenAsync(string path, string text)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(new Uri(Dashboard, path).ToString());
        await WaitToShowAsync(page, path, text, Bounded.PageLoad);
        return page;
    }

    private static async Task WaitToShowAsync(IPage page, string path, string text, TimeSpan timeout)
    {
        try
        {
            await page.GetByText(text).First.WaitForAsync(new() { Timeout = (float)timeout.TotalMilliseconds });
        }
        catch (TimeoutException shown)
        {
            // What the page showed instead (a login form, an error, a render that never came) is in its picture.
            var picture = $"not-shown-{(path.Trim('/') is { Length: > 0 } named ? named.Replace('/', '-') : "resources")}";
            await page.SaveScreenshotAsync(picture);
            throw new TimeoutException($"{path} did not show \"{text}\" in {timeout.TotalSeconds:F0} s; it was at {page.Url}, titled \"{await page.TitleAsync()}\" (screenshot {picture}.png).", shown);
        }
    }

    /// <summary>
    /// Closes every page a test left open. An open dashboard page stays live: a metrics page redraws its charts every
    /// second and a console log page streams every line, in the dashboard and in Chromium alike, so pages left open by
    /// earlier tests slowed later pages' first render past their bound (seen twice in CI, on the traces and metrics pages).
    /// </summary>
    public async Task CloseOpenPagesAsync()
    {
        // No browser: Chromium is missing, or the session failed to start.
        if (_browser is null || Context is null)
        {
            return;
        }

        foreach (var page in Context.Pages.ToList())
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }
    }
}
