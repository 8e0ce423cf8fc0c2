using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// Garnet's durability, caught where it can be lost: a SIGKILL while its log writes lag behind its replies. On a fast
/// disk the write follows the reply within microseconds and a kill almost never lands between them, so a Garnet that
/// replied before writing would pass a plain kill test; here each write is held back, as a busy disk would, and the kill
/// lands while posts are acknowledged.
/// </summary>
[Trait(Tier.Name, Tier.Faults)]
[Collection(GarnetFaults.Name)]
public sealed class GarnetOnASlowDiskTests(GarnetFaultsAppFixture fixture) : IAsyncLifetime
{
    // The graph is shared with the other fault tests: start from a store that is up, whatever the test before left.
    public ValueTask InitializeAsync() => new(fixture.EnsureStoreRunningAsync());

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;

    private const int Clients = 4;

    // Garnet writes its log with pwrite (its managed RandomAccess device); the frontend's store calls allow a second.
    private const string LogWriteSystemCall = "pwrite64";
    private static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(50);

    // Enough posts acknowledged while the writes lag that a store replying before writing had some unwritten at the kill.
    private const int AcknowledgedWhileSlowed = 20;

    [Fact]
    public async Task AQuoteAcknowledgedWhileTheDiskLagsSurvivesAKillOfTheStoreOnItsAcknowledgement()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        ProcessTree.SkipUnlessProcFileSystem();
        using var client = fixture.CreateGraphClient();
        await using var load = PostingLoad.Start(client, $"Written on a slow disk {Guid.NewGuid():N}", Clients);
        await load.WaitForAcknowledgedAsync(20, "20 quotes to be acknowledged before the store's disk is slowed");

        string killed;
        var aimed = string.Empty;
        int acknowledgedWhileSlowed;
        await using (await SlowedDiskWrites.AttachAsync(ProcessTree.Of(fixture.App.ProcessIdOf(QuoteAppFixture.Store)), LogWriteSystemCall, WriteDelay))
        {
            var before = load.Acknowledged.Count;
            await load.WaitForAcknowledgedAsync(before + AcknowledgedWhileSlowed, $"{AcknowledgedWhileSlowed} quotes to be acknowledged while the store's disk is slowed");
            // The kill fires on the 201 itself: a store that replied before its write reached the disk still holds that
            // write in memory, behind a disk write held for the whole delay.
            killed = await fixture.App.KillAsync(QuoteAppFixture.Store, async kill =>
                aimed = await PostThenKillOnTheAcknowledgementAsync(client, load.Prefix, kill));
            acknowledgedWhileSlowed = load.Acknowledged.Count - before;
        }

        await fixture.App.StartAgainAsync(killed);
        var afterRestart = load.Acknowledged.Count;
        await load.WaitForAcknowledgedAsync(afterRestart + 20, "20 more quotes to be acknowledged after the restart");
        await load.StopAsync();

        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(client);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SIGKILL of Garnet on a 201, each log write held {WriteDelay.TotalMilliseconds:F0} ms, {acknowledgedWhileSlowed} quotes acknowledged while slowed, under {Clients} posting clients: {report}");
        var copies = (await client.GetQuotesAfterOutageAsync()).Count(quote => quote == aimed);
        Assert.True(copies == 1, $"'{aimed}', acknowledged the moment the store was killed, is stored {copies} times; once was promised.");
    }

    /// <summary>Posts quotes of its own until one is acknowledged, and kills the store the moment its 201 arrives.</summary>
    private static async Task<string> PostThenKillOnTheAcknowledgementAsync(HttpClient client, string prefix, Action kill)
    {
        // Each attempt posts a quote of its own: one that got no 201 may still be stored, and must not be mistaken for it.
        string? acknowledged = null;
        for (var attempt = 0; acknowledged is null; attempt++)
        {
            var quote = $"{prefix} aimed #{attempt}";
            using var response = await client.PostFormAsync(quote).WaitAsync(Bounded.HttpRequest, $"the answer to '{quote}'");
            if (response.StatusCode == System.Net.HttpStatusCode.Created)
            {
                kill();
                acknowledged = quote;
            }
            else
            {
                Assert.True(attempt < 50, $"50 posts in a row got no 201 while the store's disk was slowed; the last got {(int)response.StatusCode}.");
            }
        }

        return acknowledged;
    }
}
