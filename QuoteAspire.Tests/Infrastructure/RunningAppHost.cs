using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The AppHost as a developer runs it, <c>dotnet run --project QuoteAspire.AppHost</c> with its launch profile, stopped
/// with SIGTERM as Ctrl+C would. Its dashboard, the dashboard's OTLP endpoint and resource service, and the frontend
/// listen on free ports rather than the profile's 15888, 19888 and 20888 and the article's 8000, so the tests pass
/// beside an AppHost a developer is running.
/// </summary>
public sealed partial class RunningAppHost : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TemporaryFolder _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningAppHost(Process process, Uri frontend, Uri dashboard, TemporaryFolder dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Frontend = frontend;
        Dashboard = dashboard;
        _process.OutputDataReceived += (_, line) => Remember(line.Data);
        _process.ErrorDataReceived += (_, line) => Remember(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The frontend's address (on a free port, so the test does not need 8000).</summary>
    public Uri Frontend { get; }

    /// <summary>The dashboard's address (on a free port, so the test does not need 15888).</summary>
    public Uri Dashboard { get; }

    /// <summary>Everything the AppHost printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The last <paramref name="lines"/> lines the AppHost printed: what its dashboard logged when a page or request failed.</summary>
    public string OutputTail(int lines) => string.Join('\n', Output.Split('\n').TakeLast(lines));

    /// <summary>How the README runs the app; the tests that run the AppHost as a developer does run this.</summary>
    public const string RunCommand = "dotnet run --project QuoteAspire.AppHost";

    /// <summary>
    /// Starts the AppHost with <paramref name="environment"/> added to the test's own, its store's data in a
    /// temporary folder rather than the developer's <c>.data</c>, and the frontend on <paramref name="frontendPort"/>
    /// (a free port unless given).
    /// </summary>
    public static RunningAppHost Start(IReadOnlyDictionary<string, string>? environment = null, int? frontendPort = null, params string[] args)
    {
        frontendPort ??= FreePort.Next();
        var dashboard = new Uri($"http://localhost:{FreePort.Next()}");
        var dataDirectory = new TemporaryFolder("quoteaspire-data-");
        // The AppHost reads its dashboard's addresses from its configuration, where these arguments come before the
        // launch profile's environment.
        string[] freePorts =
        [
            $"QuoteFrontend:Port={frontendPort}",
            $"ASPNETCORE_URLS={dashboard.GetLeftPart(UriPartial.Authority)}",
            $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePort.Next()}",
            $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePort.Next()}",
        ];
        // The README's run command, read from the README, as a reader runs it from the repository's root; the test adds
        // only what keeps it beside the others (the build the test ran, free ports, its own data folder).
        var readme = DocumentedCommands.Find(RunCommand).Words;
        Assert.True(readme.Count == 4, $"The README's run command takes arguments of its own now: {string.Join(' ', readme)}");
        var start = new ProcessStartInfo(readme[0])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[.. readme.Skip(1), "--no-build", "--configuration", Repository.Configuration, "--", .. freePorts, $"QuoteStore:DataDirectory={dataDirectory.Path}", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet run did not start.");
        return new RunningAppHost(process, new Uri($"http://localhost:{frontendPort}"), dashboard, dataDirectory);
    }

    /// <summary>The dashboard's login URL with its token, once the AppHost has printed it.</summary>
    public async Task<Uri> WaitForDashboardLoginAsync()
    {
        string? url = null;
        await Bounded.UntilAsync(
            () =>
            {
                url = _output.Select(line => LoginUrl().Match(line)).FirstOrDefault(match => match.Success)?.Value;
                return Task.FromResult(url is not null || _process.HasExited);
            },
            StartTimeout,
            "the AppHost to print the dashboard's login URL");
        return url is not null ? new Uri(url) : throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode}:\n{Output}");
    }

    /// <summary>Waits until the frontend answers <c>/health</c> with 200.</summary>
    public async Task WaitForHealthyFrontendAsync()
    {
        using var client = new HttpClient { BaseAddress = Frontend, Timeout = Bounded.HttpRequest };
        await Bounded.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    // Aspire's proxy takes the connection before the frontend is up; on a busy machine an early
                    // request can outlast its own timeout. That is "not yet", and the overall wait bounds it.
                    return false;
                }
            },
            StartTimeout,
            "quote-frontend of the running AppHost to become healthy");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as Ctrl+C or a service manager would stop it, so it stops its resources too.
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync().WaitAsync(StopTimeout, "kill -TERM to run");
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout, "the AppHost to stop after SIGTERM");
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                throw;
            }
        }

        _process.Dispose();
        _dataDirectory.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [GeneratedRegex(@"https?://\S+/login\?t=\w+")]
    private static partial Regex LoginUrl();
}
