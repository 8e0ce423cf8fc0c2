using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>The backups' alert, on kube-state-metrics' series of the backup CronJob.</summary>
public static class RedisBackupAlerts
{
    /// <summary>
    /// The alert <paramref name="alertName"/>: fires when the newest successful run of <paramref name="cronJob"/> is older
    /// than twice the longest gap its <paramref name="schedule"/> leaves between runs, or none has succeeded in that long
    /// since the CronJob was made. Its summary says no backup of <paramref name="subject"/> has succeeded.
    /// </summary>
    /// <param name="alertName">The alert's name, the app's own.</param>
    /// <param name="subject">What the backups hold, in words (<c>the data</c>).</param>
    /// <param name="cronJob">The backup CronJob.</param>
    /// <param name="schedule">Its schedule, five cron fields.</param>
    /// <param name="scheduleKey">The setting the schedule comes from, for the message when it cannot be read.</param>
    /// <exception cref="ArgumentException">The schedule is not one this alert reads; the message names the setting.</exception>
    public static KubernetesAlert Stale(string alertName, string subject, string cronJob, string schedule, string scheduleKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertName);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(cronJob);
        ArgumentNullException.ThrowIfNull(schedule);

        TimeSpan gap;
        try
        {
            gap = CronSchedule.Parse(schedule).LongestGap();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException(
                $"{scheduleKey} is '{schedule}', which the backups' alert cannot read: {exception.Message} Write it with numbers, such as '{RedisStoreBackupOptions.DefaultSchedule}'.",
                nameof(schedule),
                exception);
        }

        var allowed = (long)(gap * 2).TotalSeconds;
        var seconds = allowed.ToString(CultureInfo.InvariantCulture);
        var job = $"{{namespace=\"{KubernetesAlertsAnnotation.NamespaceToken}\", cronjob=\"{cronJob}\"}}";
        return new(
            alertName,
            $"time() - kube_cronjob_status_last_successful_time{job} > {seconds}"
                + $" or (time() - kube_cronjob_created{job} > {seconds} unless on(namespace, cronjob) kube_cronjob_status_last_successful_time{job})",
            "10m",
            "warning",
            $"No backup of {subject} has succeeded in {allowed / 3600.0:0.#} h",
            $"The CronJob {cronJob} runs on '{schedule}'; its last success is older than twice the longest gap between runs. Read the last Job's log (kubectl logs job/...), and see the README's Backups.");
    }
}
