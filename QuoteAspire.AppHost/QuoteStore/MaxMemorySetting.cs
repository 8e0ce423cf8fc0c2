using System.Globalization;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// Reads <c>QuoteStore:MaxMemory</c>: how much memory Redis may fill with quotes before it refuses new ones
/// (<c>maxmemory</c> with <c>noeviction</c>: nothing stored is ever dropped to make room). Garnet cannot be bounded so
/// (see <see cref="EnsureHostCanBound"/>); it gets <see cref="DefaultValue"/> as its log memory.
/// </summary>
public static partial class MaxMemorySetting
{
    public const string ConfigurationKey = "QuoteStore:MaxMemory";

    /// <summary>Three quarters of the store's 512Mi limit on a cluster: the rest is for Redis itself and its AOF rewrites.</summary>
    public const string DefaultValue = "384mb";

    /// <summary>Reads the setting as Redis writes memory sizes (<c>384mb</c>, <c>1gb</c>); absent means <see cref="DefaultValue"/>.</summary>
    /// <exception cref="ArgumentException">The value is no size Redis reads; the message gives the form.</exception>
    public static string Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultValue;
        }

        var size = value.Trim().ToLowerInvariant();
        return Size().IsMatch(size) && !size.StartsWith('0')
            ? size
            : throw new ArgumentException($"{ConfigurationKey} is '{value}'; give a size such as 384mb or 1gb (b, kb, mb or gb), above zero.", nameof(value));
    }

    /// <summary>A size as <see cref="Parse"/> returns it, in bytes, counted as Redis does (1kb is 1024 bytes).</summary>
    public static long Bytes(string size)
    {
        ArgumentNullException.ThrowIfNull(size);

        var unit = size.TrimStart("0123456789".ToCharArray());
        var power = unit switch { "b" => 0, "kb" => 1, "mb" => 2, "gb" => 3, _ => throw new ArgumentException($"{size} is no size in b, kb, mb or gb.", nameof(size)) };
        return long.Parse(size[..^unit.Length], CultureInfo.InvariantCulture) << (10 * power);
    }

    /// <summary>
    /// Refuses the setting for Garnet. Garnet never refuses a write for memory: past its log memory it moves records
    /// to disk, and the quotes are one list, so the whole list goes. Under concurrent posts that lost acknowledged
    /// quotes (6,000 posted past a 4 MB setting, 3,356 kept), where Redis would answer <c>507</c> and keep every one.
    /// </summary>
    /// <param name="configuredValue">The setting as given, or null when it is not set.</param>
    /// <param name="choice">The store host chosen for this run.</param>
    /// <exception cref="InvalidOperationException">The setting is given and the store is Garnet.</exception>
    public static void EnsureHostCanBound(string? configuredValue, QuoteStoreHostChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);

        if (!string.IsNullOrWhiteSpace(configuredValue) && choice.Host == QuoteStoreHost.Garnet)
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is '{configuredValue}', but the store is Garnet ({choice.Reason}), which cannot hold quotes to a memory bound: " +
                $"past its memory it moves the list of quotes to disk, and under concurrent posts it lost acknowledged quotes there. " +
                $"Remove {ConfigurationKey} (Garnet then has {DefaultValue} and should stay well below it), or set {QuoteStoreHostSelector.ConfigurationKey} " +
                "to redis-server or container, which refuse new quotes with 507 when full and keep every stored one.");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]+(b|kb|mb|gb)$")]
    private static partial System.Text.RegularExpressions.Regex Size();
}
