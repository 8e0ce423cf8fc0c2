using System.Diagnostics;
using System.Net;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// A client span per store call, named and tagged as OpenTelemetry's database conventions ask, so a trace of a
/// request shows its Redis work. The Redis client's own tracing is off (it halved throughput under load).
/// </summary>
internal static class StoreCallTracing
{
    /// <summary>The application's own source, which ServiceDefaults listens to.</summary>
    public static readonly ActivitySource Source = new(typeof(StoreCallTracing).Assembly.GetName().Name!);

    /// <summary>Starts a span for <paramref name="operation"/> on <paramref name="key"/>; null, and free, when nothing listens.</summary>
    public static Activity? Start(IConnectionMultiplexer redis, string operation, string key)
    {
        var activity = Source.StartActivity($"{operation} {key}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", operation);
            // Where the call went: the dashboard matches these to the store's endpoint and draws it as the peer.
            var (address, port) = EndpointOf(redis);
            activity.SetTag("server.address", address);
            activity.SetTag("server.port", port);
        }

        return activity;
    }

    private static (string Address, int Port) EndpointOf(IConnectionMultiplexer redis) => redis.GetEndPoints() switch
    {
        [DnsEndPoint dns, ..] => (dns.Host, dns.Port),
        [IPEndPoint ip, ..] => (ip.Address.ToString(), ip.Port),
        _ => ("unknown", 0),
    };
}
