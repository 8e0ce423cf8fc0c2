using Aspire.Hosting;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Turns the <c>QuoteStore:Host</c> setting and what the machine offers into one host.</summary>
public static class QuoteStoreHostSelector
{
    public const string ConfigurationKey = "QuoteStore:Host";

    private static readonly Dictionary<string, QuoteStoreHost> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = QuoteStoreHost.Auto,
        ["container"] = QuoteStoreHost.Container,
        [RedisCompatibleServerBuilderExtensions.RedisServerProgram] = QuoteStoreHost.RedisServer,
        ["garnet"] = QuoteStoreHost.Garnet,
    };

    /// <summary>Reads the setting; an absent or empty value means <see cref="QuoteStoreHost.Auto"/>.</summary>
    /// <exception cref="ArgumentException">The value names no host; the message lists the ones that exist.</exception>
    public static QuoteStoreHost Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return QuoteStoreHost.Auto;
        }

        return s_names.TryGetValue(value.Trim(), out var host)
            ? host
            : throw new ArgumentException(
                $"{ConfigurationKey} is '{value}', which names no store host; use one of: {string.Join(", ", s_names.Keys)}.",
                nameof(value));
    }

    /// <summary>The name users write in the setting for <paramref name="host"/>.</summary>
    public static string NameOf(QuoteStoreHost host) => s_names.First(pair => pair.Value == host).Key;

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
            return new(requested, $"{ConfigurationKey} is '{NameOf(requested)}'");
        }

        var runtime = environment.ProbeContainerRuntime();
        var availability = runtime is { IsHealthy: true, Runtime: { } name } ? environment.ObtainImage(name, image) : null;
        if (availability is { IsAvailable: true })
        {
            return new(QuoteStoreHost.Container, $"{ConfigurationKey} is '{NameOf(requested)}' and {availability.Description}", runtime.Runtime);
        }

        var whyNot = availability is null ? runtime.Description : $"{runtime.Description}, but {availability.Description}";
        if (requested is QuoteStoreHost.Container)
        {
            throw new InvalidOperationException(availability is null
                ? $"{ConfigurationKey} is 'container', but no container runtime can run it: {whyNot}. Start Docker or Podman, or set {ConfigurationKey} to auto, redis-server or garnet."
                : $"{ConfigurationKey} is 'container', but the store's image {image} cannot be had: {whyNot}. Set {StoreImageSetting.ConfigurationKey} to an image the runtime has or can pull (from a registry mirror, say), or {ConfigurationKey} to auto.");
        }

        var redisServer = environment.FindProgram(RedisCompatibleServerBuilderExtensions.RedisServerProgram);
        if (redisServer is not null)
        {
            return new(QuoteStoreHost.RedisServer, $"{ConfigurationKey} is 'auto', {whyNot}, and redis-server is at {redisServer}");
        }

        return new(QuoteStoreHost.Garnet, $"{ConfigurationKey} is 'auto', {whyNot}, and redis-server is not on the PATH; Garnet needs only the .NET SDK");
    }
}
