using System.Diagnostics;
using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// An image registry on 127.0.0.1 for one test run: Debian's <c>docker-registry</c> on a free port, with its
/// storage in a temporary folder. Named <c>localhost:PORT</c>, the only name the .NET SDK's container build
/// speaks plain http to.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    public const string Program = "docker-registry";

    private readonly Process _process;
    private readonly TemporaryFolder _storage;

    private LocalRegistry(Process process, TemporaryFolder storage, int port)
    {
        _process = process;
        _storage = storage;
        Host = $"localhost:{port}";
    }

    /// <summary>The registry's host name and port, as image names and <c>ContainerRegistry</c> want it.</summary>
    public string Host { get; }

    /// <summary>Starts a registry and waits until it answers.</summary>
    public static async Task<LocalRegistry> StartAsync()
    {
        var storage = new TemporaryFolder("quoteaspire-registry-");
        var port = FreePort.Next();
        var config = Path.Combine(storage.Path, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Path.Combine(storage.Path, "data")}
            http:
              addr: 127.0.0.1:{port}
            """);

        var start = new ProcessStartInfo(Program, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Program} did not start.");
        // Drained so that its log can never fill a pipe and stall it.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var registry = new LocalRegistry(process, storage, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Bounded.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://{registry.Host}/v2/"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return process.HasExited ? throw new InvalidOperationException($"{Program} exited with {process.ExitCode}.") : false;
                }
            },
            Bounded.ResourceHealthy,
            $"the registry at {registry.Host} to answer");
        return registry;
    }

    /// <summary>The tags the registry holds for <paramref name="repository"/>.</summary>
    public async Task<string> TagsOfAsync(string repository)
    {
        using var http = new HttpClient { Timeout = Bounded.HttpRequest };
        return await http.GetStringAsync(new Uri($"http://{Host}/v2/{repository}/tags/list"));
    }

    /// <summary>The digest of <paramref name="repository"/>:<paramref name="tag"/>'s manifest, as the registry has it.</summary>
    public async Task<string> DigestOfAsync(string repository, string tag)
    {
        using var http = new HttpClient { Timeout = Bounded.HttpRequest };
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{Host}/v2/{repository}/manifests/{tag}"));
        foreach (var mediaType in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.index.v1+json" })
        {
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue(mediaType));
        }

        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"The registry has no {repository}:{tag} ({(int)response.StatusCode}).");
        return Assert.Single(response.Headers.GetValues("Docker-Content-Digest"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Bounded.AppStop, $"{Program} to stop");
        }

        _process.Dispose();
        _storage.Dispose();
    }
}
