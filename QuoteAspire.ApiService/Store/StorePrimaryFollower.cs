using System.Diagnostics;
using QuoteAspire.ApiService.Logging;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Moves writes to a new primary as soon as there is one, when the connection string names every node of a replicated
/// store. The client reads the nodes' roles when it connects and then only now and then; after a failover it would
/// keep sending writes to the old primary, now a replica that refuses them (READONLY, or WAIT's error), or to none at
/// all, the old one being gone. So when a write or its confirmation is refused so, or a connection to a node fails, this reads the roles again,
/// every <see cref="Interval"/>, until a node answers as the primary (at most <see cref="FollowFor"/>: a Sentinel
/// failover's bound). The Sentinels decide which node that is; this only finds it.
/// </summary>
internal sealed class StorePrimaryFollower(
    IConnectionMultiplexer redis,
    [FromKeyedServices(QuoteStoreClientExtensions.WritesConnectionName)] IConnectionMultiplexer writes,
    ILogger<StorePrimaryFollower> logger) : IHostedService
{
    /// <summary>How often the roles are read while no node answers as the primary.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the roles are read again after one event: a Sentinel failover takes well under this.</summary>
    public static readonly TimeSpan FollowFor = TimeSpan.FromSeconds(60);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // One node (or the Sentinels' address, whose client follows their announcements itself): nothing to choose from.
        foreach (var connection in new[] { redis, writes }.Distinct().Where(connection => connection.GetEndPoints().Length > 1))
        {
            var follower = new ConnectionFollower(connection, logger);
            connection.ErrorMessage += follower.OnErrorMessage;
            connection.ConnectionFailed += follower.OnConnectionFailed;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class ConnectionFollower(IConnectionMultiplexer connection, ILogger logger)
    {
        private int _following;

        // Both are raised on the client's own threads: hand the work off at once.
        public void OnErrorMessage(object? sender, RedisErrorEventArgs error)
        {
            if (error.Message.StartsWith("READONLY", StringComparison.Ordinal))
            {
                Follow($"{Describe(error.EndPoint)} refused a write as a replica");
            }
            else if (error.Message.StartsWith(QuoteStoreNotReplicatedHandler.WaitOnAReplica, StringComparison.Ordinal))
            {
                Follow($"{Describe(error.EndPoint)} refused to confirm a write as a replica");
            }
        }

        public void OnConnectionFailed(object? sender, ConnectionFailedEventArgs failure)
        {
            if (failure.ConnectionType == ConnectionType.Interactive)
            {
                Follow($"the connection to {Describe(failure.EndPoint)} failed ({failure.FailureType})");
            }
        }

        private void Follow(string cause)
        {
            if (Interlocked.Exchange(ref _following, 1) == 0)
            {
                _ = FollowAsync(cause);
            }
        }

        private async Task FollowAsync(string cause)
        {
            try
            {
                await Task.Yield();
                QuoteFrontendLog.ReadingStoreRoles(logger, cause);
                var started = Stopwatch.GetTimestamp();
                string? primary = null;
                while (primary is null && Stopwatch.GetElapsedTime(started) < FollowFor)
                {
                    try
                    {
                        await connection.ConfigureAsync().ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is RedisException or TimeoutException)
                    {
                        // Nodes that do not answer are read again on the next round.
                    }

                    primary = connection.GetServers().FirstOrDefault(server => server.IsConnected && !server.IsReplica) is { } server ? Describe(server.EndPoint) : null;
                    if (primary is null)
                    {
                        await Task.Delay(Interval).ConfigureAwait(false);
                    }
                }

                var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                QuoteFrontendLog.StoreRolesRead(logger, primary ?? "no node", milliseconds);
            }
            finally
            {
                Volatile.Write(ref _following, 0);
            }
        }
    }

    // host:port, as the connection string names the node (a DnsEndPoint's own text adds its address family).
    private static string Describe(System.Net.EndPoint? endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        null => "a node",
        _ => endpoint.ToString() ?? "a node",
    };
}
