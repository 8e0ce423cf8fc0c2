namespace Aspire.Hosting.ApplicationModel;

/// <summary>What the machine offers, asked only when the choice depends on it.</summary>
/// <param name="ProbeContainerRuntime">Whether a container runtime answers, and which.</param>
/// <param name="FindProgram">The full path of a program on the PATH, or null.</param>
/// <param name="ObtainImage">Whether a runtime (first argument) has an image (second) or can pull it in bounded time.</param>
public sealed record RedisStoreHostEnvironment(
    Func<ContainerRuntimeStatus> ProbeContainerRuntime,
    Func<string, string?> FindProgram,
    Func<string, ImageReference, ImageAvailability> ObtainImage);
