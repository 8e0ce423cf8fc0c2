using System.Diagnostics;
using System.Globalization;
using System.Net;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The replicated store as published, run under Podman pod by pod (see <see cref="PublishedReplicatedStoreFixture"/>):
/// the peers find each other by name, the frontend finds the primary through the Sentinels, a lost primary pod is
/// failed over with no acknowledged quote lost and comes back as a replica, the backup job copies a replica, and the
/// restore job puts a backup back on the primary.
/// Each test starts from whichever pod is the primary then: a failover test may have run before it.
/// </summary>
/// <remarks>The image they run is built in the parallel part of the run; they run in its serial part, with the other fault tests.</remarks>
[Trait(Tier.Name, Tier.Faults)]
[Collection(PublishedReplicatedStore.Name)]
public sealed class PublishedReplicatedStoreTests(PublishedReplicatedStoreFixture set)
{
    /// <summary>
    /// Sentinel's down-after (5 s), its vote, the promotion and the clients' reconnection, with room for TILT mode: a
    /// Sentinel stopped for over 2 s (waiting on Podman's DNS as a killed pod leaves the network) fails nothing over for
    /// 30 s, then may split its votes (see <see cref="ReplicatedSet.Failover"/>). Beside the Graph tier, starved of CPU
    /// as well, a failover took 55 s in one full run and none came within 100 s in another: so these tests are Faults
    /// tests, run alone.
    /// </summary>
    private static readonly TimeSpan Failover = ReplicatedSet.Failover;

    private static readonly string[] SentinelEvents = ["+sdown", "+odown", "+try-failover", "+elected-leader", "+selected-slave", "+switch-master", "tilt", "resolve"];

    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    [Fact]
    public async Task ThePodsStartAsOnePrimaryAndTwoReplicasThatEverySentinelNamesAndEveryProbePasses()
    {
        set.SkipWhenUnavailable();

        // On the set's first start no Sentinel knows a primary yet, and the first pod becomes it.
        Assert.Equal(set.Peers[0].Host, set.PrimaryAtFirstStart);
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        Assert.Equal(2, set.ReplicasOf(primary).Count());
        Assert.Contains("connected_slaves:2", await PublishedReplicatedStoreFixture.ReplicationInfoAsync(set.PeerNamed(primary)), StringComparison.Ordinal);

        var probed = 0;
        foreach (var container in set.Peers.Values.SelectMany(peer => new[] { peer.Data, peer.Sentinel }))
        {
            foreach (var probe in new[] { container.Spec.StartupProbe, container.Spec.ReadinessProbe, container.Spec.LivenessProbe })
            {
                var (succeeded, seen) = await container.ProbeAsync(probe);
                Assert.True(succeeded, $"A probe of {container.Name} failed: {seen}");
                probed++;
            }
        }

        Assert.Equal(18, probed);
    }

    [Fact]
    public async Task AQuoteAcknowledgedByTheFrontendIsOnAReplicaAlreadyAndSoonOnEvery()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        var quote = $"replicated {Guid.NewGuid():N}";
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();

        using var posted = await client.PostFormAsync(quote);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        // The frontend acknowledged it only once a replica confirmed it (WAIT 1).
        var replicas = set.ReplicasOf(primary).ToList();
        var holding = 0;
        foreach (var replica in replicas)
        {
            holding += await HoldsAsync(replica, quote) ? 1 : 0;
        }

