namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A container that runs to completion rather than serving. Its named volumes become PersistentVolumeClaims of those
/// names, written by the publisher unless <see cref="ExistingClaims"/> lists them.
/// </summary>
public abstract class KubernetesJobAnnotation(IReadOnlyList<string> existingClaims) : IResourceAnnotation
{
    /// <summary>Claims that the operator made: mounted, never written.</summary>
    public IReadOnlyList<string> ExistingClaims { get; } = existingClaims;
}

/// <summary>A container that runs to completion on a schedule: published as a CronJob.</summary>
public sealed class KubernetesScheduleAnnotation(string schedule, IReadOnlyList<string> existingClaims) : KubernetesJobAnnotation(existingClaims)
{
    /// <summary>When it runs, in cron syntax, in the cluster's time zone: <c>0 3 * * *</c>.</summary>
    public string Schedule { get; } = schedule;
}

/// <summary>
/// A container that runs only when an operator starts it, for a rare, deliberate act such as a restore: published as a
/// Job with a generated name (<c>metadata.generateName</c>), left out of the kustomization. <c>kubectl create -f</c> of
/// its file starts one run; <c>kubectl apply</c> refuses a generated name, so no apply of the output ever starts it.
/// </summary>
public sealed class KubernetesOnDemandJobAnnotation(IReadOnlyList<string> existingClaims) : KubernetesJobAnnotation(existingClaims);
