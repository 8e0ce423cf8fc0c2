using System.Globalization;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// Where the dashboard's backups go (<c>backups</c> in the data folder, <c>.data/backups</c> by default), one RDB file
/// per backup, named for the store and the time it was taken, the newest <see cref="Keep"/> kept.
/// </summary>
public sealed class QuoteBackupFolder(string path, int keep)
{
    public const string FolderName = "backups";
    public const string KeepConfigurationKey = "QuoteStore:Backup:Keep";
    public const int DefaultKeep = 7;

    private const string Extension = ".rdb";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public string Path { get; } = path;

    public int Keep { get; } = keep;

    /// <summary>The folder for the data folder the AppHost's settings name, keeping <c>QuoteStore:Backup:Keep</c> backups.</summary>
    public static QuoteBackupFolder From(Microsoft.Extensions.Configuration.IConfiguration configuration, string appHostDirectory)
    {
        var root = DataDirectorySetting.Root(configuration[DataDirectorySetting.ConfigurationKey], appHostDirectory);
        var keepSetting = configuration[KeepConfigurationKey];
        return new(System.IO.Path.Combine(root, FolderName), keepSetting is null ? DefaultKeep : QuoteFrontend.WholeNumberSetting.Parse(KeepConfigurationKey, keepSetting));
    }

    /// <summary>A new file's path for <paramref name="store"/>, taken at <paramref name="time"/>.</summary>
    public string NewFile(string store, DateTimeOffset time) =>
        System.IO.Path.Combine(Path, $"{store}-{time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}{Extension}");

    /// <summary>The newest backup of <paramref name="store"/>, or null when there is none.</summary>
    public string? Latest(string store) => BackupsOf(store).FirstOrDefault();

    /// <summary>Deletes all but the newest <see cref="Keep"/> backups of <paramref name="store"/>; returns how many went.</summary>
    public int Prune(string store)
    {
        var old = BackupsOf(store).Skip(Keep).ToList();
        old.ForEach(File.Delete);
        return old.Count;
    }

    // The names sort by time, newest last, so the newest come first once reversed.
    private IEnumerable<string> BackupsOf(string store) =>
        Directory.Exists(Path)
            ? Directory.GetFiles(Path, $"{store}-*{Extension}").Order(StringComparer.Ordinal).Reverse()
            : [];
}
