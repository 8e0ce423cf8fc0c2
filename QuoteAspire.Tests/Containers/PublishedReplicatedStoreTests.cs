using System.Diagnostics;
using System.Globalization;
using System.Net;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The replicated store as published, run under Podman pod by pod (see <see cref="PublishedReplicatedStoreFixture"/>),
/// through what times an outage: a lost primary pod is failed over with no acknowledged quote lost and comes back as a
/// replica, a lost replica fails no post, frozen replicas get 503s, and a rolling restart hands the primary over.
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

    private static readonly string[] SentinelEvents =
        ["+sdown", "+odown", "+try-failover", "+elected-leader", "+selected-slave", "+switch-master", "+slave-reconf", "+convert-to-slave", "+fix-slave-config", "tilt", "resolve"];

    // What a data node logs as it follows a new primary: with the Sentinels' view, it shows what held writes after a
    // promotion (a post waits for one replica in sync).
    private static readonly string[] ReplicationEvents = ["REPLICAOF", "MASTER <-> REPLICA", "Connecting to MASTER", "resync", "Synchronization with replica", "Replica "];

    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    [Fact]
    public async Task EachPodsExporterReportsItsNodesRoleAndItsSentinelsViewOnThePortNamedMetrics()
    {
        set.SkipWhenUnavailable();
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var peer in set.Ordinals.Select(ordinal => set.PeerNamed($"{PublishedReplicatedStoreFixture.Store}-{ordinal}.{PublishedReplicatedStoreFixture.Store}-peers")))
        {
            var metricsPort = Assert.Single(peer.Exporter.Spec.Ports, port => port.Name == "metrics").ContainerPort;
            var address = $"http://127.0.0.1:{await peer.Exporter.HostPortAsync(metricsPort)}";
            // With the pod's REDIS_PASSWORD: a wrong or missing one reads redis_up 0.
            var data = await http.GetStringAsync(new Uri($"{address}/metrics"), TestContext.Current.CancellationToken);
            Assert.Contains("redis_up 1", data, StringComparison.Ordinal);
            Assert.Matches(peer.Host == primary ? "redis_instance_info\\{[^}]*role=\"master\"" : "redis_master_link_up(\\{[^}]*\\})? 1", data);
            var sentinel = await http.GetStringAsync(new Uri($"{address}/scrape?target=redis://localhost:26379"), TestContext.Current.CancellationToken);
            Assert.Matches("redis_sentinel_master_status\\{[^}]*master_status=\"ok\"\\} 1", sentinel);
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
        // How the Sentinels and the data nodes saw it, step by step, as an operator would read it in `kubectl logs`.
        foreach (var survivor in set.Peers.Values)
        {
            var sentinelLog = await survivor.Sentinel.LogsAsync();
            Report($"{survivor.Host}'s Sentinel:\n" + string.Join('\n', sentinelLog.Split('\n').Where(line => SentinelEvents.Any(line.Contains))));
            var dataLog = await survivor.Data.LogsAsync();
            Report($"{survivor.Host}'s data node, the last of its replication:\n" + string.Join('\n', dataLog.Split('\n').Where(line => ReplicationEvents.Any(line.Contains)).TakeLast(30)));
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

        var blamed = load.FailuresOtherThanRateLimited;
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
    public async Task ARollingRestartUnderLoadHandsThePrimaryOverBeforeItsPodStopsAndKeepsEveryAcknowledgedQuote()
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        var primaryBefore = await set.WaitUntilEveryReplicaIsLinkedAsync();
        await using var load = PostingLoad.Start(client, $"rolling restart {Guid.NewGuid():N}", workers: 8);
        await load.WaitForAcknowledgedAsync(50, "50 quotes acknowledged before the rolling restart", Bounded.ResourceHealthy);

        var frontendLogBefore = (await set.Frontend!.LogsAsync()).Length;
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        var hooks = await set.RollingRestartAsync();
        var restart = clock.Elapsed;
        var before = load.Acknowledged.Count;
        await load.WaitForAcknowledgedAsync(before + 30, "30 more quotes acknowledged after the rolling restart", ReplicatedSet.Failover);
        await load.StopAsync();

        var primaryAfter = await set.WaitUntilEveryReplicaIsLinkedAsync();
        using var reader = await set.FrontendClientAsync();
        await reader.GetQuotesAfterOutageAsync();
        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(reader);
        var gap = load.LongestSilence();
        hooks = [.. hooks, "longest silences since the restart began: " + string.Join(", ", load.LongestSilences(4, origin).Select(silence =>
            string.Create(CultureInfo.InvariantCulture, $"{silence.Length.TotalSeconds:F2} s at {silence.Began.TotalSeconds:F1} s")))];
        Report(string.Create(CultureInfo.InvariantCulture,
            $"rolling restart (2, 1, 0) under 8 posting clients in {restart.TotalSeconds:F1} s: primary {primaryBefore} before, {primaryAfter} after; longest time without an acknowledged post {gap.TotalSeconds:F2} s; {report}; failed other than by the rate limit: {load.FailuresOtherThanRateLimited}")
            + "\n" + string.Join('\n', hooks));
        // The primary's own preStop saw another node named primary, with a replica in sync, before its pod stopped:
        // a switchover, not a failover after down-after-milliseconds.
        var primaryStop = Assert.Single(hooks, hook => hook.StartsWith($"{primaryBefore.Split('.')[0]}:", StringComparison.Ordinal));
        if (!primaryStop.Contains("handed the primary over", StringComparison.Ordinal))
        {
            Assert.Fail($"The primary's pod stopped without handing the primary over:\n{string.Join('\n', hooks)}\n{await set.DescribeAsync()}");
        }

        // The frontend moved its writes to the new primary as soon as the old one refused them, rather than at the
        // Sentinels' +switch-master, which StackExchange.Redis acted on 5 to 6 s later.
        var frontendLog = (await set.Frontend!.LogsAsync())[frontendLogBefore..];
        Assert.True(
            frontendLog.Contains($"Writes go to {primaryAfter}:6379", StringComparison.Ordinal),
            $"The frontend never said it writes to {primaryAfter}:\n{string.Join('\n', frontendLog.Split('\n').Where(line => line.Contains("store", StringComparison.OrdinalIgnoreCase)).TakeLast(20))}");
    }
}
