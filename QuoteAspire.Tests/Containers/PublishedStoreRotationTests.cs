using System.Diagnostics;
using System.Globalization;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// A password rotation on the published replicated store, run under Podman as a kubelet would (see
/// <see cref="PublishedReplicatedStoreFixture"/>), with clients posting throughout. It times no outage (what it asserts
/// is that nothing is refused for a password and nothing lost), and most of its time is the rollouts' own waits: so it
/// runs in the parallel part, on a set of pods of its own.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[Collection(PublishedStoreRotation.Name)]
public sealed class PublishedStoreRotationTests(PublishedReplicatedStoreFixture set)
{
    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    /// <summary>
    /// The frontend's and the replicas' passwords rotated in the three documented deploys, each applied and rolled out as
    /// the cluster would, with clients posting throughout. Each store roll hands the primary over, as any rolling update
    /// does, and posts in that moment get the designed 503 with Retry-After; clients that retry as told lose nothing, and
    /// nothing is refused for a password.
    /// </summary>
    [Fact]
    public async Task RotatingTheFrontendsAndTheReplicasPasswordsInThreeDeploysUnderLoadFailsNoPost()
    {
        set.SkipWhenUnavailable();
        await set.WaitUntilEveryReplicaIsLinkedAsync();
        const string FrontendPassword = "quote-store-frontend-password", ReplicationPassword = "quote-store-replication-password";
        var run = Guid.NewGuid().ToString("N");
        var (newFrontend, newReplication) = ($"frontend-{run}", $"replication-{run}");
        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        void Done(string step) => steps.Add(string.Create(CultureInfo.InvariantCulture, $"{step} at {clock.Elapsed.TotalSeconds:F1} s"));

        var oldFrontend = set.Frontend!;
        using var oldClient = await set.FrontendClientAsync();
        await using var withOld = PostingLoad.Start(oldClient, $"rotation, old password {run}", workers: 4, retryWithIdempotencyKey: true);
        await withOld.WaitForAcknowledgedAsync(20, "20 quotes acknowledged before the rotation", Bounded.ResourceHealthy);

        // 1. Add: the store accepts the next passwords beside the current ones; its clients go on with the current.
        set.Apply(await set.PublishAsync("add", $"Parameters:{FrontendPassword}-next={newFrontend}", $"Parameters:{ReplicationPassword}-next={newReplication}"));
        await set.RollingRestartAsync();
        await withOld.WaitForAcknowledgedAsync(withOld.Acknowledged.Count + 20, "20 more quotes with the old password, every store pod accepting both", ReplicatedSet.Failover);
        Done("added");

        // 2. Switch: the clients (replicas among them) take the new passwords while every store pod accepts both.
        set.Apply(await set.PublishAsync(
            "switch",
            $"Parameters:{FrontendPassword}={newFrontend}", $"Parameters:{FrontendPassword}-next={DefaultManifests.FrontendStorePassword}",
            $"Parameters:{ReplicationPassword}={newReplication}", $"Parameters:{ReplicationPassword}-next={DefaultManifests.ReplicationPassword}"));
        await set.RollingRestartAsync();
        HttpClient newClient = null!;
        PostingLoad withNew = null!;
        await set.RollFrontendAsync(async () =>
        {
            newClient = await set.FrontendClientAsync();
            withNew = PostingLoad.Start(newClient, $"rotation, new password {run}", workers: 4, retryWithIdempotencyKey: true);
            await withNew.WaitForAcknowledgedAsync(20, "20 quotes acknowledged through the frontend with the new password", Bounded.ResourceHealthy);
            await withOld.StopAsync();
        });
        Done("switched");

        // 3. Remove: the store accepts the new passwords alone.
        set.Apply(await set.PublishAsync("remove", $"Parameters:{FrontendPassword}={newFrontend}", $"Parameters:{ReplicationPassword}={newReplication}"));
        await set.RollingRestartAsync();
        Done("removed");
        await using (withNew)
        {
            await withNew.WaitForAcknowledgedAsync(withNew.Acknowledged.Count + 20, "20 more quotes acknowledged after the old passwords went", ReplicatedSet.Failover);
            // A retrying client finishes the quote it is on: every quote started was acknowledged.
            await withNew.StopAsync();
        }

        var primary = await set.WaitUntilEveryReplicaIsLinkedAsync();
        using (newClient)
        {
            await newClient.GetQuotesAfterOutageAsync();
            var reports = new[] { await withOld.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(newClient), await withNew.VerifyEveryAcknowledgedQuoteIsStoredOnceAsync(newClient) };
            Report(string.Create(CultureInfo.InvariantCulture,
                $"rotation in three deploys under 2 x 4 retrying clients: {string.Join(", ", steps)}; longest time without an acknowledged post {withOld.LongestSilence().TotalSeconds:F2} s (old password), {withNew.LongestSilence().TotalSeconds:F2} s (new); answers other than 201 and 429: {withOld.FailuresOtherThanRateLimited}; {withNew.FailuresOtherThanRateLimited}; {string.Join("; ", reports)}"));
        }

        // What a post got, when not a 201, was a primary's handover (the old primary gone, the new one promoted, its
        // replicas attaching to it), never a password refused: not by a store node to a frontend or a replica.
        // A new primary's replicas attach to it a moment after its promotion, and an old primary may be demoted between a
        // write and its confirmation: either way the post is answered "not confirmed" and retried with its key. A replica
        // refused for its password would give the same answer for good; the logs' checks below tell the two apart.
        string[] handover = ["The quote store is failing over", "The quote store has no replica in sync", "The quote store's replicas did not confirm the write"];
        if (withOld.FailureAnswers.Concat(withNew.FailureAnswers).Any(answer => answer.StartsWith("500", StringComparison.Ordinal)))
        {
            // A 500 is an exception no handler answered: the frontends' own logs name it (seen once in a fresh-clone run).
            // ASP.NET Core logs the exception on the lines after its "unhandled exception" line; the client's logged
            // connection failures, which every handover causes, are other exception lines and are left out.
            var errors = new List<string>();
            foreach (var frontend in new[] { oldFrontend, set.Frontend! })
            {
                var lines = (await frontend.LogsAsync()).Split('\n');
                errors.AddRange(lines
                    .Select((line, index) => (line, index))
                    .Where(entry => entry.line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase))
                    .Take(3)
                    .SelectMany(entry => lines.Skip(entry.index).Take(4)));
            }

            Assert.Fail($"A post got 500; the frontends logged: {string.Join("\n", errors)}");
        }

