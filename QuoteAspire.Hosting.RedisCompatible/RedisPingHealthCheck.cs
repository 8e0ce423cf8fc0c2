using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Healthy when the server answers PING with its password: proof that it accepts clients,
/// not merely that its process started.
/// </summary>
internal sealed class RedisPingHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IAsyncDisposable
{
    private readonly ReusedConnection _connection = new(async cancellationToken =>
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The connection string of '{resource.Name}' is not available yet.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2_000;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:F1} ms");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run's bound passed (the registration's timeout): whatever did not answer is not asked again.
            await _connection.DropAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            await _connection.DropAsync().ConfigureAwait(false);
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
