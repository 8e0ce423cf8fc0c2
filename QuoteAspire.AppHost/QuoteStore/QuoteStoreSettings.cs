using System.Globalization;
using Aspire.Hosting;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Reads <c>QuoteStore:AppendFsync</c>: when the store forces its append-only file to disk.</summary>
public static class AppendFsyncSetting
{
    public const string ConfigurationKey = "QuoteStore:AppendFsync";

    private static readonly Dictionary<string, AppendFsync> s_names =
        Enum.GetValues<AppendFsync>().ToDictionary(value => value.ToRedisName(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the setting; an absent or empty value means <see cref="AppendFsync.EverySecond"/>.</summary>
    /// <exception cref="ArgumentException">The value is neither name; the message gives both.</exception>
    public static AppendFsync Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return AppendFsync.EverySecond;
        }

        return s_names.TryGetValue(value.Trim(), out var appendFsync)
            ? appendFsync
            : throw new ArgumentException(
                $"{ConfigurationKey} is '{value}'; use one of: {string.Join(", ", s_names.Keys)} " +
                "(everysec, the default, can lose the last second of writes in a machine crash; always loses none, more slowly).",
                nameof(value));
    }
}

/// <summary>Reads <c>QuoteStore:DataDirectory</c>: where the local store hosts keep their data.</summary>
public static class DataDirectorySetting
{
    public const string ConfigurationKey = "QuoteStore:DataDirectory";

    /// <summary>The default, relative to the AppHost project folder (and ignored by git).</summary>
    public const string DefaultValue = ".data";

    /// <summary>
    /// The folder of one store resource on one host: the setting, resolved against
    /// <paramref name="appHostDirectory"/> when relative, then the resource and host names, because
    /// redis-server and Garnet keep files of different formats.
    /// </summary>
    public static string For(string? value, string appHostDirectory, string resourceName, QuoteStoreHost host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appHostDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(value) ? DefaultValue : value.Trim(), appHostDirectory);
        return Path.Combine(root, resourceName, QuoteStoreHostSelector.NameOf(host));
    }
}

/// <summary>Reads <c>QuoteStore:DataVolume</c>: the named volume that keeps the container's data.</summary>
public static class DataVolumeSetting
{
    public const string ConfigurationKey = "QuoteStore:DataVolume";

    /// <summary>
    /// The volume of store <paramref name="resourceName"/>: the setting, or <c>quoteaspire-&lt;name&gt;-data</c>.
    /// Named rather than generated from the AppHost's path, so it is easy to find and remove.
    /// </summary>
    /// <exception cref="ArgumentException">The value is no volume name Docker and Podman both take.</exception>
    public static string For(string? value, string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"quoteaspire-{resourceName}-data";
        }

        var name = value.Trim();
        return name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? name
            : throw new ArgumentException(
                $"{ConfigurationKey} is '{value}'; a volume name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'.",
                nameof(value));
    }
}

/// <summary>
/// Reads <c>QuoteStore:MaxMemory</c>: how much memory Redis may fill with quotes before it refuses new ones
/// (<c>maxmemory</c> with <c>noeviction</c>: nothing stored is ever dropped to make room). Garnet takes it as its
/// log memory: past it, Garnet moves the oldest records to disk and keeps accepting quotes.
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

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]+(b|kb|mb|gb)$")]
    private static partial System.Text.RegularExpressions.Regex Size();
}
