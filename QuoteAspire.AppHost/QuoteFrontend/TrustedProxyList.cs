using System.Net;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Reads <c>QuoteFrontend:TrustedProxies</c>: IP addresses and CIDR ranges, separated by commas, semicolons or spaces.</summary>
public static class TrustedProxyList
{
    private static readonly char[] s_separators = [',', ';', ' ', '\t', '\n'];

    /// <summary>The list as the frontend reads it, comma-separated; an entry that is neither an address nor a range stops the AppHost.</summary>
    public static string Normalize(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);

        var entries = setting.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in entries)
        {
            if (!IPNetwork.TryParse(entry, out _) && !IPAddress.TryParse(entry, out _))
            {
                throw new InvalidOperationException(
                    $"{QuoteFrontendBuilderExtensions.TrustedProxiesConfigurationKey} has '{entry}', which is neither an IP address nor a CIDR range; " +
                    "write a list such as '10.0.0.0/8, 192.168.1.10'.");
            }
        }

        return string.Join(',', entries);
    }
}
