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
    /// setting, because that is what a cluster runs.
    /// </summary>
    public static QuoteStoreHostChoice Choose(QuoteStoreHost requested, bool isPublishMode, QuoteStoreHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        if (isPublishMode)
        {
            return new(QuoteStoreHost.Container, "publishing always describes the Redis container");
        }

        if (requested is not QuoteStoreHost.Auto)
        {
            return new(requested, $"{ConfigurationKey} is '{NameOf(requested)}'");
        }

        var runtime = environment.ProbeContainerRuntime();
        if (runtime.IsHealthy)
        {
            return new(QuoteStoreHost.Container, $"{ConfigurationKey} is 'auto' and {runtime.Description}");
        }

        var redisServer = environment.FindProgram(RedisCompatibleServerBuilderExtensions.RedisServerProgram);
        if (redisServer is not null)
        {
            return new(QuoteStoreHost.RedisServer, $"{ConfigurationKey} is 'auto', {runtime.Description}, and redis-server is at {redisServer}");
        }

        return new(QuoteStoreHost.Garnet, $"{ConfigurationKey} is 'auto', {runtime.Description}, and redis-server is not on the PATH; Garnet needs only the .NET SDK");
    }
}
