using System.Globalization;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// What the primary itself says of its replicas (<c>INFO replication</c>): the replicas it streams writes to and has heard
/// from within the lag writes allow, and how many of them it counts towards <c>min-replicas-to-write</c>, the count that
/// decides whether it takes a write. The Sentinels' listing of a replica comes from what they last asked it, up to ten
/// seconds ago: a replica restarted since still shows its old process's link; the primary knows at once.
/// </summary>
/// <param name="GoodReplicas">The primary's own count of replicas in sync (<c>min_slaves_good_slaves</c>); null when it requires none.</param>
/// <param name="ReplicasInSync">The replicas online and within the lag, by the address each announces (<c>ip:port</c>).</param>
internal sealed record PrimaryReplicationInfo(int? GoodReplicas, IReadOnlySet<string> ReplicasInSync)
{
    /// <summary>
    /// Reads the reply of <c>INFO replication</c> from the primary. A replica counts as in sync when its state is
    /// <c>online</c> (past its full sync) and the primary heard its last acknowledgement at most
    /// <paramref name="maxLagSeconds"/> ago, as the primary's own count requires.
    /// </summary>
    public static PrimaryReplicationInfo Parse(string info, int maxLagSeconds)
    {
        ArgumentNullException.ThrowIfNull(info);

        int? goodReplicas = null;
        var inSync = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf(':', StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var (name, value) = (line[..separator], line[(separator + 1)..]);
            if (name == "min_slaves_good_slaves" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var good))
            {
                goodReplicas = good;
            }
            else if (name.StartsWith("slave", StringComparison.Ordinal) && name[5..].All(char.IsAsciiDigit) && name.Length > 5
                && ReplicaInSync(value, maxLagSeconds) is { } address)
            {
                inSync.Add(address);
            }
        }

        return new(goodReplicas, inSync);
    }

    // "ip=127.0.0.1,port=35011,state=online,offset=1847213,lag=0": the address when online and within the lag.
    private static string? ReplicaInSync(string fields, int maxLagSeconds)
    {
        var byName = fields.Split(',')
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return byName.GetValueOrDefault("state") == "online"
            && int.TryParse(byName.GetValueOrDefault("lag"), NumberStyles.None, CultureInfo.InvariantCulture, out var lag) && lag <= maxLagSeconds
            && byName.TryGetValue("ip", out var ip) && byName.TryGetValue("port", out var port)
                ? $"{ip}:{port}"
                : null;
    }
}
