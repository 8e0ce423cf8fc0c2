using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Asks the Sentinels, twice a second, which node is the primary and which replicas are in sync, and shows it: the
/// set's <see cref="RedisReplicatedSetResource.PrimaryProperty"/> and each node's <see cref="RedisReplicatedSetResource.RoleProperty"/> in the dashboard, the set's health,
/// and the file that tells the next run which node to start as primary.
/// </summary>
internal sealed class RedisReplicatedSetMonitor(
    RedisReplicatedSetResource set, ResourceNotificationService notifications, ILogger logger, LastPrimaryFile lastPrimary)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<IRedisReplicatedSetNode, string> _shownRoles = [];
    private Dictionary<string, IRedisReplicatedSetNode>? _nodesByAddress;
    private string? _shownPrimary;

    public async Task RunAsync(CancellationToken stopping)
    {
        ConnectionMultiplexer? sentinels = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    _nodesByAddress ??= await MapNodesByAddressAsync(stopping).ConfigureAwait(false);
                    sentinels ??= await ConnectionMultiplexer.SentinelConnectAsync(
                        await SentinelConnectionOptions.ForAsync(set.Sentinels, set.PasswordParameter, stopping).ConfigureAwait(false)).ConfigureAwait(false);
                    if (await AskAsync(sentinels).ConfigureAwait(false) is { } view)
                    {
                        await ShowAsync(view).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    // No Sentinel answers yet (they start with the run), or none right now: ask again.
                    RedisReplicatedSetLog.SentinelsSilent(logger, set.Name, exception.Message);
                }

                await Task.Delay(Interval, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The run ends.
        }
        finally
        {
            if (sentinels is not null)
            {
                await sentinels.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // The Sentinels name each node by the address it announces: its loopback port, or its name on the containers' network.
    private async Task<Dictionary<string, IRedisReplicatedSetNode>> MapNodesByAddressAsync(CancellationToken cancellationToken)
    {
        var byAddress = new Dictionary<string, IRedisReplicatedSetNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in set.Nodes)
        {
            var address = await node.AnnouncedAddress.GetValueAsync(cancellationToken).ConfigureAwait(false);
            byAddress[address!] = node;
        }

        return byAddress;
    }

    private sealed record SetView(IRedisReplicatedSetNode Primary, Dictionary<IRedisReplicatedSetNode, string> Roles, IReadOnlyList<IRedisReplicatedSetNode> InSync);

    // The first Sentinel that answers speaks for them all: they agree once a failover is done, and until then either answer is as good.
    private async Task<SetView?> AskAsync(ConnectionMultiplexer sentinels)
    {
        var serviceName = set.SentinelConfig.ServiceName;
        foreach (var endpoint in sentinels.GetEndPoints())
        {
            var sentinel = sentinels.GetServer(endpoint);
            if (!sentinel.IsConnected)
            {
                continue;
            }

            if (await sentinel.SentinelGetMasterAddressByNameAsync(serviceName).ConfigureAwait(false) is not { } primaryAddress
                || !_nodesByAddress!.TryGetValue(StoreAddressMap.AddressOf(primaryAddress), out var primary))
            {
                continue;
            }

            var roles = set.Nodes.ToDictionary(node => node, _ => "not seen by the Sentinels yet");
            roles[primary] = RedisReplicatedSetResource.PrimaryRole;
            var inSync = new List<IRedisReplicatedSetNode>();
            foreach (var replica in await sentinel.SentinelReplicasAsync(serviceName).ConfigureAwait(false))
            {
                var fields = replica.ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);
                if (!fields.TryGetValue("ip", out var host) || !fields.TryGetValue("port", out var port)
                    || !_nodesByAddress.TryGetValue($"{host}:{port}", out var node) || ReferenceEquals(node, primary))
                {
                    continue;
                }

                var role = ReplicaRole(fields, primaryOf: (host, port) => _nodesByAddress.GetValueOrDefault($"{host}:{port}") is { } followed && ReferenceEquals(followed, primary));
                roles[node] = role;
                if (role == RedisReplicatedSetResource.ReplicaRole)
                {
                    inSync.Add(node);
                }
            }

            return new(primary, roles, inSync);
        }

        return null;
    }

    /// <summary>
    /// The role to show for a node a Sentinel lists as a replica of the set, from that listing's fields: a replica in sync
    /// only when the node itself last reported that it replicates the current primary (<paramref name="primaryOf"/> says
    /// whether a host and port are that primary's) with its link up. A Sentinel lists every node but the primary as a
    /// replica as soon as a failover ends, before it has heard from each: a node another Sentinel had promoted in a
    /// failed attempt still reports itself a primary then, and one not yet told of the new primary still follows the old.
    /// </summary>
    internal static string ReplicaRole(IReadOnlyDictionary<string, string> fields, Func<string, string, bool> primaryOf)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(primaryOf);

        var flags = fields.GetValueOrDefault("flags", string.Empty);
        if (flags.Contains("s_down", StringComparison.Ordinal) || flags.Contains("disconnected", StringComparison.Ordinal))
        {
            return "down";
        }

        if (fields.GetValueOrDefault("role-reported") is { } reported && reported != "slave")
        {
            return $"reports itself {reported}, not yet a replica";
        }

        if (!primaryOf(fields.GetValueOrDefault("master-host", string.Empty), fields.GetValueOrDefault("master-port", string.Empty)))
        {
            return "replica of a former primary";
        }

        return fields.GetValueOrDefault("master-link-status") == "ok" ? RedisReplicatedSetResource.ReplicaRole : "replica, syncing";
    }

    private async Task ShowAsync(SetView view)
    {
        set.CurrentPrimary = view.Primary;
        set.InSyncReplicas = view.InSync;
        set.IsWritable = view.InSync.Count >= set.MinReplicasToWrite;

        if (_shownPrimary != view.Primary.Name)
        {
            if (_shownPrimary is not null)
            {
                RedisReplicatedSetLog.FailedOver(logger, set.Name, view.Primary.Name, _shownPrimary);
            }

            else
            {
                RedisReplicatedSetLog.PrimaryNamed(logger, set.Name, view.Primary.Name);
            }

            lastPrimary.Write(view.Primary.Name);
            _shownPrimary = view.Primary.Name;
            await notifications.PublishUpdateAsync(set, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                Properties = WithProperty(snapshot.Properties, RedisReplicatedSetResource.PrimaryProperty, view.Primary.Name),
            }).ConfigureAwait(false);
        }

        foreach (var (node, role) in view.Roles)
        {
            if (_shownRoles.GetValueOrDefault(node) != role)
            {
                _shownRoles[node] = role;
                await notifications.PublishUpdateAsync(node, snapshot => snapshot with { Properties = WithProperty(snapshot.Properties, RedisReplicatedSetResource.RoleProperty, role) }).ConfigureAwait(false);
            }
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithProperty(ImmutableArray<ResourcePropertySnapshot> properties, string name, string value) =>
        properties.RemoveAll(property => property.Name == name).Add(new(name, value));
}
