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
