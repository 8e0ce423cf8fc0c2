using System.Diagnostics;
using System.Globalization;
using System.Net;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The published replicated store's backups and restores, run under Podman as a kubelet would (see
/// <see cref="PublishedReplicatedStoreFixture"/>): the backup job copies a replica and the restore job puts every quote
/// and record back; a backup onto a full claim fails cleanly; a restore of more than the job once held. Nothing here
/// times an outage, so these run in the parallel part, on a set of pods of their own.
/// </summary>
/// <remarks>Each test leaves the set whole, whichever pod is primary.</remarks>
[Trait(Tier.Name, Tier.Outer)]
[Collection(PublishedStoreBackups.Name)]
public sealed class PublishedStoreBackupTests(PublishedReplicatedStoreFixture set)
{
    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    [Fact]
    public async Task TheBackupJobCopiesAReplicaAndTheRestoreJobPutsEveryQuoteAndRecordBackAfterAWipe()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        await set.WaitUntilEveryReplicaIsLinkedAsync();
        var quote = $"backed up {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString("N");
        using (var posted = await client.PostFormOnceAsync(quote, key))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var backedUp = await client.GetQuotesAfterOutageAsync();
        var (exitCode, logs) = await set.RunBackupJobAsync();

        Assert.True(exitCode == 0, $"The backup job exited with {exitCode}:\n{logs}");
        var primary = await set.AgreedPrimaryAsync();
        Assert.Matches($"Backed up {PublishedReplicatedStoreFixture.Store} from {PublishedReplicatedStoreFixture.Store}-\\d\\.{PublishedReplicatedStoreFixture.Store}-peers to /backups/", logs);
        Assert.DoesNotContain($"from {primary} ", logs, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(set.BackupClaimFolder, $"{PublishedReplicatedStoreFixture.Store}-*.rdb"));
        var copy = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith("REDIS", System.Text.Encoding.ASCII.GetString(copy, 0, 5), StringComparison.Ordinal);
        // RDB keeps short strings as they are: the quote posted before the copy is in the file.
        Assert.Contains(quote, System.Text.Encoding.UTF8.GetString(copy), StringComparison.Ordinal);
        Report($"backup job: {logs.Trim()}");

        // Over a store that moved on: the quote posted after the backup goes, and its record with it (else its retry
        // would be answered for a quote no longer listed); the list is as it was backed up, in order.
        var laterQuote = $"after the backup {Guid.NewGuid():N}";
        var laterKey = Guid.NewGuid().ToString("N");
        using (var later = await client.PostFormOnceAsync(laterQuote, laterKey))
        {
            Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        }

        (exitCode, logs) = await set.RunRestoreJobAsync();

        Assert.True(exitCode == 0, $"The restore job exited with {exitCode}:\n{logs}");
        Assert.Equal(backedUp, await client.GetQuotesAfterOutageAsync());
        using (var laterRetried = await client.PostFormOnceAsync(laterQuote, laterKey))
        {
            Assert.False(laterRetried.Headers.Contains("Idempotent-Replayed"), "The retry of a quote posted after the backup was answered from a record the restore should have removed.");
        }

        // Over a store that lost everything.
        Assert.Equal("OK", (await PublishedReplicatedStoreFixture.AskAsync(set.PeerNamed(primary).Data, 6379, "flushall")).Output.Trim());
        Assert.Empty(await client.GetQuotesAfterOutageAsync());

        (exitCode, logs) = await set.RunRestoreJobAsync();

        Assert.True(exitCode == 0, $"The restore job exited with {exitCode}:\n{logs}");
        Assert.Contains($"Restored {PublishedReplicatedStoreFixture.Store} on {primary} from {file.Replace(set.BackupClaimFolder, "/backups", StringComparison.Ordinal)}: {backedUp.Length} quotes", logs, StringComparison.Ordinal);
        Assert.Equal(backedUp, await client.GetQuotesAfterOutageAsync());
        using (var retried = await client.PostFormOnceAsync(quote, key))
        {
            Assert.True(retried.Headers.Contains("Idempotent-Replayed"), $"The retry of '{quote}' was stored again instead of answered from its restored record.");
        }

