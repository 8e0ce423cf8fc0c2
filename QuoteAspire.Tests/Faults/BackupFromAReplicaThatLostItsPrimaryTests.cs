using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore.Backups;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// A backup copies from a replica the Sentinels last saw in sync. That replica may have lost its primary since (a resync,
/// a failover under way; seen in a fresh-clone run as "-NOMASTERLINK Can't SYNC while not connected with my master"):
/// the backup then copies from the next node in sync, or the primary, and says which refused.
/// </summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(ReplicatedRedisServerGraph.Name)]
public sealed class BackupFromAReplicaThatLostItsPrimaryTests(ReplicatedRedisServerAppFixture fixture)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TheBackupIsTakenFromTheNextNodeInSyncAndSaysWhichRefused()
    {
        fixture.SkipUnlessGraph();
        var set = new ReplicatedSet(fixture.App);
        await set.WaitUntilWholeAsync("the set to be whole before its first replica is cut off");
        // The replica the backup tries first: the first the monitor saw in sync.
        var first = set.Resource.InSyncReplicas[0].Name;

        ExecuteCommandResult backup;
        await using (await set.CutFromItsPrimaryAsync(first))
        {
            backup = await fixture.App.RunCommandAsync(QuoteAppFixture.Store, BackupQuotesCommand.Name, CommandTimeout);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(backup.Message ?? string.Empty);
        Assert.True(backup.Success, backup.Message);
        Assert.DoesNotContain($"from {first} to", backup.Message, StringComparison.Ordinal);
        Assert.Contains($"Refused first by {first}: ", backup.Message, StringComparison.Ordinal);
        Assert.Contains("NOMASTERLINK", backup.Message, StringComparison.Ordinal);
        await set.WaitUntilWholeAsync("the set to be whole again once the replica follows its primary");
    }
}
