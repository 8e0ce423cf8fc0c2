using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace QuoteAspire.ApiService.Http;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> names the client: <c>TrustedProxies</c>, a list of addresses and CIDR
/// ranges (<c>10.0.0.0/8, 192.168.1.10</c>). Empty by default: the client is then the connection's address, and
/// forwarded headers from anyone are ignored, since trusting them from everyone lets any client pick its address.
/// </summary>
internal static class TrustedProxies
{
    public const string ConfigurationKey = "TrustedProxies";

    private static readonly char[] s_separators = [',', ';', ' ', '\t', '\n'];

    /// <summary>Reads the setting, refusing at start a value that is not an address or a CIDR range.</summary>
    public static IReadOnlyList<IPNetwork> Parse(string? setting)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in (setting ?? string.Empty).Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(item, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} has '{item}', which is neither an IP address nor a CIDR range; write a list such as '10.0.0.0/8, 192.168.1.10'.");
            }
        }

        return networks;
    }

    /// <summary>Honours <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from the trusted proxies, and from no one else.</summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = Parse(configuration[ConfigurationKey]);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; locally every request arrives from loopback, through
            // Aspire's proxy, so that default would let any local client name itself.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }

            // Walk back through every trusted hop (load balancer, then ingress) and stop at the first address
            // that is not trusted: that one is the client, whatever it wrote further left.
            options.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Replaces the connection's address with the forwarded client's, for requests from trusted proxies.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        // With no known proxy at all the middleware trusts every address (that is how the framework's own
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED works), so with none trusted it must not run.
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownIPNetworks.Count == 0 && options.KnownProxies.Count == 0 ? app : app.UseForwardedHeaders();
    }
}