        Assert.True(holding >= 1, "No replica held the quote when the frontend acknowledged it.");
        foreach (var replica in replicas)
        {
            await Bounded.UntilAsync(() => HoldsAsync(replica, quote), Bounded.HttpRequest, $"{replica.Host} to hold the acknowledged quote");
        }
    }

    [Fact]
    public async Task KillingThePrimaryPodUnderLoadLosesNoAcknowledgedQuoteAndItComesBackAsAReplica()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        var oldPrimary = set.PeerNamed(await set.WaitUntilEveryReplicaIsLinkedAsync());
        await using var load = PostingLoad.Start(client, $"pod failover {Guid.NewGuid():N}", workers: 4, retryWithIdempotencyKey: true);
        await load.WaitForAcknowledgedAsync(50, "50 quotes acknowledged before the primary pod is killed", Bounded.ResourceHealthy);

        await set.WaitUntilNoSentinelIsInTiltAsync();
        var clock = Stopwatch.StartNew();
        await set.KillPeerAsync(oldPrimary.Ordinal);
        var newPrimary = await Bounded.UntilAsync(
            async () => await set.PrimaryNamedBySentinelsAsync() is { } named && named != oldPrimary.Host ? named : null,
            Failover,
            "the remaining Sentinels to name a new primary");
        var promoted = clock.Elapsed;
        var before = load.Acknowledged.Count;
        await load.WaitForAcknowledgedAsync(before + 50, "50 more quotes acknowledged after the promotion", Failover);
        await load.StopAsync();

        using var reader = await set.FrontendClientAsync();
        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(reader);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"primary pod killed: {newPrimary} promoted {promoted.TotalSeconds:F1} s later; longest time without an acknowledged post {load.LongestSilence().TotalSeconds:F1} s; {report}"));
        // How the Sentinels saw it, step by step, as an operator would read it in `kubectl logs -c sentinel`.
        foreach (var survivor in set.Peers.Values)
        {
            var sentinelLog = await survivor.Sentinel.LogsAsync();
            Report($"{survivor.Host}'s Sentinel:\n" + string.Join('\n', sentinelLog.Split('\n').Where(line => SentinelEvents.Any(line.Contains))));
        }

        var restarted = await set.StartPeerAsync(oldPrimary.Ordinal);
        await PublishedReplicatedStoreFixture.WaitUntilReplicaOfAsync(restarted, newPrimary, Failover);
        Report(string.Create(CultureInfo.InvariantCulture, $"{restarted.Host} back as a replica of {newPrimary} {clock.Elapsed.TotalSeconds:F1} s after the kill"));
    }

    [Fact]
    public async Task KillingAReplicaPodUnderLoadFailsNoPostAndItComesBackAsAReplica()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        var replica = set.ReplicasOf(primary).First();
        await using var load = PostingLoad.Start(client, $"replica lost {Guid.NewGuid():N}", workers: 4);
        await load.WaitForAcknowledgedAsync(20, "20 quotes acknowledged before a replica pod is killed", Bounded.ResourceHealthy);

        await set.KillPeerAsync(replica.Ordinal);
        var before = load.Acknowledged.Count;
        // The other replica confirms every write (WAIT 1), so nothing changes for the clients but the published rate limit.
        await load.WaitForAcknowledgedAsync(before + 50, "50 more quotes acknowledged with one replica pod gone", Failover);
        await load.StopAsync();

        var blamed = load.FailuresOtherThanRateLimitedOrStoreUnreachable;
        Assert.True(blamed == "none", $"Posts failed with one replica pod gone: {blamed}");
        using var reader = await set.FrontendClientAsync();
        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(reader);
        var restarted = await set.StartPeerAsync(replica.Ordinal);
        await Bounded.UntilAsync(
            async () => (await PublishedReplicatedStoreFixture.ReplicationInfoAsync(restarted)).Contains("master_link_status:up", StringComparison.Ordinal),
            Failover,
            $"{restarted.Host} to rejoin as a replica of {primary}");
        Report(string.Create(CultureInfo.InvariantCulture,
            $"replica pod killed under load: {report}; failed other than by the rate limit: {load.FailuresOtherThanRateLimited}; longest time without an acknowledged post {load.LongestSilence().TotalMilliseconds:F0} ms"));
    }

    [Fact]
    public async Task WithBothReplicaPodsFrozenAPostGets503WithRetryAfterWhileReadsGoOnAndItsRetryIsStoredOnce()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        var replicas = set.ReplicasOf(primary).ToList();
        var quote = $"while the replicas are away {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString("N");

        foreach (var replica in replicas)
        {
            await set.PausePeerAsync(replica.Ordinal);
        }

        try
        {
            using var refused = await client.PostFormOnceAsync(quote, key);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var detail = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("Idempotency-Key", detail, StringComparison.Ordinal);
            // Reads need no replica.
            var reads = 0;
            for (; reads < 20; reads++)
            {
                await client.GetQuotesAfterOutageAsync();
            }

            Report($"both replica pods frozen: the post got 503 (Retry-After {refused.Headers.RetryAfter}), {reads} pages read beside it: {detail}");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await set.ResumePeerAsync(replica.Ordinal);
            }
        }

        // Retried with its key once the replicas are back, the quote is stored exactly once, whatever the 503 left behind.
        await Bounded.UntilAsync(
            async () =>
            {
                using var retried = await client.PostFormOnceAsync(quote, key);
                return retried.IsSuccessStatusCode;
            },
            Failover,
            "the retried post to be accepted once the replica pods run again");
        Assert.Single(await client.GetQuotesAfterOutageAsync(), listed => listed == quote);
    }

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
            await Bounded.UntilAsync(() => HoldsAsync(replica, quote), Bounded.ResourceHealthy, $"{replica.Host} to hold the restored quote");
        }

        Report($"restore job: {logs.Split('\n').Last(line => line.StartsWith("Restored", StringComparison.Ordinal))}");
    }

    private static async Task<bool> HoldsAsync(PublishedReplicatedStoreFixture.Peer peer, string quote) =>
        (await PublishedReplicatedStoreFixture.AskAsync(peer.Data, 6379, "lrange", QuoteRepository.QuotesKey, "-50", "-1")).Output.Split('\n').Contains(quote);
}
