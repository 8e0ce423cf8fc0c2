using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// Says when the store is full or nearly so, from what Redis reports of its memory (<c>INFO memory</c>): a full
/// store refuses new quotes with 507 while every other request works, so the frontend is Degraded, not Unhealthy.
/// </summary>
internal sealed class QuoteStoreMemoryHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "quote-store-memory";

    /// <summary>From here on the store counts as nearly full: time to give it more memory.</summary>
    public const double NearlyFull = 0.9;

    // Redis refuses a write once its memory is over maxmemory, and reports a little under it right after, when the
    // refused command's buffers are freed: this close to the limit the next quote of any size is refused.
    private const double Full = 0.99;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Whether the store answers at all is the connection check's to say. With replicas, the primary's memory is
        // the one that refuses writes.
        var primary = redis.GetEndPoints().Select(endpoint => redis.GetServer(endpoint)).FirstOrDefault(server => server is { IsConnected: true, IsReplica: false });
        if (!redis.IsConnected || primary is null)
        {
            return HealthCheckResult.Healthy("The store's memory is not known while the store cannot be reached.");
        }

        Dictionary<string, string> memory;
        try
        {
            memory = (await primary.InfoAsync("memory").ConfigureAwait(false))
                .SelectMany(section => section)
                .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
        }
        catch (RedisServerException exception)
        {
            // A store whose access rules deny INFO still serves quotes; only this check goes blind.
            return HealthCheckResult.Healthy($"The store's memory could not be read: {exception.Message}");
        }
        if (!TryRead(memory, "maxmemory", out var limit) || limit == 0 || !TryRead(memory, "used_memory", out var used))
        {
            // Garnet reports neither: past its memory setting it moves the oldest records to disk rather than refuse.
            return HealthCheckResult.Healthy("The store sets no memory limit that refuses writes.");
        }

        var share = (double)used / limit;
        var figures = string.Create(CultureInfo.InvariantCulture, $"{used / 1048576.0:F1} MB used of its {limit / 1048576.0:F1} MB maxmemory ({share:P0})");
        return share switch
        {
            >= Full => HealthCheckResult.Degraded(
                $"The quote store is full: {figures}. New quotes are refused (507); the stored ones are kept and served. Give it more memory (QuoteStore:MaxMemory, and the store's memory limit)."),
            >= NearlyFull => HealthCheckResult.Degraded(
                $"The quote store is nearly full: {figures}. Once full it refuses new quotes (507). Give it more memory (QuoteStore:MaxMemory, and the store's memory limit)."),
            _ => HealthCheckResult.Healthy($"The quote store has room: {figures}."),
        };
    }

    private static bool TryRead(Dictionary<string, string> info, string field, out long value)
    {
        value = 0;
        return info.TryGetValue(field, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
