using Aspire.Hosting;
using System.Text.RegularExpressions;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Monitoring;

/// <summary>
/// Every Redis metric the published alerts read is one the exporter writes: Debian's <c>prometheus-redis-exporter</c>
/// in front of a real primary, replica and Sentinel (redis-server), each on a loopback address of its own.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class AlertMetricsFromARealExporterTests : IAsyncDisposable
{
    private const string Password = "alert-metrics-test";
    private const string Exporter = "prometheus-redis-exporter";
    private readonly TemporaryFolder _folder = new("quoteaspire-exporter-");
    private readonly string _primary;
    private readonly string _replica;
    private readonly string _sentinel;
    private readonly List<string> _shutdown = [];
    private System.Diagnostics.Process? _exporter;

    public AlertMetricsFromARealExporterTests()
    {
        var block = Random.Shared.Next(2, 250);
        (_primary, _replica, _sentinel) = ($"127.{block}.1.2", $"127.{block}.1.3", $"127.{block}.1.4");
    }

    [Fact]
    public async Task EveryRedisMetricTheAlertsReadIsOneTheExporterWritesForAPrimaryAReplicaOrASentinel()
    {
        Assert.SkipWhen(MachineProbes.FindProgram(Exporter) is null, $"{Exporter} is not installed: apt-get install {Exporter} (.ci/run does).");
        var rules = await PublishedAlertRules.PublishAsync(_folder.Path);
        var read = rules.Spec.Groups.SelectMany(group => group.Rules).SelectMany(rule => MetricName().Matches(rule.Expr).Select(match => match.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(read);

        await StartRedisAsync(_primary, 6379);
        await StartRedisAsync(_replica, 6379, "--replicaof", _primary, "6379", "--replica-announce-ip", _replica);
        await StartSentinelAsync();
        await Bounded.UntilAsync(
            async () => (await RedisCliAsync(_replica, 6379, "info", "replication")).Contains("master_link_status:up", StringComparison.Ordinal),
            Bounded.ResourceHealthy,
            "the replica to sync with the primary");
        var metrics = await StartExporterAsync();

        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in new[] { $"redis://{_primary}:6379", $"redis://{_replica}:6379", $"redis://{_sentinel}:26379" })
        {
            var page = await metrics.GetStringAsync(new Uri($"/scrape?target={Uri.EscapeDataString(target)}", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Contains("redis_up 1", page, StringComparison.Ordinal);
            written.UnionWith(page.Split('\n').Where(line => line.Length > 0 && line[0] != '#').Select(line => line.Split('{', ' ')[0]));
        }

        Assert.Empty(read.Except(written));
    }

    // A Redis metric name in an expression.
    [GeneratedRegex(@"\bredis_[a-z_]+\b")]
    private static partial Regex MetricName();

    private async Task StartRedisAsync(string address, int port, params string[] args)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            "redis-server",
            ["--bind", address, "--port", $"{port}", "--requirepass", Password, "--masterauth", Password, "--maxmemory", "64mb",
                "--save", "", "--appendonly", "no", "--dir", _folder.Path, "--daemonize", "yes", "--pidfile", Path.Combine(_folder.Path, $"{address}.pid"), .. args]);
        Assert.True(exitCode == 0, output);
        _shutdown.Add($"{address}:{port}");
        await Bounded.UntilAsync(async () => (await RedisCliAsync(address, port, "ping")).Contains("PONG", StringComparison.Ordinal), Bounded.ResourceHealthy, $"redis-server at {address}:{port} to answer");
    }

    private async Task StartSentinelAsync()
    {
        var config = Path.Combine(_folder.Path, "sentinel.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"bind {_sentinel}",
            "port 26379",
            $"requirepass {Password}",
            $"sentinel monitor quote-store {_primary} 6379 1",
            $"sentinel auth-pass quote-store {Password}",
            "daemonize yes",
            $"pidfile {Path.Combine(_folder.Path, "sentinel.pid")}",
        ]);
        var (exitCode, output) = await ExternalTool.RunAsync("redis-server", config, "--sentinel");
        Assert.True(exitCode == 0, output);
        _shutdown.Add($"{_sentinel}:26379");
        await Bounded.UntilAsync(
            async () => (await RedisCliAsync(_sentinel, 26379, "sentinel", "replicas", "quote-store")).Contains(_replica, StringComparison.Ordinal),
            Bounded.ResourceHealthy,
            "the Sentinel to know the replica");
    }

    private async Task<HttpClient> StartExporterAsync()
    {
        var listen = $"127.0.0.1:{FreePort.Next()}";
        var start = new System.Diagnostics.ProcessStartInfo(Exporter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { $"--web.listen-address={listen}", $"--redis.addr=redis://{_primary}:6379" })
        {
            start.ArgumentList.Add(arg);
        }

        // As in a published pod: the password from REDIS_PASSWORD, for every target.
        start.Environment["REDIS_PASSWORD"] = Password;
        _exporter = System.Diagnostics.Process.Start(start);
        var client = new HttpClient { BaseAddress = new Uri($"http://{listen}"), Timeout = TimeSpan.FromSeconds(10) };
        await Bounded.UntilAsync(
            async () =>
            {
                try
                {
                    return (await client.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Bounded.ResourceHealthy,
            $"{Exporter} to answer on {listen}");
        return client;
    }

    private static async Task<string> RedisCliAsync(string address, int port, params string[] command)
    {
        var (_, output) = await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", address, "-p", $"{port}", .. command],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = Password });
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_exporter is { HasExited: false })
        {
            _exporter.Kill();
            await _exporter.WaitForExitAsync();
        }

        _exporter?.Dispose();
        foreach (var server in _shutdown)
        {
            var (address, port) = (server.Split(':')[0], int.Parse(server.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
            await RedisCliAsync(address, port, "shutdown", "nosave");
        }

        _folder.Dispose();
    }
}
