namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// Reads <c>QuoteStore:HighAvailability</c>: whether the store is one server, or a primary with replicas that Redis
/// Sentinel fails over, so that losing a node loses neither the service nor an acknowledged quote.
/// </summary>
public static class HighAvailabilitySetting
{
    public const string ConfigurationKey = "QuoteStore:HighAvailability";

    /// <summary>
    /// Reads the setting. An absent or empty value means off when running, a laptop's single store, and on when
    /// <paramref name="publishing"/>: a cluster's store must outlive its node.
    /// </summary>
    /// <exception cref="ArgumentException">The value is neither true nor false.</exception>
    public static bool Parse(string? value, bool publishing = false) =>
        string.IsNullOrWhiteSpace(value) ? publishing
        : bool.TryParse(value.Trim(), out var on) ? on
        : throw new ArgumentException($"{ConfigurationKey} is '{value}'; use true (a primary, two replicas and three Sentinels) or false (one server).", nameof(value));

    /// <summary>
    /// Refuses a host that cannot be replicated this way, with what to change.
    /// </summary>
    /// <exception cref="InvalidOperationException">Garnet (it has no Sentinel), or a host not yet able to run the set.</exception>
    public static void EnsureHostCanReplicate(QuoteStoreHost host, QuoteStoreHostChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);

        if (choice.Host == QuoteStoreHost.Garnet)
        {
            var why = host == QuoteStoreHost.Garnet
                ? $"{QuoteStoreHostSelector.ConfigurationKey} is 'garnet'"
                : $"{QuoteStoreHostSelector.ConfigurationKey} is 'auto' and chose Garnet ({choice.Reason})";
            throw new InvalidOperationException(
                $"{ConfigurationKey} is true, but {why}: Garnet has no Sentinel, so it cannot fail over. " +
                $"Set {QuoteStoreHostSelector.ConfigurationKey} to redis-server (install redis-server) or container, or {ConfigurationKey} to false.");
        }
    }
}
