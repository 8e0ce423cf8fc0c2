using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Healthy when the Sentinels name a primary with enough replicas in sync to take writes: the set's contract, not
/// merely that its processes run. Reads what <see cref="RedisReplicatedSetMonitor"/> last saw.
/// </summary>
internal sealed class RedisReplicatedSetHealthCheck(RedisReplicatedSetResource set) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(set switch
        {
            { IsWritable: true, CurrentPrimary: { } primary } => HealthCheckResult.Healthy(
                $"{primary.Name} is the primary, with {set.ReplicasInSync} replica(s) in sync (writes need {set.MinReplicasToWrite})"),
            { ReplicasInSync: var inSync } => new HealthCheckResult(
                context.Registration.FailureStatus,
                $"No primary takes writes: the Sentinels name {set.CurrentPrimary?.Name ?? "no primary"}, with {inSync} replica(s) in sync of the {set.MinReplicasToWrite} writes need"),
        });
}
