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
public sealed record QuoteStoreHostChoice(QuoteStoreHost Host, string Reason);

/// <summary>What the machine offers, asked only when the choice depends on it.</summary>
/// <param name="ProbeContainerRuntime">Whether a container runtime answers, and which.</param>
/// <param name="FindProgram">The full path of a program on the PATH, or null.</param>
public sealed record QuoteStoreHostEnvironment(
    Func<ContainerRuntimeStatus> ProbeContainerRuntime,
    Func<string, string?> FindProgram);

/// <summary>The outcome of asking the container runtimes whether they can run containers.</summary>
public sealed record ContainerRuntimeStatus(bool IsHealthy, string Description);
