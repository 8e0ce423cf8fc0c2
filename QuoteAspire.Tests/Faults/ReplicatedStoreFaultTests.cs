using System.Net;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// Nodes of the replicated store die, pause or are cut off under the running frontend, on the real processes (programs,
/// or containers whose first process is the server): the
/// Sentinels fail the primary over, no acknowledged quote is lost, and writes that cannot be made safe get 503.
/// Each test leaves the set whole again (three nodes, a primary with two replicas) for the next.
/// </summary>
public abstract class ReplicatedStoreFaultTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    private const int Clients = 8;

    // A page takes a few milliseconds; the post waits 500 ms for replicas that do not answer. Reads stuck behind its WAIT
    // would manage one or two (those sent before the WAIT), reads beside it dozens.
    private const int ReadsWhileAWriteWaits = 10;

    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    private ReplicatedSet Set => new(fixture.App);

    // When the primary was killed, to place the quotes a failover lost among the acknowledgements.
    private long _killedAt;

    // What the test saw happen, and when (Stopwatch timestamps), for the failover's timeline.
    private readonly List<(string Name, long At)> _events = [];

    private void Saw(string what) => _events.Add((what, System.Diagnostics.Stopwatch.GetTimestamp()));

    private async Task<string> ExplainLossAsync(PostingLoad load) =>
        $"the primary was killed {load.SinceStart(_killedAt).TotalSeconds:F3} s after the clients started; {await Set.ReplicationEventsAsync()}";

    [Fact]
    public async Task TheDashboardNamesThePrimaryAndEachNodeShowsTheRoleItReportsItself()
    {
        fixture.SkipUnlessGraph();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to have a primary with every other node a replica in sync");
        var primary = set.Primary;

        foreach (var node in set.Resource.Nodes.Select(node => node.Name))
        {
            var expected = node == primary ? RedisReplicatedSetResource.PrimaryRole : RedisReplicatedSetResource.ReplicaRole;
            await set.WaitForRoleAsync(node, expected);
            var (role, primaryAddress) = await set.AskRoleAsync(node);
            Report($"{node}: shown as {set.RoleShownFor(node)}, reports {role}{(primaryAddress is { } address ? $" of {address}" : "")}");
            Assert.Equal(node == primary ? "master" : "slave", role);
            Assert.Equal(node == primary ? null : await set.AddressOfAsync(primary), primaryAddress);
        }
    }

    /// <summary>
    /// SIGKILLs the primary once the load has had 200 quotes acknowledged, waits for the Sentinels to promote a replica
    /// and for 200 more acknowledgements, starts the old primary again and checks it rejoins as a replica of the new one.
    /// </summary>
    private async Task<string> KillThePrimaryUnderLoadAsync(PostingLoad load)
    {
        _killedAt = 0;
        _events.Clear();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before the kill");
        var primary = set.Primary;
        await load.WaitForAcknowledgedAsync(200, "200 quotes to be acknowledged before the kill");

        var killed = await fixture.App.KillAsync(primary, kill =>
        {
            kill();
            _killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _events.Add(("primary killed", _killedAt));
            return Task.CompletedTask;
        });
        string promoted;
        try
        {
            promoted = await set.WaitForPrimaryOtherThanAsync(primary);
            Saw("dashboard names a new primary");
            var acknowledgedBeforeFailover = load.Acknowledged.Count;
            await load.WaitForAcknowledgedAsync(acknowledgedBeforeFailover + 200, $"200 more quotes to be acknowledged once {promoted} was promoted");
            await load.StopAsync();
            Saw("clients stopped");
        }
        catch
        {
            // The set's next tests start from a whole set: the killed node comes back whatever became of this one.
            await fixture.App.StartAgainAsync(killed);
            throw;
        }

        await fixture.App.StartAgainAsync(killed);
        await set.WaitForRoleAsync(primary, RedisReplicatedSetResource.ReplicaRole);
        // Of the primary now: on a busy machine the Sentinels may have failed over once more since the promotion.
        var (role, primaryAddress, current) = ("", (string?)null, "");
        await Bounded.UntilAsync(
            async () =>
            {
                current = set.Primary;
                (role, primaryAddress) = await set.AskRoleAsync(primary);
                return role == "slave" && primaryAddress == await set.AddressOfAsync(current);
            },
            ReplicatedSet.Failover,
            $"{primary}, started again, to report itself a replica of the primary the dashboard names");
        await set.WaitUntilWholeAsync("the set to be whole again");
        var since = current == promoted ? "" : $" (the primary since a second failover)";
        return $"{primary} killed, {promoted} promoted; writes stopped for {load.LongestSilence().TotalSeconds:F1} s at most; {primary} rejoined as a replica of {current}{since}";
    }

    [Fact]
    public async Task KillingThePrimaryUnderLoadLosesNoAcknowledgedQuoteAndTheOldPrimaryRejoinsAsAReplica()
    {
        using var client = fixture.CreateGraphClient();
        await using var load = PostingLoad.Start(client, $"Failed over {Guid.NewGuid():N}", Clients);

        var failover = await KillThePrimaryUnderLoadAsync(load);

        // No window is left open: a quote was acknowledged only once a replica held it.
        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(client, explainLoss: () => ExplainLossAsync(load));
        Report($"SIGKILL of the primary under {Clients} posting clients: {failover}; {report}");
        // What the clients saw, for the failover timeline of docs/high-availability.md (tools/refresh-failover-timeline.sh).
        var timeline = Path.Combine(Repository.Root, "QuoteAspire.Tests", "TestResults", "figures", $"failover-{GetType().Name}.tsv");
        await load.WriteTimelineAsync(timeline, _killedAt, _events);
        Report($"Timeline: {Path.GetRelativePath(Repository.Root, timeline)}");
    }

    [Fact]
    public async Task ClientsRetryingWithIdempotencyKeysThroughAFailoverEndWithOneCopyOfEachQuote()
    {
        using var client = fixture.CreateGraphClient();
        await using var load = PostingLoad.Start(client, $"Retried through a failover {Guid.NewGuid():N}", Clients, retryWithIdempotencyKey: true);

        var failover = await KillThePrimaryUnderLoadAsync(load);

        var report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(client, explainLoss: () => ExplainLossAsync(load));
        Report($"SIGKILL of the primary under {Clients} clients retrying with Idempotency-Key: {failover}; {report}");
        Assert.True(load.Failed > 0, "The failover was meant to fail some requests, so that their retries were tested.");
    }

    [Fact]
    public async Task KillingAReplicaUnderLoadLeavesTheServiceTakingQuotes()
    {
        using var client = fixture.CreateGraphClient();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before the kill");
        await set.WaitUntilSettledAsync("before a replica is killed");
        var replica = set.Replicas[0];
        await using var load = PostingLoad.Start(client, $"Replica killed {Guid.NewGuid():N}", Clients);
        await load.WaitForAcknowledgedAsync(200, "200 quotes to be acknowledged before the kill");

        var killedAt = 0L;
        var killed = await fixture.App.KillAsync(replica, kill =>
        {
            kill();
            killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        });
        string timeline, report;
        try
        {
            var acknowledgedBeforeKill = load.Acknowledged.Count;
            await load.WaitForAcknowledgedAsync(acknowledgedBeforeKill + 200, $"200 more quotes to be acknowledged with {replica} dead");
            await load.StopAsync();
            // The other replica confirms every write: the loss fails no post, not even by holding one up past the store's
            // command timeout (the Sentinel client once took every thread of the frontend's pool for 1 to 2 s here).
            var blamed = load.FailuresOtherThanRateLimited;
            timeline = $"failures, in seconds from the kill: {load.FailureTimes(killedAt)}; longest silences: {string.Join(", ", load.LongestSilences(3, killedAt).Select(silence => $"{silence.Length.TotalMilliseconds:F0} ms from {PostingLoad.WithSign(silence.Began)} s"))}";
            if (blamed != "none")
            {
                Assert.Fail(await set.ExplainAsync($"Posts failed with {replica} dead: {blamed}; {timeline}"));
            }
            report = await load.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(client);
        }
        catch
        {
            // The set's next tests start from a whole set: the killed replica comes back whatever became of this test.
            await fixture.App.StartAgainAsync(killed);
            throw;
        }

        await fixture.App.StartAgainAsync(killed);
        await set.WaitForRoleAsync(replica, RedisReplicatedSetResource.ReplicaRole);
        await set.WaitUntilWholeAsync("the set to be whole again");
        Report($"SIGKILL of replica {replica} under {Clients} posting clients: longest wait for an acknowledgement {load.LongestSilence().TotalMilliseconds:F0} ms; failed other than by the rate limit: {load.FailuresOtherThanRateLimited}; {timeline}; {report}");
    }

    [Fact]
    public async Task WithEveryReplicaCutOffPostsGet503AndReadsKeepWorking()
    {
        using var client = fixture.CreateGraphClient();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before the replicas are cut off");
        var kept = $"Stored before the replicas were cut off {Guid.NewGuid():N}";
        var keptKey = Guid.NewGuid().ToString("N");
        // A replica busy with a resync, or a machine busy with the rest of the suite, may miss the 500 ms WAIT once: the
        // quote this test keeps is posted with a key until it is acknowledged, so it is stored once either way.
        await Bounded.UntilAsync(
            async () =>
            {
                using var before = await client.PostFormOnceAsync(kept, keptKey);
                return before.StatusCode == HttpStatusCode.Created;
            },
            Bounded.RecoveryAfterOutage,
            "the quote kept through the cut to be acknowledged");

        var primaryAtTheWrite = set.Primary;
        var replicas = set.Replicas;
        Assert.Equal(2, replicas.Count);
        // Both at once: a container's stop is seen by Aspire seconds after it ends, and a stop waits for that.
        await Task.WhenAll(replicas.Select(replica => fixture.App.StopAsync(replica)));

        try
        {
            // The primary counts its replicas as they drop their connections; the first post may still find one. A store
            // call that missed its second on a busy machine also answers 503 ("could not be reached", seen once in CI):
            // that is not yet the primary's refusal either.
            HttpResponseMessage? refused = null;
            await Bounded.UntilAsync(
                async () =>
                {
                    refused?.Dispose();
                    refused = await client.PostFormAsync($"Refused without replicas {Guid.NewGuid():N}");
                    return refused.StatusCode == HttpStatusCode.ServiceUnavailable
                        && !await StoreUnreachable.IsAsync(refused);
                },
                Bounded.RecoveryAfterOutage,
                "the primary to refuse writes once its replicas were gone");
            using (refused)
            {
                Assert.NotNull(refused!.Headers.RetryAfter);
                var problem = await refused.ReadProblemAsync();
                Report($"POST with every replica cut off: {(int)refused.StatusCode} {problem.GetProperty("detail").GetString()}");
                Assert.Contains("no replica in sync", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            // Which node took the write, which is left, and what the set logged, for a loss to explain itself.
            if (!(await client.GetQuotesAfterOutageAsync()).Contains(kept))
            {
                Assert.Fail(await set.ExplainAsync($"The quote acknowledged before the cut is gone: {primaryAtTheWrite} was the primary at its acknowledgement, {replicas[0]} and {replicas[1]} were stopped, the dashboard now names {set.Primary}"));
            }

            using var page = await client.GetAsync("/quotes?limit=5", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            await Task.WhenAll(replicas.Select(replica => fixture.App.StartAgainAsync(replica)));
        }

        await set.WaitUntilWholeAsync("the set to be whole again once its replicas were back");
        await AssertAPostSentNowIsTakenAsync(client, "once the set was shown whole again after its replicas were stopped and started");
    }

    /// <summary>
    /// The dashboard shows the set as its primary counts replicas, not as the Sentinels last heard of them (up to ten
    /// seconds ago; they put a cut replica back under the primary only at an ask after the one that saw the cut): with
    /// both replicas cut from the primary, the set turns unwritable and its replicas not in sync within
    /// <see cref="ReplicatedSet.PrimaryCountShown"/> (the AppHost asks twice a second), and once they follow the primary
    /// again a post sent on the dashboard's word is taken. A set shown healthy while its primary refused writes sent a
    /// test's posts to 503s (CI, 2026-12-07).
    /// </summary>
    [Fact]
    public async Task TheSetIsShownUnwritableAsSoonAsItsPrimaryCountsNoReplicaAndWritableOnlyOnceItDoes()
    {
        using var client = fixture.CreateGraphClient();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before its replicas lose their primary");
        var replicas = set.Replicas;
        Assert.Equal(2, replicas.Count);

        var cut = new List<IAsyncDisposable>();
        try
        {
            foreach (var replica in replicas)
            {
                cut.Add(await set.CutFromItsPrimaryAsync(replica));
            }

            await set.WaitUntilShownUnwritableAsync(
                $"the set's health to show, within {ReplicatedSet.PrimaryCountShown.TotalSeconds:F0} s, that its primary counts no replica once {string.Join(" and ", replicas)} were cut from it");
            Assert.All(replicas, replica => Assert.NotEqual(RedisReplicatedSetResource.ReplicaRole, set.RoleShownFor(replica)));
            Report($"Replicas cut from the primary: shown as {string.Join("; ", replicas.Select(replica => $"{replica} {set.RoleShownFor(replica)}"))}");

            using var refused = await client.PostFormAsync($"Refused while the set is shown unwritable {Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("no replica in sync", (await refused.ReadProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var reconnect in cut)
            {
                await reconnect.DisposeAsync();
            }
        }

        await set.WaitUntilWholeAsync("the set to be whole again once its replicas follow the primary");
        await AssertAPostSentNowIsTakenAsync(client, "once the set was shown whole again after its replicas were cut from the primary");
    }

    /// <summary>
    /// A set shown whole has a primary that counts its replicas: the first post is not refused for want of one. A replica
    /// that has just resynced may still be busy with its disk and confirm the write late (503 "did not confirm", which
    /// says to send it again with the same key): that answer, and only that one, gets the retry it asks for.
    /// </summary>
    private async Task AssertAPostSentNowIsTakenAsync(HttpClient client, string when)
    {
        var (quote, key) = ($"Taken {when} {Guid.NewGuid():N}", Guid.NewGuid().ToString("N"));
        var answers = new List<string>();
        for (var sent = 1; sent <= 2; sent++)
        {
            using var response = await client.PostFormOnceAsync(quote, key);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            answers.Add($"{(int)response.StatusCode} {body}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Report($"The first post {when}: {string.Join("; then ", answers)}");
                return;
            }

            if (!body.Contains(NotConfirmedInTime, StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Fail(await Set.ExplainAsync($"The first post {when} was not taken: {string.Join("; then ", answers)}; the set showed {string.Join("; ", Set.Resource.Nodes.Select(node => $"{node.Name} {Set.RoleShownFor(node.Name)}"))}"));
    }

    private const string NotConfirmedInTime = "replicas did not confirm the write";

    [Fact]
    public async Task AReadWhileTheSetHasNoPrimaryGets503RatherThanAReplicasCopy()
    {
        using var client = fixture.CreateGraphClient();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before its primary dies");
        var primary = set.Primary;

        // Sentinels held off promote no one: the set is left with replicas only, each holding a copy that may lack the
        // newest acknowledged quotes, for as long as this test needs.
        string killed;
        var answers = new List<string>();
        await using (await set.HoldOffFailoversAsync())
        {
            killed = await fixture.App.KillAsync(primary);
            foreach (var path in Enumerable.Repeat(ReadPaths, ReadsWithoutAPrimary).SelectMany(paths => paths))
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken).WaitAsync(Bounded.HttpRequest, $"GET {path} with no primary");
                answers.Add($"GET {path}: {(int)response.StatusCode}{(await StoreUnreachable.IsAsync(response) ? " store unreachable" : "")}");
            }
        }

        Report($"Reads with {primary} dead and no replica promoted: {string.Join("; ", answers.CountBy(answer => answer).Select(pair => $"{pair.Value} x {pair.Key}"))}");
        Assert.All(answers, answer => Assert.EndsWith(": 503 store unreachable", answer, StringComparison.Ordinal));

        var promoted = await set.WaitForPrimaryOtherThanAsync(primary);
        // Started again as soon as a replica is promoted, before the Sentinels end the failover and name it: the old
        // primary, with older data, comes back as a replica of the promoted one, never as a second primary.
        await fixture.App.StartAgainAsync(killed);
        var (roleOnStart, _) = await set.AskRoleAsync(primary);
        Assert.Equal("slave", roleOnStart);
        await set.WaitForRoleAsync(primary, RedisReplicatedSetResource.ReplicaRole);
        await set.WaitUntilWholeAsync("the set to be whole again");
        var (answer, _) = await StoreUnreachable.ResendWhileAsync(() => client.GetAsync("/quotes?limit=5", TestContext.Current.CancellationToken), "a read once the set was whole again");
        using var listed = answer;
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Report($"{promoted} promoted once the Sentinels were let fail over; reads answered again");
    }

    // Each read is a store call that fails at once: enough to see that no replica answers any of them.
    private const int ReadsWithoutAPrimary = 10;

    // The whole list, streamed, and a page of it.
    private static readonly string[] ReadPaths = ["/quotes", "/quotes?limit=5"];

    [Fact]
    public async Task APostNoReplicaConfirmsInTimeGets503WhileReadsGoOnAndItsRetryWithTheSameKeyStoresItOnce()
    {
        using var client = fixture.CreateGraphClient();
        var set = Set;
        await set.WaitUntilWholeAsync("the set to be whole before the replicas are paused");
        var replicas = set.Replicas;
        var quote = $"Unconfirmed at first {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString("N");

        // Paused, the replicas stay connected and count as in sync for a while, so the primary takes the write; none confirms it.
        await using (await set.PauseAsync(replicas))
        {
            // Reads go on while the post waits: they do not queue behind its WAIT.
            var posting = client.PostFormOnceAsync(quote, key);
            var readsWhilePosting = 0;
            while (!posting.IsCompleted)
            {
                using var page = await client.GetAsync("/quotes?limit=1", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                readsWhilePosting += posting.IsCompleted ? 0 : 1;
            }

            using var unconfirmed = await posting;
            Report($"Pages read while the post waited for its replicas: {readsWhilePosting}");
            Assert.True(readsWhilePosting >= ReadsWhileAWriteWaits, $"Only {readsWhilePosting} pages were read while the post waited for its replicas: reads queued behind its WAIT.");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unconfirmed.StatusCode);
            Assert.NotNull(unconfirmed.Headers.RetryAfter);
            var detail = (await unconfirmed.ReadProblemAsync()).GetProperty("detail").GetString();
            Report($"POST while no replica answers: {(int)unconfirmed.StatusCode} {detail}");
            Assert.Contains("0 of 1 replicas confirmed the write", detail, StringComparison.Ordinal);
            Assert.Contains("same Idempotency-Key", detail, StringComparison.Ordinal);
        }

        using var retried = await client.PostFormOnceAsync(quote, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Single(await client.GetQuotesAfterOutageAsync(), stored => stored == quote);
    }
}

[Trait(Tier.Name, Tier.Faults)]
[Collection(ReplicatedRedisServerGraph.Name)]
public sealed class ReplicatedStoreFaultsOnRedisServerTests(ReplicatedRedisServerAppFixture fixture)
    : ReplicatedStoreFaultTests<ReplicatedRedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Faults)]
[Collection(ReplicatedContainerGraph.Name)]
public sealed class ReplicatedStoreFaultsInContainersTests(ReplicatedContainerAppFixture fixture)
    : ReplicatedStoreFaultTests<ReplicatedContainerAppFixture>(fixture);