        Assert.Equal(backedUp.Length, (await client.GetQuotesAfterOutageAsync()).Length);
        foreach (var replica in set.ReplicasOf(primary))
        {
            await Bounded.UntilAsync(() => PublishedReplicatedStoreFixture.HoldsAsync(replica, quote), Bounded.ResourceHealthy, $"{replica.Host} to hold the restored quote");
        }

        Report($"restore job: {logs.Split('\n').Last(line => line.StartsWith("Restored", StringComparison.Ordinal))}");
    }

    [Fact]
    public async Task ABackupThatDoesNotFitItsClaimFailsTheJobLeavesNoPartialFileAndTheNextSucceedsOnceThereIsRoom()
    {
        set.SkipWhenUnavailable();
        var primary = set.PeerNamed(await set.WaitUntilEveryReplicaIsLinkedAsync());
        // About 240 KB that no compression shrinks, under a key of its own, removed at the end.
        const string Key = "backup-volume-test";
        var (filled, fillOutput) = await primary.Data.ExecAsync(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["REDISCLI_AUTH"] = DefaultManifests.StorePassword },
            "sh", "-c", $"for i in $(seq 1 400); do echo \"RPUSH {Key} $(head -c 450 /dev/urandom | base64 -w0)\"; done | redis-cli --no-auth-warning >/dev/null");
        Assert.True(filled == 0, fillOutput);

        try
        {
            const long Volume = 1 << 20;
            await using (await set.LimitBackupClaimAsync(Volume))
            {
                // What the claim holds besides backups leaves less room than the copy needs.
                var taken = Path.Combine(set.BackupClaimFolder, "other-files");
                await File.WriteAllBytesAsync(taken, new byte[Volume - (100 << 10)], TestContext.Current.CancellationToken);

                var (failedExit, failedLogs) = await set.RunBackupJobAsync();
                var left = Directory.GetFiles(set.BackupClaimFolder).Select(Path.GetFileName).ToList();
                Report($"backup onto a 1 MiB claim with 100 KiB free: exit {failedExit}; left on the claim: [{string.Join(", ", left)}]\n{failedLogs}");
                Assert.NotEqual(0, failedExit);
                Assert.Contains("nothing of it was kept", failedLogs, StringComparison.Ordinal);
                Assert.Equal(["other-files"], left);

                File.Delete(taken);
                var (exit, logs) = await set.RunBackupJobAsync();
                Report($"the next backup, with the room back: exit {exit}\n{logs}");
                Assert.True(exit == 0, logs);
                var copy = Assert.Single(Directory.GetFiles(set.BackupClaimFolder));
                Assert.EndsWith(".rdb", copy, StringComparison.Ordinal);
                Assert.True(new FileInfo(copy).Length > 100 << 10, $"The copy is {new FileInfo(copy).Length} bytes: it did not hold the test's data.");
            }
        }
        finally
        {
            await PublishedReplicatedStoreFixture.AskAsync(primary.Data, 6379, "del", Key);
        }
    }

    /// <summary>
    /// More quotes than the restore job could hold when it read the whole copy into 128Mi: the job reads it in the memory
    /// the store itself has, and moves the list in batches, so the primary is never held long enough to be failed over.
    /// </summary>
    [Fact]
    public async Task ARestoreOfMoreQuotesThanTheJobUsedToHoldPutsEveryOneBackWithinTheJobsMemoryAndWithoutAFailover()
    {
        set.SkipWhenUnavailable();
        var primary = set.PeerNamed(await set.WaitUntilEveryReplicaIsLinkedAsync());
        var epoch = await ConfigEpochAsync();
        // Over a store that lost everything.
        Assert.Equal("OK", (await PublishedReplicatedStoreFixture.AskAsync(primary.Data, 6379, "flushall")).Output.Trim());

        await using (await set.LimitBackupClaimAsync(512L << 20))
        {
            // The copy is made apart from the set, by a Redis of its own, as a backup taken on another day would be: pushed
            // through the set at once, that much would only measure how the replicas keep up with a burst no client sends.
            var clock = Stopwatch.StartNew();
            var (made, madeOutput) = await ExternalTool.RunAsync(
                TestImages.Runtime,
                ["run", "--rm", "--volume", $"{set.BackupClaimFolder}:/backups", TestImages.Redis, "sh", "-c", LargeBackupScript],
                null,
                TimeSpan.FromMinutes(3));
            Assert.True(made == 0, madeOutput);
            var making = clock.Elapsed;

            clock.Restart();
            var (restored, logs) = await set.RunRestoreJobAsync();
            var restoring = clock.Elapsed;
            var memory = set.RestoreJob.Spec.Template.Spec.Containers[0].Resources.Limits["memory"];
            Report(string.Create(CultureInfo.InvariantCulture,
                $"{LargeQuoteCount} quotes of {LargeQuoteBytes + 11} bytes ({LargeQuoteCount * (LargeQuoteBytes + 11L) >> 20} MiB) backed up in {making.TotalSeconds:F1} s, restored in {restoring.TotalSeconds:F1} s by a job limited to {memory}; exit {restored}") + $"\n{logs}");
            Assert.True(restored == 0, $"The restore job exited with {restored}:\n{logs}");
        }

        Assert.Equal($"{LargeQuoteCount}", (await PublishedReplicatedStoreFixture.AskAsync(primary.Data, 6379, "llen", "quotes")).Output.Trim());
        foreach (var index in new[] { 0, 1, LargeQuoteCount / 2, LargeQuoteCount - 1 })
        {
            var item = (await PublishedReplicatedStoreFixture.AskAsync(primary.Data, 6379, "lindex", "quotes", $"{index}")).Output.Trim();
            Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"q{index:D9}-x"), item, StringComparison.Ordinal);
            Assert.Equal(LargeQuoteBytes + 11, item.Length);
        }

        // The same primary, in the same epoch: no failover began while the job wrote.
        Assert.Equal(primary.Host, await set.AgreedPrimaryAsync());
        Assert.Equal(epoch, await ConfigEpochAsync());
        await PublishedReplicatedStoreFixture.AskAsync(primary.Data, 6379, "flushall");
        // Each node rewrites its append-only file after taking that much, and the disk they share here is busy for a
        // while: the next test starts once every rewrite is done and no Sentinel is in TILT.
        foreach (var peer in set.Peers.Values)
        {
            await Bounded.UntilAsync(
                async () => (await PublishedReplicatedStoreFixture.AskAsync(peer.Data, 6379, "info", "persistence")).Output.Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal),
                ReplicatedSet.Failover,
                $"{peer.Host} to finish rewriting its append-only file");
        }

        Report(string.Join('\n', await Task.WhenAll(set.Peers.Values.Select(async peer =>
            $"{peer.Host}'s Sentinel: {string.Join(" / ", (await peer.Sentinel.LogsAsync()).Split('\n').Where(line => line.Contains("tilt", StringComparison.Ordinal)))}"))));
        await set.WaitUntilNoSentinelIsInTiltAsync();
        await set.WaitUntilEveryReplicaIsLinkedAsync();
    }

    // The 128Mi the restore job used to have, and a third more; each quote 1 KiB.
    private const int LargeQuoteBytes = 1013;
    private const int LargeQuoteCount = 170_000;

    // A Redis of its own fills the list (q000000000-xxx..., in order) and saves it as a backup file on the claim.
    private static readonly string LargeBackupScript = string.Create(CultureInfo.InvariantCulture, $$"""
        set -eu
        redis-server --port 6399 --dir /tmp --save "" --appendonly no --daemonize yes --logfile /tmp/fill.log
        until [ "$(redis-cli -p 6399 ping 2>/dev/null)" = PONG ]; do sleep 0.1; done
        awk 'BEGIN { pad = sprintf("%{{LargeQuoteBytes}}s", ""); gsub(/ /, "x", pad); for (i = 0; i < {{LargeQuoteCount}}; i++) printf "RPUSH quotes q%09d-%s\r\n", i, pad }' | redis-cli -p 6399 --pipe
        redis-cli -p 6399 --rdb /backups/quote-store-20000101T000000Z.rdb
        chmod 644 /backups/quote-store-20000101T000000Z.rdb
        """);
    private async Task<string> ConfigEpochAsync()
    {
        var (_, answer) = await PublishedReplicatedStoreFixture.AskAsync(set.Peers.Values.First().Sentinel, 26379, "sentinel", "master", PublishedReplicatedStoreFixture.Store);
        var lines = answer.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        return lines[Array.IndexOf(lines, "config-epoch") + 1];
    }

}
