namespace Aspire.Hosting.ApplicationModel;

/// <summary>The outcome of asking the container runtimes whether they can run containers.</summary>
/// <param name="IsHealthy">Whether a runtime answered.</param>
/// <param name="Description">What each runtime tried said, in words for the log.</param>
/// <param name="Runtime">The runtime that answered (<c>docker</c>, <c>podman</c>), when one did.</param>
public sealed record ContainerRuntimeStatus(bool IsHealthy, string Description, string? Runtime = null);
