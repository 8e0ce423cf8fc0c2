using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// A backup copies from the replicas in sync when it starts, then the primary. A replica may lose its primary between
/// that moment and its copy (a resync, a failover under way; seen in a fresh-clone run as "-NOMASTERLINK Can't SYNC while
/// not connected with my master"): the backup then copies from the next node, and says which refused. The dashboard
/// shows a replica's loss within half a second, so the test takes the list first, as the backup does, and cuts the
/// replica before the copy: the backup's own code, on the running set's real nodes, with the list it would have had.
/// </summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(ReplicatedRedisServerGraph.Name)]
public sealed class BackupFromAReplicaThatLostItsPrimaryTests(ReplicatedRedisServerAppFixture fixture)
{
    [Fact]
    public async Task TheBackupIsTakenFromTheNextNodeInSyncAndSaysWhichRefused()
    {
        fixture.SkipUnlessGraph();
        var set = new ReplicatedSet(fixture.App);
        await set.WaitUntilWholeAsync("the set to be whole before its first replica is cut off");
        var sources = await BackupSource.CandidatesAsync(set.Resource, TestContext.Current.CancellationToken);
        var first = sources[0].Name;
        Assert.NotEqual(set.Primary, first);

        using var folder = new TemporaryFolder("backup-from-a-cut-replica");
        ExecuteCommandResult backup;
        await using (await set.CutFromItsPrimaryAsync(first))
        {
            backup = await RedisBackupCommands.BackUpFromAsync(set.Resource.Name, sources, new RedisBackupFolder(folder.Path, keep: 2), TestContext.Current.CancellationToken);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(backup.Message ?? string.Empty);
        Assert.True(backup.Success, backup.Message);
        Assert.DoesNotContain($"from {first} to", backup.Message, StringComparison.Ordinal);
        Assert.Contains($"Refused first by {first}: ", backup.Message, StringComparison.Ordinal);
        Assert.Contains("NOMASTERLINK", backup.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder.Path, "*.rdb"));
        await set.WaitUntilWholeAsync("the set to be whole again once the replica follows its primary");
    }
}
