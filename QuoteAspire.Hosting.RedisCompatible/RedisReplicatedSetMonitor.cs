using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Asks the Sentinels, twice a second, which node is the primary and which replicas are in sync, asks that primary which
/// replicas it counts towards its writes, and shows it: the set's <see cref="RedisReplicatedSetResource.PrimaryProperty"/> and each node's <see cref="RedisReplicatedSetResource.RoleProperty"/> in the dashboard, the set's health,
/// and the file that tells the next run which node to start as primary.
/// </summary>
internal sealed class RedisReplicatedSetMonitor(
    RedisReplicatedSetResource set, string healthCheckKey, ResourceNotificationService notifications, ILogger logger, LastPrimaryFile lastPrimary)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    // A primary that does not answer within this is taking no writes as far as anyone can tell; the next round asks again.
    private static readonly TimeSpan PrimaryAnswer = TimeSpan.FromSeconds(1);

    private readonly Dictionary<IRedisReplicatedSetNode, string> _shownRoles = [];
    private readonly Dictionary<IRedisReplicatedSetNode, ReusedConnection> _nodeConnections = [];
    private Dictionary<string, IRedisReplicatedSetNode>? _nodesByAddress;
    private string? _shownPrimary;
    private bool? _shownWritable;

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
                    if (await AskAsync(sentinels, stopping).ConfigureAwait(false) is { } view)
                    {
                        await ShowAsync(view).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    // No Sentinel answers yet (they start with the run), or none right now: ask again.
                    RedisReplicatedSetLog.SentinelsSilent(logger, set.Name, exception.Message);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Anything else would end the watch unseen, and leave the set shown as it last was for the whole run.
                    RedisReplicatedSetLog.WatchFailed(logger, set.Name, exception);
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

            foreach (var connection in _nodeConnections.Values)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
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

    private sealed record SetView(
        IRedisReplicatedSetNode Primary, Dictionary<IRedisReplicatedSetNode, string> Roles, IReadOnlyList<IRedisReplicatedSetNode> InSync, bool TakesWrites);

    // The first Sentinel that answers speaks for them all: they agree once a failover is done, and until then either answer is as good.
    private async Task<SetView?> AskAsync(ConnectionMultiplexer sentinels, CancellationToken stopping)
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
            var counted = await AskPrimaryAsync(primary, stopping).ConfigureAwait(false);
            foreach (var replica in await sentinel.SentinelReplicasAsync(serviceName).ConfigureAwait(false))
            {
                var fields = replica.ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);
                if (!fields.TryGetValue("ip", out var host) || !fields.TryGetValue("port", out var port)
                    || !_nodesByAddress.TryGetValue($"{host}:{port}", out var node) || ReferenceEquals(node, primary))
                {
                    continue;
                }

                var listed = ReplicaRole(fields, primaryOf: (host, port) => _nodesByAddress.GetValueOrDefault($"{host}:{port}") is { } followed && ReferenceEquals(followed, primary));
                var role = CountedByThePrimary(listed, $"{host}:{port}", counted);
                roles[node] = role;
                if (role == RedisReplicatedSetResource.ReplicaRole)
                {
                    inSync.Add(node);
                }
            }

            return new(primary, roles, inSync, TakesWrites(counted, inSync.Count, set.MinReplicasToWrite));
        }

        return null;
    }

    // INFO replication from the primary itself, over a connection kept between rounds; null when it does not answer.
    private async Task<PrimaryReplicationInfo?> AskPrimaryAsync(IRedisReplicatedSetNode primary, CancellationToken stopping)
    {
        if (!_nodeConnections.TryGetValue(primary, out var connection))
        {
            connection = new ReusedConnection(async cancellationToken =>
            {
                var connectionString = await primary.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The connection string of '{primary.Name}' is not available yet.");
                var options = ConfigurationOptions.Parse(connectionString);
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = (int)PrimaryAnswer.TotalMilliseconds;
                // StackExchange.Redis counts INFO among the administrator's commands; it is the only one sent here.
                options.AllowAdmin = true;
                return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            });
            _nodeConnections[primary] = connection;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bounded.CancelAfter(PrimaryAnswer);
        try
        {
            var multiplexer = await connection.GetAsync(bounded.Token).ConfigureAwait(false);
            var info = await multiplexer.GetServer(multiplexer.GetEndPoints()[0]).InfoRawAsync("replication").WaitAsync(bounded.Token).ConfigureAwait(false);
            return PrimaryReplicationInfo.Parse(info ?? string.Empty, RedisServerConfig.MaxReplicaLagSeconds);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException
            || (exception is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            // Killed, paused or starting: asked afresh next round.
            await connection.DropAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The role to show for a replica the Sentinels list as <paramref name="listed"/>, once the primary was asked: in sync
    /// only when the primary, too, counts the replica at <paramref name="address"/> towards its writes
    /// (<paramref name="primary"/> is null when it did not answer). The Sentinels' listing may be ten seconds old.
    /// </summary>
    internal static string CountedByThePrimary(string listed, string address, PrimaryReplicationInfo? primary) =>
        listed != RedisReplicatedSetResource.ReplicaRole ? listed
        : primary is null ? "replica, primary not answering"
        : primary.ReplicasInSync.Contains(address) ? RedisReplicatedSetResource.ReplicaRole
        : "replica, not yet counted by the primary";

    /// <summary>
    /// Whether the set takes writes: the primary answered, at least <paramref name="minReplicasToWrite"/> replicas are in
    /// sync as both the Sentinels and the primary see them, and the primary's own count, which its writes wait on, agrees.
    /// </summary>
    internal static bool TakesWrites(PrimaryReplicationInfo? primary, int replicasInSync, int minReplicasToWrite) =>
        primary is not null && replicasInSync >= minReplicasToWrite && (primary.GoodReplicas ?? replicasInSync) >= minReplicasToWrite;

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
        set.IsWritable = view.TakesWrites;

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

        if (_shownWritable != view.TakesWrites)
        {
            // Aspire runs the health check of a healthy resource every 30 s only: the dashboard, and whatever waits on the
            // set's health, would go on reading "healthy" that long after the primary stopped taking writes.
            _shownWritable = view.TakesWrites;
            var health = RedisReplicatedSetHealthCheck.Of(set, HealthStatus.Unhealthy);
            var report = new HealthReportSnapshot(healthCheckKey, health.Status, health.Description, ExceptionText: null) { LastRunAt = DateTime.UtcNow };
            await notifications.PublishUpdateAsync(set, snapshot => snapshot.WithHealthReports(
                snapshot.HealthReports.RemoveAll(existing => existing.Name == healthCheckKey).Add(report))).ConfigureAwait(false);
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithProperty(ImmutableArray<ResourcePropertySnapshot> properties, string name, string value) =>
        properties.RemoveAll(property => property.Name == name).Add(new(name, value));
}
