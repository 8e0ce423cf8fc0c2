using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// The store's PING check against a real redis-server behind a relay, as Aspire's proxy stands in front of a store
/// program: when the connection the check keeps goes silent (the proxy holding it open after the server behind it died
/// and came back), the check says so once and is healthy again on the next run, over a new connection.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class RedisPingHealthCheckTests : IAsyncDisposable
{
    private const string Password = "ping-check-test";
    private readonly TemporaryFolder _folder = new("quoteaspire-ping-check-");
    private readonly int _port = FreePort.Next();

    [Fact]
    public async Task AKeptConnectionThatGoesSilentIsUnhealthyOnceThenHealthyOverANewConnection()
    {
        var config = Path.Combine(_folder.Path, "redis.conf");
        await File.WriteAllLinesAsync(config, [
            "bind 127.0.0.1", $"port {_port}", $"requirepass {Password}", "save \"\"", $"dir {_folder.Path}",
            "daemonize yes", $"pidfile {Path.Combine(_folder.Path, "redis.pid")}"], TestContext.Current.CancellationToken);
        var (exitCode, output) = await ExternalTool.RunAsync("redis-server", config);
        Assert.True(exitCode == 0, output);
        await using var relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, _port));
        var store = new StoreAt("relayed-store", $"127.0.0.1:{relay.Port},password={Password}");
        var services = new ServiceCollection().AddLogging();
        services.AddOwnedHealthCheck("relayed-store_ping", () => new RedisPingHealthCheck(store));
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();
        await Bounded.UntilAsync(
            async () => (await RunAsync(health, "a check of a server just started")).Status == HealthStatus.Healthy,
            Bounded.ResourceHealthy,
            "redis-server to answer the check through the relay");
        var connectionsBefore = relay.Accepted;

        relay.SilenceOpenConnections();

        var silent = await RunAsync(health, "the check over a silenced connection");
        Assert.Equal(HealthStatus.Unhealthy, silent.Status);
        var again = await RunAsync(health, "the check after one over a silenced connection");
        Assert.True(again.Status == HealthStatus.Healthy, $"The run after the silent one reported {again.Status}: {again.Description}");
        Assert.True(relay.Accepted > connectionsBefore, "The check answered without connecting again.");
    }

    private static async Task<HealthReportEntry> RunAsync(HealthCheckService health, string what)
    {
        var report = await health.CheckHealthAsync(TestContext.Current.CancellationToken).WaitAsync(Bounded.ResourceHealthy, what);
        return Assert.Single(report.Entries).Value;
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalTool.RunAsync(
            "redis-cli", ["--no-auth-warning", "-h", "127.0.0.1", "-p", $"{_port}", "shutdown", "nosave"],
            workingDirectory: null, ExternalTool.DefaultTimeout, new Dictionary<string, string> { ["REDISCLI_AUTH"] = Password });
        _folder.Dispose();
    }

    private sealed class StoreAt(string name, string connectionString) : Resource(name), IResourceWithConnectionString
    {
        public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{connectionString}");
    }
}
