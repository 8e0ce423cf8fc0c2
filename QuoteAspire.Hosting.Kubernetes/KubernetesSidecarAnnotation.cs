namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A second container in each of the resource's pods: the same image and environment, its own command, serving the
/// resource's <see cref="Endpoints"/> (which the main container then does not declare).
/// </summary>
public sealed class KubernetesSidecarAnnotation(string name, IReadOnlyList<string> command, IReadOnlyList<string> endpoints, IReadOnlyList<string> probeCommand) : IResourceAnnotation
{
    /// <summary>The container's name in the pod.</summary>
    public string Name { get; } = name;

    /// <summary>The command and its arguments, which replace the image's entrypoint.</summary>
    public IReadOnlyList<string> Command { get; } = command;

    /// <summary>The names of the resource's endpoints this container listens on.</summary>
    public IReadOnlyList<string> Endpoints { get; } = endpoints;

    /// <summary>Run in the container as its startup, readiness and liveness probe; exit code 0 passes.</summary>
    public IReadOnlyList<string> ProbeCommand { get; } = probeCommand;

    /// <summary>Whether it mounts the main container's volumes (its claims) at the same paths, to keep state there.</summary>
    public bool SharesVolumes { get; init; }
}
