using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A store's alerts, on the Redis exporter's series (<see cref="RedisExporterExtensions"/>): each names the exporter's
/// metrics. The expressions are the library's; the names and words are the app's, since what a full store or a lost
/// primary means depends on what the store holds.
/// </summary>
public static class RedisStoreAlerts
{
    /// <summary>
    /// The alerts of the store <paramref name="store"/> of <paramref name="replicas"/> data nodes: no primary and memory
    /// nearly full; with <paramref name="replicated"/>, a failover that did not finish and a replica out of sync too.
    /// </summary>
    /// <param name="store">The store, whose pods are named <c>store-0</c>, <c>store-1</c>...</param>
    /// <param name="replicated">Whether it is a replicated set, with Sentinels.</param>
    /// <param name="replicas">How many data nodes it has: the primary counts one fewer replicas.</param>
    /// <param name="memoryThreshold">The share of <c>maxmemory</c> past which the store is about to refuse writes.</param>
    /// <param name="texts">Each alert's name and words.</param>
    /// <returns>The alerts, in that order.</returns>
    public static IEnumerable<KubernetesAlert> For(string store, bool replicated, int replicas, double memoryThreshold, RedisStoreAlertTexts texts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(memoryThreshold, 1);
        ArgumentNullException.ThrowIfNull(texts);

        var pods = $"namespace=\"{KubernetesAlertsAnnotation.NamespaceToken}\", pod=~\"{store}-[0-9]+\"";
        var data = $"{{{pods}, {KubernetesMetricsTarget.Label}=\"{RedisExporterExtensions.DataTarget}\"}}";
        var sentinels = $"{{{pods}, {KubernetesMetricsTarget.Label}=\"{RedisExporterExtensions.SentinelTarget}\"}}";
        var primaries = $"sum(redis_instance_info{{{pods}, {KubernetesMetricsTarget.Label}=\"{RedisExporterExtensions.DataTarget}\", role=\"master\"}})";

        List<KubernetesAlert> alerts =
        [
            texts.NoPrimary.Alert($"({primaries} or vector(0)) == 0", "1m", "critical"),
            texts.MemoryNearlyFull.Alert(
                $"redis_memory_used_bytes{data} / redis_memory_max_bytes{data} > {memoryThreshold.ToString(CultureInfo.InvariantCulture)} and redis_memory_max_bytes{data} > 0",
                "5m",
                "warning"),
        ];
        if (replicated)
        {
            alerts.Add(texts.FailoverStuck.Alert($"max(redis_sentinel_master_status{sentinels}) == 0 or {primaries} > 1", "2m", "critical"));
            alerts.Add(texts.ReplicaLinkDown.Alert(
                $"redis_master_link_up{data} == 0 or max(redis_connected_slaves{data}) < {(replicas - 1).ToString(CultureInfo.InvariantCulture)}",
                "2m",
                "warning"));
        }

        return alerts;
    }
}

/// <summary>The names and words of a store's alerts (<see cref="RedisStoreAlerts.For"/>), the app's own.</summary>
/// <param name="NoPrimary">No node of the store reports itself the primary (critical, after 1m).</param>
/// <param name="MemoryNearlyFull">Memory used is past the threshold of <c>maxmemory</c> (warning, after 5m).</param>
/// <param name="FailoverStuck">The Sentinels see the primary down, or two nodes call themselves the primary (critical, after 2m).</param>
/// <param name="ReplicaLinkDown">A replica lost its link, or the primary counts fewer replicas than the set has (warning, after 2m).</param>
public sealed record RedisStoreAlertTexts(RedisAlertText NoPrimary, RedisAlertText MemoryNearlyFull, RedisAlertText FailoverStuck, RedisAlertText ReplicaLinkDown);

/// <summary>One alert's name and words.</summary>
/// <param name="Name">The alert's name, in PascalCase.</param>
/// <param name="Summary">One line for the page.</param>
/// <param name="Description">What it means and what to do.</param>
public sealed record RedisAlertText(string Name, string Summary, string Description)
{
    internal KubernetesAlert Alert(string expression, string forDuration, string severity) => new(Name, expression, forDuration, severity, Summary, Description);
}
