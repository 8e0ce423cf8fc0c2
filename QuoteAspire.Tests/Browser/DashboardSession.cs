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
        // The login URL sets the dashboard's cookie; every later page of this context is signed in.
        // The dashboard's first render, while the rest of the suite starts its graphs beside it, is the slowest.
        var page = await OpenAsync(login, "/", "quote-frontend", Bounded.ResourceHealthy);
        await page.CloseAsync();
    }

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    /// <summary>A new signed-in page at <paramref name="path"/> of the dashboard, once it shows <paramref name="text"/>.</summary>
    public Task<IPage> OpenAsync(string path, string text) => OpenAsync(new Uri(Dashboard, path), path, text, Bounded.PageLoad);

    /// <summary>
    /// Opens <paramref name="address"/> in a new page and waits until it shows <paramref name="text"/>. Two things beyond the
    /// app leave a dashboard page as it was, and a user reloads it: so does this, up to <see cref="MaxReloads"/> times,
    /// only after one of them and each time it happens anew, and says so in the test's output.
    /// <list type="bullet">
    /// <item>The dashboard's resource grid ends its own session under load: Blazor's <c>Virtualize</c> calls into a
    /// reference it has already disposed (ObjectDisposedException, "Unhandled exception in circuit"; an Aspire dashboard
    /// bug, seen here).</item>
    /// <item>Chromium drops every load under way when the machine's network changes (<c>net::ERR_NETWORK_CHANGED</c>), as
    /// it does whenever Podman adds or removes a container's interface, which the suite's pods do all through the
    /// parallel part: the page stays blank and untitled (seen in two CI runs).</item>
    /// </list>
    /// </summary>
    private async Task<IPage> OpenAsync(Uri address, string path, string text, TimeSpan timeout)
    {
        var page = await Context.NewPageAsync();
        var browserErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") { lock (browserErrors) { browserErrors.Add(message.Text); } } };
        page.PageError += (_, error) => { lock (browserErrors) { browserErrors.Add(error); } };
        await page.GotoAsync(address.ToString());

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var (reloads, seenAtLastReload) = (0, 0);
        while (!await page.GetByText(text).First.IsVisibleAsync())
        {
            string[] errors;
            lock (browserErrors)
            {
                errors = [.. browserErrors];
            }

            if (reloads < MaxReloads && errors.Skip(seenAtLastReload).FirstOrDefault(IsBeyondTheApp) is { } crash)
            {
                (reloads, seenAtLastReload) = (reloads + 1, errors.Length);
                // A test's output when a test opened the page; the run's diagnostics when the session's start did.
                var reload = $"The dashboard page at {path} was reloaded ({reloads} of at most {MaxReloads}) after: {crash.Split('\n')[0]}";
                if (TestContext.Current.TestOutputHelper is { } output)
                {
                    output.WriteLine(reload);
                }
                else
                {
                    TestContext.Current.SendDiagnosticMessage(reload);
                }

                await page.ReloadAsync();
                continue;
            }

            if (waited.Elapsed > timeout)
            {
                // What the page showed instead (a login form, an error, a render that never came) is in its picture;
                // what the browser and the dashboard's server said meanwhile, in the message.
                var picture = $"not-shown-{(path.Trim('/') is { Length: > 0 } named ? named.Replace('/', '-') : "resources")}";
                await page.SaveScreenshotAsync(picture);
                throw new TimeoutException(
                    $"{path} did not show \"{text}\" in {timeout.TotalSeconds:F0} s{(reloads > 0 ? $", reloaded {reloads} time(s)" : "")}; it was at {page.Url}, titled \"{await page.TitleAsync()}\" (screenshot {picture}.png). The browser's errors: {(errors.Length == 0 ? "none" : string.Join(" | ", errors))}. The AppHost's last lines:\n{AppHost.OutputTail(40)}");
            }

            await Task.Delay(PollInterval);
        }

        return page;
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private const int MaxReloads = 3;

    // The errors reloaded for: the dashboard's own Virtualize component on a reference it disposed, and the browser's
    // loads dropped by a change of the machine's network.
    private static bool IsBeyondTheApp(string error) =>
        (error.Contains("ObjectDisposedException", StringComparison.Ordinal) && error.Contains("Virtualize", StringComparison.Ordinal))
        || error.Contains("net::ERR_NETWORK_CHANGED", StringComparison.Ordinal);

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
