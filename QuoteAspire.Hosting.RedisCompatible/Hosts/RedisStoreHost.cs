namespace Aspire.Hosting.ApplicationModel;

/// <summary>Where a Redis-compatible store runs locally, as a setting names it (see <see cref="RedisStoreHostSelector"/>).</summary>
public enum RedisStoreHost
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
