using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>The backups' alert, on kube-state-metrics' series of the backup CronJob.</summary>
public static class BackupAlerts
{
    /// <summary>Fires when no run of <paramref name="cronJob"/> has succeeded in twice the longest gap of its <paramref name="schedule"/>.</summary>
    /// <exception cref="ArgumentException">The schedule cannot be read; the message names <c>QuoteStore:Backup:Schedule</c>.</exception>
    public static KubernetesAlert Stale(string cronJob, string schedule) =>
        RedisBackupAlerts.Stale("QuoteStoreBackupsStale", "the quotes", cronJob, schedule, $"{QuoteStoreOptions.SectionName}:Backup:Schedule");
}
