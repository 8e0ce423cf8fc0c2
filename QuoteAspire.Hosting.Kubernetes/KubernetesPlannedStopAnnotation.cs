namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What the main container does when it is told to stop on purpose (a drain, a rolling update, a delete): the kubelet
/// runs <see cref="PreStopCommand"/> first, and waits at most <see cref="GracePeriodSeconds"/> for it and the
/// shutdown after it, so a store can hand its role over before it goes.
/// </summary>
public sealed class KubernetesPlannedStopAnnotation(IReadOnlyList<string> preStopCommand, int gracePeriodSeconds) : IResourceAnnotation
{
    /// <summary>Run in the container before its process is sent SIGTERM.</summary>
    public IReadOnlyList<string> PreStopCommand { get; } = preStopCommand;

    /// <summary>The pod's <c>terminationGracePeriodSeconds</c>: the preStop and the shutdown together.</summary>
    public int GracePeriodSeconds { get; } = gracePeriodSeconds > 0 ? gracePeriodSeconds : throw new ArgumentOutOfRangeException(nameof(gracePeriodSeconds), gracePeriodSeconds, "A grace period is at least a second.");
}
