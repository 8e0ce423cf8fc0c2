using System.Globalization;
using System.Net;
using StackExchange.Redis.Configuration;

namespace QuoteAspire.Shared;

/// <summary>
/// Addresses as the store's own network names them, mapped to where this process reaches them: a replicated store in
/// local containers announces its nodes and Sentinels by their container names (<c>quote-store-0:6379</c>), which only
/// the containers resolve, while each is published on a port of this machine (<c>127.0.0.1:41001</c>). Given to the
/// Redis client as its tunnel, the map is consulted for every connection it opens, to the Sentinels and to whichever
/// node they name as primary after a failover. An address the map does not hold is connected to as it is. Compiled into
/// each project that connects through the Sentinels (it is linked, not referenced).
/// </summary>
internal sealed class StoreAddressMap : Tunnel
{
    /// <summary>The setting that carries the map: <c>name:port=host:port</c> pairs, separated by commas.</summary>
    public const string ConfigurationKey = "QuoteStore:AddressMap";

    private readonly Dictionary<string, EndPoint> _published;

    private StoreAddressMap(Dictionary<string, EndPoint> published) => _published = published;

    /// <summary>Reads the map from the setting's text.</summary>
    /// <exception cref="FormatException">A pair is not <c>name:port=host:port</c>.</exception>
    public static StoreAddressMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var published = new Dictionary<string, EndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || ToEndPoint(parts[0]) is not { } announced || ToEndPoint(parts[1]) is not { } reachedAt)
            {
                throw new FormatException($"{ConfigurationKey} holds '{pair}'; each entry must read name:port=host:port, such as quote-store-0:6379=127.0.0.1:41001.");
            }

            published[AddressOf(announced)] = reachedAt;
        }

        return new(published);
    }

    /// <inheritdoc />
    public override ValueTask<EndPoint?> GetSocketConnectEndpointAsync(EndPoint endpoint, CancellationToken cancellationToken) =>
        new(_published.GetValueOrDefault(AddressOf(endpoint), endpoint));

    /// <summary>The map as the setting writes it.</summary>
    public override string ToString() => string.Join(',', _published.Select(pair => $"{pair.Key}={AddressOf(pair.Value)}"));

    private static EndPoint? ToEndPoint(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > IPEndPoint.MaxPort)
        {
            return null;
        }

        var host = address[..colon].Trim();
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    /// <summary>An endpoint as <c>host:port</c>, the way Sentinel names a node.</summary>
    public static string AddressOf(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        _ => endpoint.ToString() ?? string.Empty,
    };
}
