using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>The backups' alert, on kube-state-metrics' series of the backup CronJob.</summary>
public static class BackupAlerts
{
    /// <summary>
    /// Fires when the newest successful run of <paramref name="cronJob"/> is older than twice the longest gap its
    /// <paramref name="schedule"/> leaves between runs, or none has succeeded in that long since the CronJob was made.
    /// </summary>
    /// <exception cref="ArgumentException">The schedule is not one <see cref="CronSchedule"/> reads; the message names the setting.</exception>
    public static KubernetesAlert Stale(string cronJob, string schedule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cronJob);

        TimeSpan gap;
        try
        {
            gap = CronSchedule.Parse(schedule).LongestGap();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException(
                $"{QuoteStoreOptions.SectionName}:Backup:Schedule is '{schedule}', which the backups' alert cannot read: {exception.Message} Write it with numbers, such as '{Aspire.Hosting.RedisStoreBackupOptions.DefaultSchedule}'.",
                nameof(schedule),
                exception);
        }

        var allowed = (long)(gap * 2).TotalSeconds;
        var seconds = allowed.ToString(CultureInfo.InvariantCulture);
        var job = $"{{namespace=\"{KubernetesAlertsAnnotation.NamespaceToken}\", cronjob=\"{cronJob}\"}}";
        return new(
            "QuoteStoreBackupsStale",
            $"time() - kube_cronjob_status_last_successful_time{job} > {seconds}"
                + $" or (time() - kube_cronjob_created{job} > {seconds} unless on(namespace, cronjob) kube_cronjob_status_last_successful_time{job})",
            "10m",
            "warning",
            $"No backup of the quotes has succeeded in {allowed / 3600.0:0.#} h",
            $"The CronJob {cronJob} runs on '{schedule}'; its last success is older than twice the longest gap between runs. Read the last Job's log (kubectl logs job/...), and see the README's Backups.");
    }
}
