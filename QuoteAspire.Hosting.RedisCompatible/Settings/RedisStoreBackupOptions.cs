using QuoteAspire.Shared;

namespace Aspire.Hosting;

/// <summary>
/// The store's section <c>Backup</c>: backups on a cluster (a CronJob) and the dashboard's backup folder. Its keys are
/// named under the store's section (<see cref="RedisStoreOptions.Backup"/> says which).
/// </summary>
public sealed class RedisStoreBackupOptions
{
    /// <summary>Every six hours, on the hour: at most six hours of writes lost with every copy of the data.</summary>
    public const string DefaultSchedule = "0 */6 * * *";

    /// <summary>How many backups are kept when <see cref="Keep"/> is unset.</summary>
    public const int DefaultKeep = 7;

    /// <summary>The configuration section of these settings, set by the store's options.</summary>
    internal string Section { get; set; } = "Backup";

    /// <summary>The configuration key of the setting <paramref name="setting"/> (a property's name).</summary>
    public string KeyOf(string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        return $"{Section}:{setting}";
    }

    /// <summary><c>Schedule</c>: five cron fields.</summary>
    public string? Schedule { get; set; }

    /// <summary><c>Keep</c>: how many backups are kept, a whole number of at least 1.</summary>
    public string? Keep { get; set; }

    /// <summary><c>VolumeClaim</c>: a claim the operator made for the backups; unset, the manifests hold one.</summary>
    public string? VolumeClaim { get; set; }

    /// <summary><c>VolumeSize</c>: the size of the backups' claim, in Mi, Gi or Ti.</summary>
    public string? VolumeSize { get; set; }

    /// <summary>The CronJob's schedule: <see cref="DefaultSchedule"/> when unset.</summary>
    public string CronJobSchedule => RedisStoreOptionsValidator.ReadSchedule(KeyOf(nameof(Schedule)), Schedule).Value;

    /// <summary>How many backups are kept: <see cref="DefaultKeep"/> when unset.</summary>
    public int KeepCount => SettingReading.WholeNumber(KeyOf(nameof(Keep)), Keep).Value ?? DefaultKeep;

    /// <summary>The operator's claim, or null when the manifests hold one of their own.</summary>
    public string? ExistingClaim => VolumeClaim is { Length: > 0 } claim ? claim.Trim() : null;

    /// <summary>
    /// The backups claim's size: the setting, or room for <see cref="KeepCount"/> copies and the one being written, each
    /// as large as the store may grow (<paramref name="maxMemory"/>; an RDB copy is smaller than the memory it comes from).
    /// </summary>
    public string ClaimSizeFor(string maxMemory)
    {
        ArgumentNullException.ThrowIfNull(maxMemory);
        return RedisStoreOptionsValidator.ReadVolumeSize(KeyOf(nameof(VolumeSize)), VolumeSize, KeepCount, maxMemory).Value;
    }
}
