using System.Diagnostics;
using System.Globalization;
using System.Net;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The published replicated store through what an operator does to it, run under Podman as a kubelet would (see
/// <see cref="PublishedReplicatedStoreFixture"/>): its first start, and a cold start after a full outage in which one pod
/// had been away or had lost its claim. Each keeps every acknowledged quote. Backups and restores are
/// <see cref="PublishedStoreBackupTests"/>. Nothing here times an outage (the rolling restart, which does, is with the
/// fault tests in <see cref="PublishedReplicatedStoreTests"/>), so these run in the parallel part, on a set of pods of their own.
/// </summary>
/// <remarks>Each test leaves the set whole, whichever pod is primary.</remarks>
[Trait(Tier.Name, Tier.Outer)]
[Collection(PublishedStoreOperations.Name)]
public sealed class PublishedStoreDayTwoTests(PublishedReplicatedStoreFixture set)
{
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
            holding += await PublishedReplicatedStoreFixture.HoldsAsync(replica, quote) ? 1 : 0;
        }

        Assert.True(holding >= 1, "No replica held the quote when the frontend acknowledged it.");
        foreach (var replica in replicas)
        {
            await Bounded.UntilAsync(() => PublishedReplicatedStoreFixture.HoldsAsync(replica, quote), Bounded.HttpRequest, $"{replica.Host} to hold the acknowledged quote");
        }
    }

    [Fact]
    public Task AColdStartAfterTheFirstPodWasAwayKeepsEveryQuoteAcknowledgedWithoutIt() => ColdStartKeepsEveryAcknowledgedQuoteAsync(emptyFirstPodsClaim: false);

    [Fact]
    public Task AColdStartWithTheFirstPodsClaimEmptiedKeepsEveryAcknowledgedQuote() => ColdStartKeepsEveryAcknowledgedQuoteAsync(emptyFirstPodsClaim: true);

    /// <summary>
    /// Quotes acknowledged with every pod up, then with pod 0 stopped; then the rest stopped, pod 0's claim emptied if
    /// asked (a lost node's replacement), and all three started together as the StatefulSet starts them. Pod 0 knows
    /// least, and used to make itself primary, so that the others resynced from it.
    /// </summary>
    private async Task ColdStartKeepsEveryAcknowledgedQuoteAsync(bool emptyFirstPodsClaim)
    {
        set.SkipWhenUnavailable();
        using var client = await set.FrontendClientAsync();
        await set.WaitUntilEveryReplicaIsLinkedAsync();
        var run = Guid.NewGuid().ToString("N");
        await using var withEveryPod = PostingLoad.Start(client, $"cold start, every pod up {run}", workers: 4, retryWithIdempotencyKey: true);
        await withEveryPod.WaitForAcknowledgedAsync(30, "30 quotes acknowledged with every pod up", Bounded.ResourceHealthy);
        await withEveryPod.StopAsync();

        // Pod 0 goes away as a replica, the case that lost quotes: it falls behind while the others take writes. (A
        // primary's planned stop is the rolling restart's test.)
        await set.MakeReplicaAsync(0);
        var stops = new List<string> { $"pod 0: {await set.StopPeerAsync(0)}" };
        string primaryWithoutPod0;
        try
        {
            // A handover, or when it could not be made (pod 0 stops anyway), a failover, which split votes can delay.
            primaryWithoutPod0 = await set.WaitUntilEveryReplicaIsLinkedAsync(startMissingPods: false, ReplicatedSet.Failover);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{string.Join('\n', stops)}\n{await set.DescribeAsync()}", exception);
        }
        await using var withoutPod0 = PostingLoad.Start(client, $"cold start, pod 0 away {run}", workers: 4, retryWithIdempotencyKey: true);
        await withoutPod0.WaitForAcknowledgedAsync(60, "60 quotes acknowledged with pod 0 away", ReplicatedSet.Failover);
        await withoutPod0.StopAsync();

        foreach (var ordinal in set.Peers.Keys.OrderDescending().ToList())
        {
            stops.Add($"pod {ordinal}: {await set.StopPeerAsync(ordinal)}");
        }

        if (emptyFirstPodsClaim)
        {
            var claim = new DirectoryInfo(set.ClaimFolderOf(0));
            Assert.NotEmpty(claim.EnumerateFileSystemInfos());
            foreach (var entry in claim.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo folder) { folder.Delete(recursive: true); } else { entry.Delete(); }
            }
        }

        var clock = Stopwatch.StartNew();
        await set.StartPeersAsync([.. set.Ordinals]);
        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        var whole = clock.Elapsed;

        using var reader = await set.FrontendClientAsync();
        await reader.GetQuotesAfterOutageAsync();
        var keptWithEveryPod = await withEveryPod.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(reader);
        var keptWithoutPod0 = await withoutPod0.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(reader);
        var choices = await Task.WhenAll(set.Peers.Values.Select(async peer => $"{peer.Host}: {FirstLines(await peer.Data.LogsAsync())}"));
        Report(string.Create(CultureInfo.InvariantCulture,
            $"cold start{(emptyFirstPodsClaim ? " with pod 0's claim emptied" : string.Empty)}: primary {primaryWithoutPod0} while pod 0 was away, {primary} after; the set whole {whole.TotalSeconds:F1} s after the start")
            + $"\nwith every pod up: {keptWithEveryPod}\nwith pod 0 away: {keptWithoutPod0}\n{string.Join('\n', stops)}\n{string.Join('\n', choices)}");
    }

    private static string FirstLines(string log) =>
        string.Join(" / ", log.Split('\n').Where(line => line.Contains("primary", StringComparison.Ordinal) && !line.Contains('#', StringComparison.Ordinal)).Take(3));

}
