namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A second container in each of the resource's pods: the same environment, the same image unless <see cref="Image"/>
/// names another, its own command, serving the resource's <see cref="Endpoints"/> (which the main container then does not declare).
/// </summary>
public sealed class KubernetesSidecarAnnotation(string name, IReadOnlyList<string> command, IReadOnlyList<string> endpoints, IReadOnlyList<string> probeCommand) : IResourceAnnotation
{
    /// <summary>The container's name in the pod.</summary>
    public string Name { get; } = name;

    /// <summary>The command and its arguments, which replace the image's entrypoint.</summary>
    public IReadOnlyList<string> Command { get; } = command;

    /// <summary>The names of the resource's endpoints this container listens on.</summary>
    public IReadOnlyList<string> Endpoints { get; } = endpoints;

    /// <summary>Run in the container as its startup, readiness and liveness probe; exit code 0 passes. Empty for <see cref="ProbePath"/>.</summary>
    public IReadOnlyList<string> ProbeCommand { get; } = probeCommand;

    /// <summary>
    /// With no <see cref="ProbeCommand"/>: the HTTP path its probes ask on its first endpoint, for an image without a
    /// shell; a 2xx or 3xx passes. Neither gives it no probes.
    /// </summary>
    public string? ProbePath { get; init; }

    /// <summary>Its own image, such as an exporter's; null runs the resource's image.</summary>
    public string? Image { get; init; }

    /// <summary>Whether it mounts the main container's volumes (its claims) at the same paths, to keep state there.</summary>
    public bool SharesVolumes { get; init; }
}
