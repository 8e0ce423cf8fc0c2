namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A probe that runs a command inside the resource's container, for servers that speak no HTTP:
/// the command proves the server answers, not just that a port is open.
/// </summary>
public sealed class KubernetesExecProbeAnnotation(IReadOnlyList<ProbeType> types, IReadOnlyList<string> command) : IResourceAnnotation
{
    public IReadOnlyList<ProbeType> Types { get; } = types;
    public IReadOnlyList<string> Command { get; } = command;
}
