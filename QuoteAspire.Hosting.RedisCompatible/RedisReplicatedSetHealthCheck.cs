using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Healthy when the Sentinels name a primary that itself counts enough replicas in sync to take writes: the set's
/// contract, not merely that its processes run, so a write sent once it is healthy is taken. Reads what
/// <see cref="RedisReplicatedSetMonitor"/> last saw, which also shows each change at once (Aspire runs the check of a
/// healthy resource only every 30 seconds).
/// </summary>
internal sealed class RedisReplicatedSetHealthCheck(RedisReplicatedSetResource set) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Of(set, context.Registration.FailureStatus));

    /// <summary>What the check says of <paramref name="set"/> now, <paramref name="failureStatus"/> when it takes no writes.</summary>
    internal static HealthCheckResult Of(RedisReplicatedSetResource set, HealthStatus failureStatus) => set switch
    {
        { IsWritable: true, CurrentPrimary: { } primary } => HealthCheckResult.Healthy(
            $"{primary.Name} is the primary, with {set.ReplicasInSync} replica(s) in sync (writes need {set.MinReplicasToWrite})"),
        { ReplicasInSync: var inSync } => new HealthCheckResult(
            failureStatus,
            $"No primary takes writes: the Sentinels name {set.CurrentPrimary?.Name ?? "no primary"}, with {inSync} replica(s) in sync of the {set.MinReplicasToWrite} writes need"),
    };
}
