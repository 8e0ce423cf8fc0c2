using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Turns a store's host setting (<see cref="RedisStoreOptions.Host"/>) and what the machine offers into one host, and
/// refuses the settings that host cannot honour. Messages name the settings by the keys of the options' section.
/// </summary>
public static class RedisStoreHostSelector
{
    /// <summary>The names users write in the host setting, read without regard to case.</summary>
    internal static IReadOnlyDictionary<string, RedisStoreHost> Names { get; } = new Dictionary<string, RedisStoreHost>(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = RedisStoreHost.Auto,
        ["container"] = RedisStoreHost.Container,
        [RedisCompatibleServerBuilderExtensions.RedisServerProgram] = RedisStoreHost.RedisServer,
        ["garnet"] = RedisStoreHost.Garnet,
    };

    /// <summary>The name users write in the setting for <paramref name="host"/>.</summary>
    public static string NameOf(RedisStoreHost host) => Names.First(pair => pair.Value == host).Key;

    /// <summary>
    /// Chooses the host. Publishing always describes the real Redis container, whatever the local
    /// setting, because that is what a cluster runs. A container is chosen only where it can run: a
    /// runtime answers and has <paramref name="image"/> or pulls it in bounded time.
    /// </summary>
    /// <param name="requested">The host the setting asks for.</param>
    /// <param name="isPublishMode">Whether the AppHost publishes.</param>
    /// <param name="environment">What the machine offers.</param>
    /// <param name="image">The store's image.</param>
    /// <param name="settings">The store's settings, whose keys the messages name.</param>
    /// <exception cref="InvalidOperationException">
    /// The setting asks for a container that cannot run here; the message says why and which setting to change.
    /// </exception>
    public static RedisStoreHostChoice Choose(
        RedisStoreHost requested, bool isPublishMode, RedisStoreHostEnvironment environment, ImageReference image, RedisStoreOptions settings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(settings);

        var hostKey = settings.KeyOf(nameof(RedisStoreOptions.Host));
        if (isPublishMode)
        {
            return new(RedisStoreHost.Container, "publishing always describes the Redis container");
        }

        if (requested is RedisStoreHost.RedisServer or RedisStoreHost.Garnet)
        {
            return new(requested, $"{hostKey} is '{NameOf(requested)}'");
        }

        var runtime = environment.ProbeContainerRuntime();
        var availability = runtime is { IsHealthy: true, Runtime: { } name } ? environment.ObtainImage(name, image) : null;
        if (availability is { IsAvailable: true })
        {
            return new(RedisStoreHost.Container, $"{hostKey} is '{NameOf(requested)}' and {availability.Description}", runtime.Runtime);
        }

        var whyNot = availability is null ? runtime.Description : $"{runtime.Description}, but {availability.Description}";
        if (requested is RedisStoreHost.Container)
        {
            throw new InvalidOperationException(availability is null
                ? $"{hostKey} is 'container', but no container runtime can run it: {whyNot}. Start Docker or Podman, or set {hostKey} to auto, redis-server or garnet."
                : $"{hostKey} is 'container', but the store's image {image} cannot be had: {whyNot}. Set {settings.KeyOf(nameof(RedisStoreOptions.Image))} to an image the runtime has or can pull (from a registry mirror, say), or {hostKey} to auto.");
        }

        var redisServer = environment.FindProgram(RedisCompatibleServerBuilderExtensions.RedisServerProgram);
        if (redisServer is not null)
        {
            return new(RedisStoreHost.RedisServer, $"{hostKey} is 'auto', {whyNot}, and redis-server is at {redisServer}");
        }

        return new(RedisStoreHost.Garnet, $"{hostKey} is 'auto', {whyNot}, and redis-server is not on the PATH; Garnet needs only the .NET SDK");
    }

    /// <summary>
    /// Refuses a replicated store (<see cref="RedisStoreOptions.HighAvailability"/>) on a host that cannot be replicated
    /// this way, with what to change.
    /// </summary>
    /// <exception cref="InvalidOperationException">Garnet: it has no Sentinel.</exception>
    public static void EnsureHostCanReplicate(RedisStoreOptions settings, RedisStoreHostChoice choice)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(choice);

        if (choice.Host == RedisStoreHost.Garnet)
        {
            var (hostKey, highAvailabilityKey) = (settings.KeyOf(nameof(RedisStoreOptions.Host)), settings.KeyOf(nameof(RedisStoreOptions.HighAvailability)));
            var why = settings.RequestedHost == RedisStoreHost.Garnet
                ? $"{hostKey} is 'garnet'"
                : $"{hostKey} is 'auto' and chose Garnet ({choice.Reason})";
            throw new InvalidOperationException(
                $"{highAvailabilityKey} is true, but {why}: Garnet has no Sentinel, so it cannot fail over. " +
                $"Set {hostKey} to redis-server (install redis-server) or container, or {highAvailabilityKey} to false.");
        }
    }
}
