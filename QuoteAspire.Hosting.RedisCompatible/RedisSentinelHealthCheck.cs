using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Healthy when the Sentinel answers, with the password, which primary it sees for its set, and knows every other node
/// as a replica and every other Sentinel. A Sentinel that led a failover before it knew a replica would leave that
/// replica following the dead primary, and the promoted one without the replica it needs to take writes, until another
/// Sentinel fixed it after the failover timeout. A member that is down stays known, so a lost node does not turn every
/// Sentinel unhealthy.
/// </summary>
internal sealed class RedisSentinelHealthCheck(IRedisReplicatedSetSentinel sentinel) : IHealthCheck, IAsyncDisposable
{
    private readonly ReusedConnection _connection = new(async cancellationToken =>
        await ConnectionMultiplexer.SentinelConnectAsync(await sentinel.ConnectionOptionsAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            var set = sentinel.ReplicatedSet;
            var serviceName = set.SentinelConfig.ServiceName;
            var primary = await server.SentinelGetMasterAddressByNameAsync(serviceName).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (primary is null)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"The Sentinel knows no set named {serviceName}");
            }

            var master = await server.SentinelMasterAsync(serviceName).WaitAsync(cancellationToken).ConfigureAwait(false);
            var replicas = CountOf(master, "num-slaves");
            var otherSentinels = CountOf(master, "num-other-sentinels");
            return replicas >= set.Nodes.Count - 1 && otherSentinels >= set.Sentinels.Count - 1
                ? HealthCheckResult.Healthy($"The Sentinel sees the primary at {primary}")
                : new HealthCheckResult(
                    context.Registration.FailureStatus,
                    $"The Sentinel sees the primary at {primary}, but knows {replicas} of its {set.Nodes.Count - 1} replicas and {otherSentinels} of the {set.Sentinels.Count - 1} other Sentinels yet");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run's bound passed (the registration's timeout): whatever did not answer is not asked again.
            await _connection.DropAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            await _connection.DropAsync().ConfigureAwait(false);
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message);
        }
    }

    private static int CountOf(KeyValuePair<string, string>[] fields, string name) =>
        fields.FirstOrDefault(field => field.Key == name).Value is { } value && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
