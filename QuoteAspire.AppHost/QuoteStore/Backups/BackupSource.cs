using System.Globalization;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>The server a backup is copied from, and how to reach it: a replica of a replicated set, else the store itself.</summary>
internal sealed record BackupSource(string Name, string Host, int Port, string? Password)
{
    /// <summary>Whether <paramref name="store"/> can be copied with redis-cli: all but Garnet, which serves it no copy of its data.</summary>
    public static bool CanCopy(IResource store) => store is not RedisCompatibleServerResource { Config: GarnetServerConfig };

    public static async Task<BackupSource> ForAsync(IResourceWithConnectionString store, CancellationToken cancellationToken)
    {
        if (store is RedisReplicatedSetResource set)
        {
            // A replica, so the primary's work is not slowed by the copy; any node in sync holds every acknowledged write.
            var node = (set.InSyncReplicas.Count > 0 ? set.InSyncReplicas[0] : null) ?? set.CurrentPrimary
                ?? throw new InvalidOperationException($"{set.Name} has no node in sync to copy from.");
            // Its port on this machine: a program's own, a container's published one.
            var port = await node.PrimaryEndpoint.Property(EndpointProperty.Port).GetValueAsync(cancellationToken).ConfigureAwait(false);
            return new(node.Name, RedisCompatibleServerConfig.LoopbackAddress, int.Parse(port!, CultureInfo.InvariantCulture),
                await set.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false));
        }

        var connectionString = await store.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{store.Name} has no connection string yet.");
        var options = ConfigurationOptions.Parse(connectionString);
        return options.EndPoints[0] switch
        {
            DnsEndPoint dns => new(store.Name, dns.Host, dns.Port, options.Password),
            IPEndPoint ip => new(store.Name, ip.Address.ToString(), ip.Port, options.Password),
            var other => throw new InvalidOperationException($"{store.Name} is at {other}, which redis-cli cannot be pointed at."),
        };
    }
}
