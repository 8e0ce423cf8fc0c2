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
