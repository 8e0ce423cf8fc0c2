using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The store's own view of what its clients send: <c>redis-cli MONITOR</c> on a graph's store. It shows each command a
/// client sends, and apart from them, marked <c>lua</c>, what a script runs inside the server.
/// </summary>
public sealed class StoreMonitor : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConnectionMultiplexer _own;

    private StoreMonitor(Process process, ConnectionMultiplexer own)
    {
        _process = process;
        _own = own;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                _lines.Enqueue(text);
            }
        };
        process.BeginOutputReadLine();
    }

    /// <summary>Starts watching the store of <paramref name="app"/> and returns once the store has begun to report.</summary>
    public static async Task<StoreMonitor> StartAsync(DistributedApplication app)
    {
        var connectionString = await app.GetConnectionStringAsync(QuoteAppFixture.Store, TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, "the connection string of quote-store");
        var options = ConfigurationOptions.Parse(connectionString!);
        var (host, port) = options.EndPoints[0] switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"The store's endpoint {other} is neither a name nor an address."),
        };
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--no-auth-warning", "-h", host, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "monitor" })
        {
            start.ArgumentList.Add(argument);
        }

        // The password from the environment, never on the command line.
        start.Environment["REDISCLI_AUTH"] = options.Password;
        var monitor = new StoreMonitor(Process.Start(start)!, await app.ConnectToStoreAsync());
        await Bounded.UntilAsync(() => Task.FromResult(monitor._lines.Contains("OK")), Bounded.ResourceHealthy, "MONITOR to start reporting");
        return monitor;
    }

    /// <summary>
    /// Every command a client sent since the monitor started, up to a mark this waits for: the store runs commands one at
    /// a time, so once its own mark is reported, so is every command sent before it. Script-internal commands left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClientCommandsAsync()
    {
        var mark = $"monitor-mark-{Guid.NewGuid():N}";
        await _own.GetDatabase().ExecuteAsync("ECHO", mark);
        await Bounded.UntilAsync(() => Task.FromResult(_lines.Any(line => line.Contains(mark, StringComparison.Ordinal))), Bounded.HttpRequest, "MONITOR to report the test's mark");
        return [.. _lines.TakeWhile(line => !line.Contains(mark, StringComparison.Ordinal))
            .Where(line => line.Contains(" [", StringComparison.Ordinal) && !line.Contains(" lua] ", StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        await _own.DisposeAsync();
    }
}
