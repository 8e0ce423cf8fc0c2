using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// The store's settings, the configuration section <c>QuoteStore</c>. Each is bound as it is written, as text, so that a
/// value of the wrong kind (<c>HighAvailability=maybe</c>) is one more problem <see cref="QuoteStoreOptionsValidator"/>
/// lists rather than an error the binder throws alone; the typed members read the text once the validator has passed it.
/// </summary>
public sealed class QuoteStoreOptions
{
    public const string SectionName = "QuoteStore";

    public const string HostKey = $"{SectionName}:{nameof(Host)}";
    public const string HighAvailabilityKey = $"{SectionName}:{nameof(HighAvailability)}";
    public const string AppendFsyncKey = $"{SectionName}:{nameof(AppendFsync)}";
    public const string MaxMemoryKey = $"{SectionName}:{nameof(MaxMemory)}";
    public const string ImageKey = $"{SectionName}:{nameof(Image)}";
    public const string ExporterImageKey = $"{SectionName}:{nameof(ExporterImage)}";
    public const string DataVolumeKey = $"{SectionName}:{nameof(DataVolume)}";
    public const string DataDirectoryKey = $"{SectionName}:{nameof(DataDirectory)}";

    /// <summary>The key the frontend reads too, defined once for both (it is passed on, not used by the store).</summary>
    public const string CommandTimeoutKey = Shared.StoreCommandTimeout.ConfigurationKey;

    /// <summary>Three quarters of the store's 512Mi limit on a cluster: the rest is for Redis itself and its AOF rewrites.</summary>
    public const string DefaultMaxMemory = "384mb";

    /// <summary>The default data folder, relative to the AppHost project folder (and ignored by git).</summary>
    public const string DefaultDataDirectory = ".data";

    /// <summary>The official Redis image that Aspire's <c>AddRedis</c> uses (a test keeps the two equal).</summary>
    public static ImageReference DefaultImage { get; } = new("docker.io", "library/redis", "8.6");

    /// <summary>The upstream exporter (github.com/oliver006/redis_exporter), pinned to a release.</summary>
    public static ImageReference DefaultExporterImage { get; } = new("docker.io", "oliver006/redis_exporter", "v1.91.1");

    /// <summary><c>QuoteStore:Host</c>: auto (default), container, redis-server or garnet, in any case.</summary>
    public string? Host { get; set; }

    /// <summary><c>QuoteStore:HighAvailability</c>: true or false; unset, off when running and on when publishing.</summary>
    public string? HighAvailability { get; set; }

    /// <summary><c>QuoteStore:AppendFsync</c>: everysec (default) or always.</summary>
    public string? AppendFsync { get; set; }

    /// <summary><c>QuoteStore:MaxMemory</c>: a size as Redis writes it (<c>384mb</c>, <c>1gb</c>); refused for Garnet.</summary>
    public string? MaxMemory { get; set; }

    /// <summary><c>QuoteStore:Image</c>: the Redis image of the local container, the published StatefulSet and the frontend's init container.</summary>
    public string? Image { get; set; }

    /// <summary><c>QuoteStore:ExporterImage</c>: the Redis exporter beside each published store pod.</summary>
    public string? ExporterImage { get; set; }

    /// <summary><c>QuoteStore:DataVolume</c>: the named volume that keeps the container's data.</summary>
    public string? DataVolume { get; set; }

    /// <summary><c>QuoteStore:DataDirectory</c>: where the local store hosts keep their data.</summary>
    public string? DataDirectory { get; set; }

    /// <summary><c>QuoteStore:CommandTimeout</c>: how long the frontend gives a store call, a time from 0.1 to 60 seconds.</summary>
    public string? CommandTimeout { get; set; }

    /// <summary>The section <c>QuoteStore:Backup</c>.</summary>
    public BackupOptions Backup { get; set; } = new();

