namespace QuoteAspire.AppHost.QuoteStore;

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

        return Path.Combine(Root(value, appHostDirectory), resourceName, QuoteStoreHostSelector.NameOf(host));
    }

    /// <summary>The data folder itself: the setting, resolved against <paramref name="appHostDirectory"/> when relative.</summary>
    public static string Root(string? value, string appHostDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(value) ? DefaultValue : value.Trim(), appHostDirectory);
}
