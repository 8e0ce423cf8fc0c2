using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A Redis-compatible store's settings, a configuration section the app names (<see cref="KeyOf"/>). Each is bound as it
/// is written, as text, so that a value of the wrong kind (<c>HighAvailability=maybe</c>) is one more problem
/// <see cref="RedisStoreOptionsValidator"/> lists rather than an error the binder throws alone; the typed members read the
/// text once the validator has passed it. An app derives its own options, naming its section and adding its clients' settings.
/// </summary>
public abstract class RedisStoreOptions
{
    private readonly string _volumePrefix;
    private RedisStoreBackupOptions _backup = null!;

    /// <param name="sectionName">The configuration section, which every message names its keys under.</param>
    /// <param name="volumePrefix">The start of the default volume's name (<c>PREFIX-NAME-data</c>), the app's own.</param>
    protected RedisStoreOptions(string sectionName, string volumePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(volumePrefix);

        Section = sectionName;
        _volumePrefix = volumePrefix;
        Backup = new();
    }

    /// <summary>Three quarters of the store's 512Mi limit on a cluster: the rest is for Redis itself and its AOF rewrites.</summary>
    public const string DefaultMaxMemory = "384mb";

    /// <summary>The default data folder, relative to the AppHost project folder (and ignored by git).</summary>
    public const string DefaultDataDirectory = ".data";

    /// <summary>The official Redis image that Aspire's <c>AddRedis</c> uses (a test keeps the two equal).</summary>
    public static ImageReference DefaultImage { get; } = new("docker.io", "library/redis", "8.6");

    /// <summary>The upstream exporter (github.com/oliver006/redis_exporter), pinned to a release.</summary>
    public static ImageReference DefaultExporterImage { get; } = new("docker.io", "oliver006/redis_exporter", "v1.91.1");

    /// <summary>The configuration section of these settings.</summary>
    internal string Section { get; }

    /// <summary>The configuration key of the setting <paramref name="setting"/> (a property's name): <c>SECTION:SETTING</c>.</summary>
    public string KeyOf(string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        return $"{Section}:{setting}";
    }

    /// <summary><c>Host</c>: auto (default), container, redis-server or garnet, in any case.</summary>
    public string? Host { get; set; }

    /// <summary><c>HighAvailability</c>: true or false; unset, off when running and on when publishing.</summary>
    public string? HighAvailability { get; set; }

    /// <summary><c>AppendFsync</c>: everysec (default) or always.</summary>
    public string? AppendFsync { get; set; }

    /// <summary><c>MaxMemory</c>: a size as Redis writes it (<c>384mb</c>, <c>1gb</c>); refused for Garnet.</summary>
    public string? MaxMemory { get; set; }

    /// <summary><c>Image</c>: the Redis image of the local container, the published StatefulSet and its clients' waits.</summary>
    public string? Image { get; set; }

    /// <summary><c>ExporterImage</c>: the Redis exporter beside each published store pod.</summary>
    public string? ExporterImage { get; set; }

    /// <summary><c>DataVolume</c>: the named volume that keeps the container's data.</summary>
    public string? DataVolume { get; set; }

    /// <summary><c>DataDirectory</c>: where the local store hosts keep their data.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The section <c>Backup</c>.</summary>
    public RedisStoreBackupOptions Backup
    {
        get => _backup;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            // The backups' keys are named under the store's.
            value.Section = KeyOf(nameof(Backup));
            _backup = value;
        }
    }

    /// <summary>
    /// The problems of the settings a derived class adds (its clients'), listed after the store's own and before the
    /// backups': null for each that is right.
    /// </summary>
    protected internal virtual IEnumerable<string?> ClientSettingProblems() => [];

    /// <summary>Where the store runs locally: <see cref="RedisStoreHost.Auto"/> when unset.</summary>
    public RedisStoreHost RequestedHost => RedisStoreOptionsValidator.ReadHost(KeyOf(nameof(Host)), Host).Value;

    /// <summary>
    /// Whether the store is a primary with replicas that Redis Sentinel fails over, rather than one server. Unset, it is
    /// off when running, a laptop's single store, and on when <paramref name="publishing"/>: a cluster's store must outlive its node.
    /// </summary>
    public bool IsReplicated(bool publishing) => RedisStoreOptionsValidator.ReadHighAvailability(KeyOf(nameof(HighAvailability)), HighAvailability).Value ?? publishing;

    /// <summary>When the store forces its append-only file to disk: <see cref="Aspire.Hosting.AppendFsync.EverySecond"/> when unset.</summary>
    public AppendFsync AppendFsyncPolicy => RedisStoreOptionsValidator.ReadAppendFsync(KeyOf(nameof(AppendFsync)), AppendFsync).Value;

    /// <summary>The memory Redis may fill, as Redis writes it (lowercase): <see cref="DefaultMaxMemory"/> when unset.</summary>
    public string MaxMemorySize => RedisStoreOptionsValidator.ReadMaxMemory(KeyOf(nameof(MaxMemory)), MaxMemory).Value;

    /// <summary>Whether <c>MaxMemory</c> is given at all, rather than left to its default.</summary>
    public bool MaxMemoryIsSet => !string.IsNullOrWhiteSpace(MaxMemory);

    /// <summary>The store's image: <see cref="DefaultImage"/> when unset.</summary>
    public ImageReference StoreImage => RedisStoreOptionsValidator.ReadImage(KeyOf(nameof(Image)), Image, DefaultImage).Value;

    /// <summary>The exporter's image: <see cref="DefaultExporterImage"/> when unset.</summary>
    public ImageReference StoreExporterImage => RedisStoreOptionsValidator.ReadImage(KeyOf(nameof(ExporterImage)), ExporterImage, DefaultExporterImage).Value;

    /// <summary>
    /// The volume of store <paramref name="resourceName"/>: the setting, or <c>PREFIX-&lt;name&gt;-data</c>.
    /// Named rather than generated from the AppHost's path, so it is easy to find and remove.
    /// </summary>
    public string DataVolumeFor(string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        return RedisStoreOptionsValidator.ReadDataVolume(KeyOf(nameof(DataVolume)), DataVolume).Value ?? $"{_volumePrefix}-{resourceName}-data";
    }

    /// <summary>The data folder itself: the setting, resolved against <paramref name="appHostDirectory"/> when relative.</summary>
    public string DataRootIn(string appHostDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appHostDirectory);

        return Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? DefaultDataDirectory : DataDirectory.Trim(), appHostDirectory);
    }

    /// <summary>
    /// The folder of one store resource on one host: <see cref="DataRootIn"/>, then the resource and host names, because
    /// redis-server and Garnet keep files of different formats.
    /// </summary>
    public string DataDirectoryFor(string appHostDirectory, string resourceName, RedisStoreHost host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        return Path.Combine(DataRootIn(appHostDirectory), resourceName, RedisStoreHostSelector.NameOf(host));
    }

    /// <summary>
    /// A memory size as <see cref="MaxMemorySize"/> gives it, in bytes, counted as Redis does (1kb is 1024 bytes).
    /// </summary>
    public static long Bytes(string size)
    {
        ArgumentNullException.ThrowIfNull(size);

        var unit = size.TrimStart("0123456789".ToCharArray());
        var power = unit switch { "b" => 0, "kb" => 1, "mb" => 2, "gb" => 3, _ => throw new ArgumentException($"{size} is no size in b, kb, mb or gb.", nameof(size)) };
        return long.Parse(size[..^unit.Length], System.Globalization.CultureInfo.InvariantCulture) << (10 * power);
    }
}
