using Microsoft.Playwright;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The machine's Chromium (Debian's <c>chromium</c> package) driven by Playwright: Playwright's own browser
/// download needs the internet, the system browser does not.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Why browser tests cannot run here, or null.</summary>
    public static string? MissingReason =>
        File.Exists(ExecutablePath) ? null : $"{ExecutablePath} is missing: install it (apt-get install chromium) to run the browser tests";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A page that may reach this machine only: any other address is refused and remembered.</summary>
    public static async Task<(IPage Page, IReadOnlyCollection<string> RefusedUrls)> OpenOfflinePageAsync(IBrowserContext context)
    {
        var refused = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "localhost" or "127.0.0.1")
            {
                await route.ContinueAsync();
                return;
            }

            refused.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
        return (page, refused);
    }

    /// <summary>
    /// Where screenshots go: <c>QuoteAspire.Tests/TestResults/screenshots</c>, ignored by git, unless
    /// <see cref="ScreenshotsVariable"/> names another folder (relative to the repository), as
    /// <c>tools/refresh-screenshots.sh</c> does to refresh the README's images in <c>docs/images</c>.
    /// </summary>
    public static string ScreenshotFolder =>
        Path.Combine(Repository.Root, Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder ? folder : Path.Combine("QuoteAspire.Tests", "TestResults", "screenshots"));

    /// <summary>The variable that sends screenshots to a folder of the repository other than the test results.</summary>
    public const string ScreenshotsVariable = "QUOTEASPIRE_SCREENSHOTS";

    /// <summary>Whether the screenshots go to a folder of the repository's (tools/refresh-screenshots.sh), not the test results.</summary>
    public static bool TakesDocumentationPictures => Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 };

    /// <summary>Saves what the page shows now as <c><paramref name="name"/>.png</c> in <see cref="ScreenshotFolder"/>.</summary>
    public static async Task SaveScreenshotAsync(this IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {Path.GetRelativePath(Repository.Root, path)}");
    }
}
