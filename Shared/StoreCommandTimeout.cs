using System.Globalization;

namespace QuoteAspire.Shared;

/// <summary>
/// How long the frontend gives a store call (and a connection attempt) before it answers 503 with <c>Retry-After</c>:
/// <c>QuoteStore:CommandTimeout</c>, a time such as <c>00:00:01</c>. The default of one second keeps a caller's wait for
/// that 503 short when the store is away; a slow or shared machine that should not mistake a busy store for an absent
/// one (a test run, say) gives it longer. Compiled into the frontend and the AppHost, which passes it on (it is linked,
/// not referenced).
/// </summary>
internal static class StoreCommandTimeout
{
    public const string ConfigurationKey = "QuoteStore:CommandTimeout";

    /// <summary>The frontend's variable for the setting.</summary>
    public const string EnvironmentVariable = "QuoteStore__CommandTimeout";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_shortest = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_longest = TimeSpan.FromSeconds(60);

    /// <summary>The setting's value, or <see cref="Default"/> when it is not set.</summary>
    /// <exception cref="InvalidOperationException">The setting is not a time from 0.1 to 60 seconds; the message says what to write.</exception>
    public static TimeSpan Parse(string? setting) =>
        Read(setting, out var timeout) is { } problem ? throw new InvalidOperationException(problem) : timeout;

    /// <summary>
    /// Reads the setting without throwing, for a caller that lists every wrong setting at once: null, with the
    /// setting's value (or <see cref="Default"/> when it is not set), or what is wrong with it and what to write.
    /// </summary>
    public static string? Read(string? setting, out TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            timeout = Default;
            return null;
        }

        if (TimeSpan.TryParse(setting, CultureInfo.InvariantCulture, out timeout) && timeout >= s_shortest && timeout <= s_longest)
        {
            return null;
        }

        return $"{ConfigurationKey} is '{setting}': write a time from 00:00:00.1 to 00:01:00, such as 00:00:05 for five seconds.";
    }
}
