namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A container that runs to completion on a schedule: published as a CronJob. Its named volumes become
/// PersistentVolumeClaims of those names, written by the publisher unless <see cref="ExistingClaims"/> lists them.
/// </summary>
public sealed class KubernetesScheduleAnnotation(string schedule, IReadOnlyList<string> existingClaims) : IResourceAnnotation
{
    /// <summary>When it runs, in cron syntax, in the cluster's time zone: <c>0 3 * * *</c>.</summary>
    public string Schedule { get; } = schedule;

    /// <summary>Claims that the operator made: mounted, never written.</summary>
    public IReadOnlyList<string> ExistingClaims { get; } = existingClaims;

    /// <summary>
    /// Published suspended: it never runs on its schedule, only when an operator makes a Job of it
    /// (<c>kubectl create job --from=cronjob/NAME NAME-1</c>). A job kept ready for a rare, deliberate act, such as a restore.
    /// </summary>
    public bool Suspended { get; init; }
}