    /// <summary>The section as configuration holds it, unchecked (see <see cref="QuoteStoreOptionsValidator"/>).</summary>
    public static QuoteStoreOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        return configuration.GetSection(SectionName).Get<QuoteStoreOptions>() ?? new();
    }

    /// <summary>Where the store runs locally: <see cref="QuoteStoreHost.Auto"/> when unset.</summary>
    public QuoteStoreHost RequestedHost => QuoteStoreOptionsValidator.ReadHost(Host).Value;

    /// <summary>
    /// Whether the store is a primary with replicas that Redis Sentinel fails over, rather than one server. Unset, it is
    /// off when running, a laptop's single store, and on when <paramref name="publishing"/>: a cluster's store must outlive its node.
    /// </summary>
    public bool IsReplicated(bool publishing) => QuoteStoreOptionsValidator.ReadHighAvailability(HighAvailability).Value ?? publishing;

    /// <summary>When the store forces its append-only file to disk: <see cref="Aspire.Hosting.AppendFsync.EverySecond"/> when unset.</summary>
    public AppendFsync AppendFsyncPolicy => QuoteStoreOptionsValidator.ReadAppendFsync(AppendFsync).Value;

    /// <summary>The memory Redis may fill with quotes, as Redis writes it (lowercase): <see cref="DefaultMaxMemory"/> when unset.</summary>
    public string MaxMemorySize => QuoteStoreOptionsValidator.ReadMaxMemory(MaxMemory).Value;

    /// <summary>Whether <c>QuoteStore:MaxMemory</c> is given at all, rather than left to its default.</summary>
    public bool MaxMemoryIsSet => !string.IsNullOrWhiteSpace(MaxMemory);

    /// <summary>The store's image: <see cref="DefaultImage"/> when unset.</summary>
    public ImageReference StoreImage => QuoteStoreOptionsValidator.ReadImage(ImageKey, Image, DefaultImage).Value;

    /// <summary>The exporter's image: <see cref="DefaultExporterImage"/> when unset.</summary>
    public ImageReference StoreExporterImage => QuoteStoreOptionsValidator.ReadImage(ExporterImageKey, ExporterImage, DefaultExporterImage).Value;

    /// <summary>
    /// The volume of store <paramref name="resourceName"/>: the setting, or <c>quoteaspire-&lt;name&gt;-data</c>.
    /// Named rather than generated from the AppHost's path, so it is easy to find and remove.
    /// </summary>
    public string DataVolumeFor(string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        return QuoteStoreOptionsValidator.ReadDataVolume(DataVolume).Value ?? $"quoteaspire-{resourceName}-data";
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
    public string DataDirectoryFor(string appHostDirectory, string resourceName, QuoteStoreHost host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        return Path.Combine(DataRootIn(appHostDirectory), resourceName, QuoteStoreHostSelector.NameOf(host));
    }

    /// <summary>The store call timeout to pass on to the frontend, or null when unset (the frontend keeps its own).</summary>
    public TimeSpan? CommandTimeoutToPassOn => QuoteStoreOptionsValidator.ReadCommandTimeout(CommandTimeout).Value;

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

    /// <summary>
    /// The section <c>QuoteStore:Backup</c>: backups on a cluster (a CronJob) and the dashboard's backup folder.
    /// </summary>
    public sealed class BackupOptions
    {
        public const string SectionName = $"{QuoteStoreOptions.SectionName}:Backup";

        public const string ScheduleKey = $"{SectionName}:{nameof(Schedule)}";
        public const string KeepKey = $"{SectionName}:{nameof(Keep)}";
        public const string VolumeClaimKey = $"{SectionName}:{nameof(VolumeClaim)}";
        public const string VolumeSizeKey = $"{SectionName}:{nameof(VolumeSize)}";

        /// <summary>Every six hours, on the hour: at most six hours of quotes lost with every copy of the data.</summary>
        public const string DefaultSchedule = "0 */6 * * *";

        public const int DefaultKeep = 7;

        /// <summary><c>QuoteStore:Backup:Schedule</c>: five cron fields.</summary>
        public string? Schedule { get; set; }

        /// <summary><c>QuoteStore:Backup:Keep</c>: how many backups are kept, a whole number of at least 1.</summary>
        public string? Keep { get; set; }

        /// <summary><c>QuoteStore:Backup:VolumeClaim</c>: a claim the operator made for the backups; unset, the manifests hold one.</summary>
        public string? VolumeClaim { get; set; }

        /// <summary><c>QuoteStore:Backup:VolumeSize</c>: the size of the backups' claim, in Mi, Gi or Ti.</summary>
        public string? VolumeSize { get; set; }

        /// <summary>The CronJob's schedule: <see cref="DefaultSchedule"/> when unset.</summary>
        public string CronJobSchedule => QuoteStoreOptionsValidator.ReadSchedule(Schedule).Value;

        /// <summary>How many backups are kept: <see cref="DefaultKeep"/> when unset.</summary>
        public int KeepCount => Settings.SettingReading.WholeNumber(KeepKey, Keep).Value ?? DefaultKeep;

        /// <summary>The operator's claim, or null when the manifests hold one of their own.</summary>
        public string? ExistingClaim => VolumeClaim is { Length: > 0 } claim ? claim.Trim() : null;

        /// <summary>
        /// The backups claim's size: the setting, or room for <see cref="KeepCount"/> copies and the one being written, each
        /// as large as the store may grow (<paramref name="maxMemory"/>; an RDB copy is smaller than the memory it comes from).
        /// </summary>
        public string ClaimSizeFor(string maxMemory) => QuoteStoreOptionsValidator.ReadVolumeSize(VolumeSize, KeepCount, maxMemory).Value;
    }
}
