using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>Healthy when the Sentinel answers, with the password, which primary it sees for its set.</summary>
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
            var primary = await server.SentinelGetMasterAddressByNameAsync(sentinel.ReplicatedSet.SentinelConfig.ServiceName).WaitAsync(cancellationToken).ConfigureAwait(false);
            return primary is null
                ? new HealthCheckResult(context.Registration.FailureStatus, $"The Sentinel knows no set named {sentinel.ReplicatedSet.SentinelConfig.ServiceName}")
                : HealthCheckResult.Healthy($"The Sentinel sees the primary at {primary}");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