        Assert.All(withOld.FailureAnswers.Concat(withNew.FailureAnswers), answer => Assert.True(
            answer == "503 store unreachable" || handover.Any(title => answer.Contains(title, StringComparison.Ordinal)), $"A post got {answer}"));
        foreach (var frontend in new[] { oldFrontend, set.Frontend! })
        {
            Assert.DoesNotContain("AuthenticationFailure", await frontend.LogsAsync(), StringComparison.Ordinal);
        }

        foreach (var peer in set.Peers.Values)
        {
            var log = await peer.Data.LogsAsync();
            Assert.DoesNotContain("WRONGPASS", log, StringComparison.Ordinal);
            Assert.DoesNotContain("NOPERM", log, StringComparison.Ordinal);
        }

        // The old passwords are refused now, the new ones taken.
        var primaryPeer = set.PeerNamed(primary);
        Assert.Contains("WRONGPASS", await AskAsAsync(primaryPeer, "quote-frontend", DefaultManifests.FrontendStorePassword), StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", await AskAsAsync(primaryPeer, "replication", DefaultManifests.ReplicationPassword), StringComparison.Ordinal);
        Assert.Equal("PONG", (await AskAsAsync(primaryPeer, "quote-frontend", newFrontend)).Trim());
    }

    private static async Task<string> AskAsAsync(PublishedReplicatedStoreFixture.Peer peer, string user, string password) =>
        (await peer.Data.ExecAsync(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["REDISCLI_AUTH"] = password },
            ["redis-cli", "--no-auth-warning", "--user", user, "-p", "6379", "ping"])).Output;
}
