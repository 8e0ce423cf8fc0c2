using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Where the dashboard's backups of a store go (<c>backups</c> in the data folder, <c>.data/backups</c> by default), one RDB file
/// per backup, named for the store and the time it was taken, the newest <see cref="Keep"/> kept.
/// </summary>
public sealed class RedisBackupFolder(string path, int keep)
{
    /// <summary>The folder's name in the data folder.</summary>
    public const string FolderName = "backups";

    private const string Extension = ".rdb";
    // To the millisecond: two backups in one second (a retry, or two commands in a row) must not take one name.
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>The folder on this machine.</summary>
    public string Path { get; } = path;

    /// <summary>How many backups of each store are kept.</summary>
    public int Keep { get; } = keep;

    /// <summary>The folder in the data folder the store's settings name, keeping <c>Backup:Keep</c> backups.</summary>
    public static RedisBackupFolder From(RedisStoreOptions settings, string appHostDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);

        return new(System.IO.Path.Combine(settings.DataRootIn(appHostDirectory), FolderName), settings.Backup.KeepCount);
    }

    /// <summary>What a backup is named while it is written: never taken for a backup.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>
    /// A new file's path for <paramref name="store"/>, named for <paramref name="time"/>, and claimed: its
    /// <see cref="PartialSuffix"/> file is created here, so two backups started together never take one name (the
    /// later gets the next free millisecond).
    /// </summary>
    public string ClaimNewFile(string store, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        Directory.CreateDirectory(Path);
        for (var at = time; ; at = at.AddMilliseconds(1))
        {
            var file = System.IO.Path.Combine(Path, $"{store}-{at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}{Extension}");
            if (File.Exists(file))
            {
                continue;
            }

            try
            {
                using (new FileStream(file + PartialSuffix, FileMode.CreateNew))
                {
                    return file;
                }
            }
            catch (IOException) when (File.Exists(file + PartialSuffix))
            {
                // Another backup claimed this name first.
            }
        }
    }

    /// <summary>The newest backup of <paramref name="store"/>, or null when there is none.</summary>
    public string? Latest(string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        return BackupsOf(store).FirstOrDefault();
    }

    /// <summary>Deletes all but the newest <see cref="Keep"/> backups of <paramref name="store"/>; returns how many went.</summary>
    public int Prune(string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
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
