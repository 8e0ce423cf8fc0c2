namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A probe that runs a command inside the resource's container, for servers that speak no HTTP:
/// the command proves the server answers, not just that a port is open.
/// </summary>
public sealed class KubernetesExecProbeAnnotation(IReadOnlyList<ProbeType> types, IReadOnlyList<string> command) : IResourceAnnotation
{
    /// <summary>The probes this command serves.</summary>
    public IReadOnlyList<ProbeType> Types { get; } = types;

    /// <summary>The command and its arguments; exit code 0 passes.</summary>
    public IReadOnlyList<string> Command { get; } = command;
}
