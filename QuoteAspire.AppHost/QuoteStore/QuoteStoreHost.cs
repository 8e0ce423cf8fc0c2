namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Where the quote store runs locally: the setting <c>QuoteStore:Host</c>.</summary>
public enum QuoteStoreHost
{
    /// <summary>A container when a runtime answers, else redis-server when installed, else Garnet.</summary>
    Auto,

    /// <summary>Aspire's Redis container resource (needs Docker or Podman).</summary>
    Container,

    /// <summary>The redis-server program from the machine's PATH.</summary>
    RedisServer,

    /// <summary>Microsoft Garnet, restored as a .NET local tool.</summary>
    Garnet,
}

/// <summary>The host the AppHost settled on and the reason it gives for it.</summary>
/// <param name="Host">Where the store runs.</param>
/// <param name="Reason">Why, in words for the log.</param>
/// <param name="ContainerRuntime">For <see cref="QuoteStoreHost.Container"/>, the runtime that answered and has the image.</param>
public sealed record QuoteStoreHostChoice(QuoteStoreHost Host, string Reason, string? ContainerRuntime = null);

/// <summary>What the machine offers, asked only when the choice depends on it.</summary>
/// <param name="ProbeContainerRuntime">Whether a container runtime answers, and which.</param>
/// <param name="FindProgram">The full path of a program on the PATH, or null.</param>
/// <param name="ObtainImage">Whether a runtime (first argument) has an image (second) or can pull it in bounded time.</param>
public sealed record QuoteStoreHostEnvironment(
    Func<ContainerRuntimeStatus> ProbeContainerRuntime,
    Func<string, string?> FindProgram,
    Func<string, ImageReference, ImageAvailability> ObtainImage);

/// <summary>The outcome of asking the container runtimes whether they can run containers.</summary>
/// <param name="IsHealthy">Whether a runtime answered.</param>
/// <param name="Description">What each runtime tried said, in words for the log.</param>
/// <param name="Runtime">The runtime that answered (<c>docker</c>, <c>podman</c>), when one did.</param>
public sealed record ContainerRuntimeStatus(bool IsHealthy, string Description, string? Runtime = null);

/// <summary>Whether a runtime has an image, or pulled it, and what it said.</summary>
public sealed record ImageAvailability(bool IsAvailable, string Description);
