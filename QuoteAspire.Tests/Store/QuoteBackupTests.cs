using Aspire.Hosting.ApplicationModel;
using System.Net;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.AppHost.QuoteStore.Backups;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The dashboard's "Back up quotes" and "Restore the latest backup", run as the dashboard runs them, on a store that
/// is then wiped: the restored store holds every quote and idempotency record the backup was taken after. The same
/// tests run against every store that can be backed up: see the classes at the end of this file.
/// </summary>
public abstract class QuoteBackupTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    // Enough to write while the copy is taken; more would only crowd the crash tests of the graphs running beside these.
    private const int Clients = 4;
    private const int KeyedQuotes = 20;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    [Fact]
    public async Task ABackupTakenUnderWriteLoadRestoresEveryQuoteAndIdempotencyRecordAcknowledgedBeforeItIntoAWipedStore()
    {
        using var client = fixture.CreateGraphClient();
        await WhenAReplicatedSetIsWholeAsync();
        var prefix = $"Backed up {Guid.NewGuid():N}";
        var keyed = Enumerable.Range(0, KeyedQuotes).Select(number => ($"{prefix} keyed #{number}", Guid.NewGuid().ToString("N"))).ToList();
        foreach (var (quote, key) in keyed)
        {
            using var posted = await client.PostFormOnceAsync(quote, key);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        await using var load = PostingLoad.Start(client, $"{prefix} under load", Clients);
        await load.WaitForAcknowledgedAsync(50, "50 quotes to be acknowledged before the backup");
        var acknowledgedBeforeBackup = load.Acknowledged;
        var backup = await fixture.App.RunCommandAsync(QuoteAppFixture.Store, BackupQuotesCommand.Name, CommandTimeout);
        await load.StopAsync();
        Assert.True(backup.Success, backup.Message);
        Report(backup.Message ?? string.Empty);
        var beforeWipe = await client.GetQuotesAsync();

        await WipeTheStoreAsync();
        Assert.Empty(await client.GetQuotesAsync());

        var restore = await fixture.App.RunCommandAsync(QuoteAppFixture.Store, RestoreQuotesCommand.Name, CommandTimeout);
        Assert.True(restore.Success, restore.Message);
        Report(restore.Message ?? string.Empty);

        var restored = await client.GetQuotesAsync();
        // The backup is the list as it stood at one moment: the first part of what was there before the wipe.
        Assert.Equal(beforeWipe.Take(restored.Length), restored);
        var missing = acknowledgedBeforeBackup.Concat(keyed.Select(entry => entry.Item1)).Where(quote => !restored.Contains(quote)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} quotes acknowledged before the backup were not restored: {string.Join(", ", missing.Take(3))}");
        Report($"{restored.Length} quotes restored of {beforeWipe.Length} before the wipe; every one of the {acknowledgedBeforeBackup.Count + KeyedQuotes} acknowledged before the backup is there");

        // The idempotency records came back too: each retry is answered as the first post was, and stores nothing.
        foreach (var (quote, key) in keyed)
        {
            using var retried = await client.PostFormOnceAsync(quote, key);
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            Assert.True(retried.Headers.Contains("Idempotent-Replayed"), $"The retry of '{quote}' was stored again instead of answered from its restored record.");
        }

        Assert.Equal(restored, await client.GetQuotesAsync());
    }

    [Fact]
    public async Task TwoBackupsStartedTogetherAreKeptAsTwoFiles()
    {
        await WhenAReplicatedSetIsWholeAsync();

        // Started together, so both are named for the same moment (a fresh-clone run once had two backups within one
        // second, and the second failed on the name the first had taken).
        var both = await Task.WhenAll(
            fixture.App.RunCommandAsync(QuoteAppFixture.Store, BackupQuotesCommand.Name, CommandTimeout),
            fixture.App.RunCommandAsync(QuoteAppFixture.Store, BackupQuotesCommand.Name, CommandTimeout));
        var (first, second) = (both[0], both[1]);

        Assert.True(first.Success, first.Message);
        Assert.True(second.Success, second.Message);
        Assert.NotEqual(BackupFileIn(first.Message), BackupFileIn(second.Message));
        Assert.True(File.Exists(BackupFileIn(first.Message)), first.Message);
        Assert.True(File.Exists(BackupFileIn(second.Message)), second.Message);
    }

    // "Backed up quote-store from NODE to FILE (SIZE KiB)."
    private static string BackupFileIn(string? message)
    {
        Assert.NotNull(message);
        var start = message.IndexOf(" to ", StringComparison.Ordinal) + " to ".Length;
        return message[start..message.IndexOf(" (", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task RestoringWithNoBackupSaysSoAndChangesNothing()
    {
        using var client = fixture.CreateGraphClient();
        // Backups of other tests are moved aside for the while: the graph's own folder, under its data folder.
        var backups = Path.Combine(fixture.DataDirectory, RedisBackupFolder.FolderName);
        var aside = backups + "-aside";
        if (Directory.Exists(backups))
        {
            Directory.Move(backups, aside);
        }

        try
        {
            var before = await client.GetQuotesAsync();

            var restore = await fixture.App.RunCommandAsync(QuoteAppFixture.Store, RestoreQuotesCommand.Name, CommandTimeout);

            Assert.False(restore.Success);
            Assert.Contains("There is no backup of quote-store", restore.Message, StringComparison.Ordinal);
            Assert.Equal(before, await client.GetQuotesAsync());
        }
        finally
        {
            if (Directory.Exists(aside))
            {
                Directory.Move(aside, backups);
            }
        }
    }

    /// <summary>
    /// A replicated set shares its graph with the fault tests, which may have just failed it over or started a node again:
    /// the backup is taken, as an operator takes one, from a set whose replicas are linked and in sync. (Taken from a
    /// replica whose link was still down, it failed once: "-NOMASTERLINK Can't SYNC while not connected with my master".)
    /// </summary>
    private async Task WhenAReplicatedSetIsWholeAsync()
    {
        if (fixture.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>().Resources
            .OfType<Aspire.Hosting.ApplicationModel.RedisReplicatedSetResource>().Any())
        {
            await new ReplicatedSet(fixture.App).WaitUntilWholeAsync("the replicated set to be whole before the backup");
        }
    }

    private async Task WipeTheStoreAsync()
    {
        await using var store = await fixture.App.ConnectToStoreAsync();
        var primary = store.GetServers().First(server => server is { IsConnected: true, IsReplica: false });
        await primary.FlushAllDatabasesAsync(CommandFlags.DemandMaster);
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(ReplicatedRedisServerGraph.Name)]
public sealed class QuoteBackupOfReplicatedStoreTests(ReplicatedRedisServerAppFixture fixture)
    : QuoteBackupTests<ReplicatedRedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(ReplicatedContainerGraph.Name)]
public sealed class QuoteBackupOfReplicatedContainersTests(ReplicatedContainerAppFixture fixture)
    : QuoteBackupTests<ReplicatedContainerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class QuoteBackupOnRedisServerTests(RedisServerAppFixture fixture)
    : QuoteBackupTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(ContainerGraph.Name)]
public sealed class QuoteBackupInContainerTests(ContainerAppFixture fixture)
    : QuoteBackupTests<ContainerAppFixture>(fixture);
