using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace Aspire.Hosting;

/// <summary>How a client on this machine, the AppHost's own commands included, follows a replicated set's Sentinels.</summary>
public static class RedisReplicatedSetClientOptions
{
    /// <summary>
    /// Lets <paramref name="options"/> reach whatever the Sentinels of <paramref name="set"/> name: through the set's
    /// <see cref="RedisReplicatedSetResource.AddressMap"/> when it runs in containers; as named when it runs as programs.
    /// </summary>
    public static ConfigurationOptions FollowFromThisMachine(this ConfigurationOptions options, RedisReplicatedSetResource set)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(set);

        if (set.AddressMap is { } map)
        {
            options.Tunnel = StoreAddressMap.Parse(map);
        }

        return options;
    }
}
