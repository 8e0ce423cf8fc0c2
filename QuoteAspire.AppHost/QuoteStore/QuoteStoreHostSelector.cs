using Aspire.Hosting;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Turns the <c>QuoteStore:Host</c> setting and what the machine offers into one host, and refuses the settings that host cannot honour.</summary>
public static class QuoteStoreHostSelector
{
    /// <summary>The names users write in <c>QuoteStore:Host</c>, read without regard to case.</summary>
    internal static IReadOnlyDictionary<string, QuoteStoreHost> Names { get; } = new Dictionary<string, QuoteStoreHost>(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = QuoteStoreHost.Auto,
        ["container"] = QuoteStoreHost.Container,
        [RedisCompatibleServerBuilderExtensions.RedisServerProgram] = QuoteStoreHost.RedisServer,
        ["garnet"] = QuoteStoreHost.Garnet,
    };

    /// <summary>The name users write in the setting for <paramref name="host"/>.</summary>
    public static string NameOf(QuoteStoreHost host) => Names.First(pair => pair.Value == host).Key;

    /// <summary>
    /// Chooses the host. Publishing always describes the real Redis container, whatever the local
    /// setting, because that is what a cluster runs. A container is chosen only where it can run: a
    /// runtime answers and has <paramref name="image"/> or pulls it in bounded time.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The setting asks for a container that cannot run here; the message says why and which setting to change.
    /// </exception>
    public static QuoteStoreHostChoice Choose(
        QuoteStoreHost requested, bool isPublishMode, QuoteStoreHostEnvironment environment, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(image);

        if (isPublishMode)
        {
            return new(QuoteStoreHost.Container, "publishing always describes the Redis container");
        }

        if (requested is QuoteStoreHost.RedisServer or QuoteStoreHost.Garnet)
        {
            return new(requested, $"{QuoteStoreOptions.HostKey} is '{NameOf(requested)}'");
        }

        var runtime = environment.ProbeContainerRuntime();
        var availability = runtime is { IsHealthy: true, Runtime: { } name } ? environment.ObtainImage(name, image) : null;
        if (availability is { IsAvailable: true })
        {
            return new(QuoteStoreHost.Container, $"{QuoteStoreOptions.HostKey} is '{NameOf(requested)}' and {availability.Description}", runtime.Runtime);
        }

        var whyNot = availability is null ? runtime.Description : $"{runtime.Description}, but {availability.Description}";
        if (requested is QuoteStoreHost.Container)
        {
            throw new InvalidOperationException(availability is null
                ? $"{QuoteStoreOptions.HostKey} is 'container', but no container runtime can run it: {whyNot}. Start Docker or Podman, or set {QuoteStoreOptions.HostKey} to auto, redis-server or garnet."
                : $"{QuoteStoreOptions.HostKey} is 'container', but the store's image {image} cannot be had: {whyNot}. Set {QuoteStoreOptions.ImageKey} to an image the runtime has or can pull (from a registry mirror, say), or {QuoteStoreOptions.HostKey} to auto.");
        }

        var redisServer = environment.FindProgram(RedisCompatibleServerBuilderExtensions.RedisServerProgram);
        if (redisServer is not null)
        {
            return new(QuoteStoreHost.RedisServer, $"{QuoteStoreOptions.HostKey} is 'auto', {whyNot}, and redis-server is at {redisServer}");
        }

        return new(QuoteStoreHost.Garnet, $"{QuoteStoreOptions.HostKey} is 'auto', {whyNot}, and redis-server is not on the PATH; Garnet needs only the .NET SDK");
    }

    /// <summary>
    /// Refuses a replicated store (<c>QuoteStore:HighAvailability</c>) on a host that cannot be replicated this way, with
    /// what to change.
    /// </summary>
    /// <exception cref="InvalidOperationException">Garnet: it has no Sentinel.</exception>
    public static void EnsureHostCanReplicate(QuoteStoreHost requested, QuoteStoreHostChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);

        if (choice.Host == QuoteStoreHost.Garnet)
        {
            var why = requested == QuoteStoreHost.Garnet
                ? $"{QuoteStoreOptions.HostKey} is 'garnet'"
                : $"{QuoteStoreOptions.HostKey} is 'auto' and chose Garnet ({choice.Reason})";
            throw new InvalidOperationException(
                $"{QuoteStoreOptions.HighAvailabilityKey} is true, but {why}: Garnet has no Sentinel, so it cannot fail over. " +
                $"Set {QuoteStoreOptions.HostKey} to redis-server (install redis-server) or container, or {QuoteStoreOptions.HighAvailabilityKey} to false.");
        }
    }

    /// <summary>
    /// Refuses <c>QuoteStore:MaxMemory</c> for Garnet. Garnet never refuses a write for memory: past its log memory it
    /// moves records to disk, and the quotes are one list, so the whole list goes. Under concurrent posts that lost
    /// acknowledged quotes (6,000 posted past a 4 MB setting, 3,356 kept), where Redis would answer <c>507</c> and keep
    /// every one. Without the setting, Garnet gets <see cref="QuoteStoreOptions.DefaultMaxMemory"/> as its log memory.
    /// </summary>
    /// <param name="store">The store's settings, <c>QuoteStore:MaxMemory</c> as given.</param>
    /// <param name="choice">The store host chosen for this run.</param>
    /// <exception cref="InvalidOperationException">The setting is given and the store is Garnet.</exception>
    public static void EnsureHostCanBound(QuoteStoreOptions store, QuoteStoreHostChoice choice)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(choice);

        if (store.MaxMemoryIsSet && choice.Host == QuoteStoreHost.Garnet)
        {
            throw new InvalidOperationException(
                $"{QuoteStoreOptions.MaxMemoryKey} is '{store.MaxMemory}', but the store is Garnet ({choice.Reason}), which cannot hold quotes to a memory bound: " +
                $"past its memory it moves the list of quotes to disk, and under concurrent posts it lost acknowledged quotes there. " +
                $"Remove {QuoteStoreOptions.MaxMemoryKey} (Garnet then has {QuoteStoreOptions.DefaultMaxMemory} and should stay well below it), or set {QuoteStoreOptions.HostKey} " +
                "to redis-server or container, which refuse new quotes with 507 when full and keep every stored one.");
        }
    }
}
