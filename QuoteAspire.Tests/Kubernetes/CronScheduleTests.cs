using QuoteAspire.AppHost.QuoteStore.Backups;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>How far apart a backup schedule's runs fall: what the backups' alert waits twice over.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 */6 * * *", 6 * 60)]
    [InlineData("*/15 * * * *", 15)]
    [InlineData("30 2 * * 1-5", 3 * 24 * 60)]
    [InlineData("0 3 * * 0", 7 * 24 * 60)]
    [InlineData("0 0,12 * * *", 12 * 60)]
    [InlineData("0 0 1 * *", 31 * 24 * 60)]
    // A day and a weekday both given: either runs it, as in cron.
    [InlineData("0 0 1,15 * 7", 7 * 24 * 60)]
    public void TheLongestGapIsTheLongestTimeBetweenTwoRuns(string schedule, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), CronSchedule.Parse(schedule).LongestGap());

    [Theory]
    [InlineData("0 * * * MON")]
    [InlineData("61 * * * *")]
    [InlineData("@daily")]
    public void AScheduleItCannotReadIsRefusedSayingWhatItReads(string schedule)
    {
        var refused = Assert.ThrowsAny<ArgumentException>(() => CronSchedule.Parse(schedule).LongestGap());
        Assert.Contains("numbers", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackupsAlertFiresAfterTwiceTheDefaultSchedulesGap()
    {
        var alert = BackupAlerts.Stale("quote-store-backup", "0 */6 * * *");
        // Every 6 hours: stale after 12.
        Assert.Contains("> 43200", alert.Expression, StringComparison.Ordinal);
        Assert.Contains("cronjob=\"quote-store-backup\"", alert.Expression, StringComparison.Ordinal);
    }
}
