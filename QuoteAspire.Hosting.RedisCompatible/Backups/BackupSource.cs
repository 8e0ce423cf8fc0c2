using System.Globalization;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>The server a backup is copied from, and how to reach it: a replica of a replicated set, else the store itself.</summary>
internal sealed record BackupSource(string Name, string Host, int Port, string? Password)
{
    /// <summary>Whether <paramref name="store"/> can be copied with redis-cli: all but Garnet, which serves it no copy of its data.</summary>
    public static bool CanCopy(IResource store) => store is not RedisCompatibleServerResource { Config: GarnetServerConfig };

    /// <summary>
    /// The servers to copy from, in the order to try them: for a replicated set each replica in sync, so the primary's
    /// work is not slowed by the copy, then the primary; for one server, that server. Any of them holds every
    /// acknowledged write. A replica the Sentinels last saw in sync may since have lost its primary (a resync, a
    /// failover under way); it refuses the copy (<c>NOMASTERLINK</c>) and the next is tried.
    /// </summary>
    public static async Task<IReadOnlyList<BackupSource>> CandidatesAsync(IResourceWithConnectionString store, CancellationToken cancellationToken)
    {
        if (store is RedisReplicatedSetResource set)
        {
            var password = await set.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var nodes = set.InSyncReplicas.Concat(set.CurrentPrimary is { } primary ? [primary] : []).Distinct().ToList();
            if (nodes.Count == 0)
            {
                throw new InvalidOperationException($"{set.Name} has no node in sync to copy from.");
            }

            var sources = new List<BackupSource>(nodes.Count);
            foreach (var node in nodes)
            {
                // Its port on this machine: a program's own, a container's published one.
                var port = await node.PrimaryEndpoint.Property(EndpointProperty.Port).GetValueAsync(cancellationToken).ConfigureAwait(false);
                sources.Add(new(node.Name, RedisCompatibleServerConfig.LoopbackAddress, int.Parse(port!, CultureInfo.InvariantCulture), password));
            }

            return sources;
        }

        return [await OfServerAsync(store, cancellationToken).ConfigureAwait(false)];
    }

    private static async Task<BackupSource> OfServerAsync(IResourceWithConnectionString store, CancellationToken cancellationToken)
    {
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
