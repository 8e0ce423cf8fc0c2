using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using k8s.Models;
using QuoteAspire.ApiService.Store;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The store's StatefulSet and the frontend's Deployment, as published, run under Podman exactly as their specs
/// say (see <see cref="PublishedWorkloadsFixture"/>): the init container, every probe, the article's curls, the
/// store's maxmemory, and the store's probes while it is still loading a large append-only file.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class PublishedWorkloadTests(PublishedWorkloadsFixture workloads) : IClassFixture<PublishedWorkloadsFixture>
{
    private static void Report(string figures) => TestContext.Current.TestOutputHelper?.WriteLine(figures);

    [Fact]
    public void TheInitContainerWaitsWhileTheStoreIsDownAndExitsZeroOnceItAnswers()
    {
        workloads.SkipWhenUnavailable();

        Assert.True(workloads.WhileStoreWasDown.Running, $"The init container was still waiting {PublishedWorkloadsFixture.WaitWatchedWhileStoreIsDown.TotalSeconds} s in, with no store.");
        Assert.Contains("waiting for quote-store:6379", workloads.WhileStoreWasDown.Logs, StringComparison.Ordinal);
        Assert.Equal(0, workloads.OnceStoreAnswered.ExitCode);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"init container: waiting after {PublishedWorkloadsFixture.WaitWatchedWhileStoreIsDown.TotalSeconds:F0} s without the store; exit 0 {workloads.OnceStoreAnswered.After.TotalSeconds:F1} s after the store started; " +
            $"store startup probe passed after {workloads.StoreStartup.TotalSeconds:F1} s, frontend's after {workloads.FrontendStartup.TotalSeconds:F1} s"));
    }

    [Fact]
    public async Task EveryProbeInTheManifestsSucceedsAgainstTheRunningContainers()
    {
        workloads.SkipWhenUnavailable();
        var probed = 0;

        foreach (var container in workloads.Running)
        {
            foreach (var (kind, probe) in new[] { ("startup", container.Spec.StartupProbe), ("readiness", container.Spec.ReadinessProbe), ("liveness", container.Spec.LivenessProbe) })
            {
                if (probe is null)
                {
                    continue;
                }

                var (succeeded, seen) = await container.ProbeAsync(probe);
                Report($"{container.Spec.Name} {kind} probe: {(succeeded ? "passed" : "FAILED")} ({seen})");
                Assert.True(succeeded, $"The {kind} probe of {container.Spec.Name} failed: {seen}");
                probed++;
            }
        }

        Assert.Equal(6, probed);
    }

    [Fact]
    public async Task TheArticlesCurlCommandsWorkAgainstTheFrontendContainer()
    {
        workloads.SkipWhenUnavailable();
        var frontend = workloads.FrontendContainer!;
        var port = await frontend.HostPortAsync(Assert.Single(frontend.Spec.Ports).ContainerPort);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Bounded.HttpRequest };

        foreach (var quote in QuoteSamples.ArticleQuotes)
        {
            using var posted = await client.PostFormAsync(quote);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        Assert.Equal(QuoteSamples.ArticleQuotes, await client.GetQuotesAsync());
    }

    [Fact]
    public async Task NeitherContainerHoldsTheStorePasswordOnItsCommandLine()
    {
        workloads.SkipWhenUnavailable();
        ProcessTree.SkipUnlessProcFileSystem();

        foreach (var container in workloads.Running)
        {
            var shown = await Podman.RunAsync("inspect", "--format", "{{json .Path}} {{json .Args}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}", container.Name);
            Assert.DoesNotContain(workloads.StorePassword, shown, StringComparison.Ordinal);
            var processes = await container.ProcessesAsync();
            Assert.NotEmpty(processes);
            Assert.All(processes, pid => Assert.DoesNotContain(workloads.StorePassword, ProcessTree.CommandLine(pid), StringComparison.Ordinal));
        }

        // The frontend gets its own user's password, as the Deployment says: in its environment, from its Secret; never the
        // administrator's.
        var environment = await Podman.RunAsync("exec", workloads.FrontendContainer!.Name, "printenv", "ConnectionStrings__quote-store");
        Assert.Equal($"quote-store:6379,user=quote-frontend,password={DefaultManifests.FrontendStorePassword}", environment);
        Assert.DoesNotContain(workloads.StorePassword, await Podman.RunAsync("exec", workloads.FrontendContainer!.Name, "printenv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheContainersRunAsTheirUsersOnAReadOnlyRootWithWritableMountsOnly()
    {
        workloads.SkipWhenUnavailable();

        foreach (var (container, pod, writable) in new[]
        {
            (workloads.StoreContainer!, workloads.StoreSet.Spec.Template.Spec, "/data"),
            (workloads.FrontendContainer!, workloads.FrontendDeployment.Spec.Template.Spec, "/tmp"),
        })
        {
            var identity = await Podman.RunAsync("exec", container.Name, "id", "-u");
            var rootWrite = await Podman.TryAsync("exec", container.Name, "touch", "/written-to-root");
            var mountWrite = await Podman.TryAsync("exec", container.Name, "touch", $"{writable}/written-to-mount");

            Assert.Equal(pod.SecurityContext.RunAsUser?.ToString(CultureInfo.InvariantCulture), identity);
            Assert.NotEqual(0, rootWrite.ExitCode);
            Assert.True(mountWrite.ExitCode == 0, $"{container.Spec.Name} cannot write {writable}: {mountWrite.Output}");
        }
    }

    [Fact]
    public async Task TheStoreKeepsToThePublishedMaxMemoryAndRefusesWritesOnceFull()
    {
        workloads.SkipWhenUnavailable();

        // The fixture's store, published with the default QuoteStore:MaxMemory.
        Assert.Equal($"maxmemory\n{QuoteStoreOptions.Bytes(QuoteStoreOptions.DefaultMaxMemory)}", await AskAsync(workloads.StoreContainer!, "CONFIG", "GET", "maxmemory"));
        Assert.Equal("maxmemory-policy\nnoeviction", await AskAsync(workloads.StoreContainer!, "CONFIG", "GET", "maxmemory-policy"));

        // A store published with a small one fills up in a few writes of 256 KB.
        const string Small = "2mb";
        using var folder = new TemporaryFolder("quoteaspire-small-store-");
        var set = await workloads.PublishStoreAsync(folder.Path, $"{QuoteStoreOptions.MaxMemoryKey}={Small}");
        var store = await workloads.StartStoreAsync("small", set, folder.Path);
        try
        {
            await store.WaitUntilProbeSucceedsAsync(store.Spec.ReadinessProbe, "readiness probe");
            Assert.Equal($"maxmemory\n{QuoteStoreOptions.Bytes(Small)}", await AskAsync(store, "CONFIG", "GET", "maxmemory"));

            var accepted = 0;
            var reply = string.Empty;
            while (accepted < 16 && !reply.StartsWith("OOM", StringComparison.Ordinal))
            {
                var (exitCode, output) = await workloads.AsStoreClientAsync(
                    store, "sh", "-c", $"head -c 262144 /dev/zero | tr '\\0' q | redis-cli -x RPUSH {QuoteRepository.QuotesKey}");
                Assert.True(exitCode == 0, $"Writing to {store.Name} failed: {output}");
                reply = output;
                accepted += reply.StartsWith("OOM", StringComparison.Ordinal) ? 0 : 1;
            }

            Assert.StartsWith("OOM command not allowed when used memory > 'maxmemory'", reply, StringComparison.Ordinal);
            Assert.Equal(accepted.ToString(CultureInfo.InvariantCulture), await AskAsync(store, "LLEN", QuoteRepository.QuotesKey));
            Report($"published maxmemory {QuoteStoreOptions.DefaultMaxMemory}, noeviction: in effect; a store published with {Small} took {accepted} writes of 256 KB, then answered: {reply}");
        }
        finally
        {
            await store.RemoveAsync();
        }
    }

    [Fact]
    public async Task WhileTheStoreLoadsALargeAppendOnlyFileItsStartupAndLivenessProbesPassAndItsReadinessProbeFails()
    {
        workloads.SkipWhenUnavailable();

        using var folder = new TemporaryFolder("quoteaspire-loading-store-");
        AppendOnlyFile.History? history = null;
        var written = TimeSpan.Zero;
        var store = await workloads.StartStoreAsync("loading", workloads.StoreSet, folder.Path, async claim =>
        {
            var writing = Stopwatch.StartNew();
            // About 900 MB, which Redis replays in about 8 s at the pod's CPU limit: long enough that the probes still run
            // against a loading store when the machine is busy enough that podman exec takes seconds to see it loading.
            history = await AppendOnlyFile.WriteQuoteHistoryAsync(claim, rounds: 80, postsPerRound: 100_000, kept: 1_000);
            written = writing.Elapsed;
        });
        try
        {
            var spec = store.Spec;
            var seenLoading = await WaitUntilLoadingAsync(store);
            var clock = Stopwatch.StartNew();
            var probing = Task.WhenAll(TimedProbeAsync(store, spec.LivenessProbe), TimedProbeAsync(store, spec.ReadinessProbe), TimedProbeAsync(store, spec.StartupProbe));
            var ping = await AskAsync(store, "PING");
            var probes = await probing;
            var stillLoading = await IsLoadingAsync(store);
            var window = clock.Elapsed;
            var (liveness, readiness, startup) = (probes[0], probes[1], probes[2]);

            // Otherwise the probes may have run against a store that had finished loading.
            Assert.True(stillLoading, $"{store.Name} had finished loading {window.TotalSeconds:F1} s after it was seen loading ({seenLoading.TotalSeconds:F1} s after its start), before the probes were done: write a longer history.");
            Assert.StartsWith("LOADING", ping, StringComparison.Ordinal);
            Assert.True(liveness.Succeeded, $"The liveness probe failed against a store loading its data, so the kubelet would restart it: {liveness.Seen}");
            Assert.False(readiness.Succeeded, "The readiness probe passed while the store was still loading its data.");
            Assert.True(startup.Succeeded, $"The startup probe failed against a store loading its data, so a file that takes longer than its budget would have the store restarted forever: {startup.Seen}");

            // The readiness probe's own budget counts from the end of the load, not from whenever the load began: on a
            // busy machine the load alone outlasts the budget (35 s against 8 s, seen), and the kubelet restarts nothing
            // for readiness, so the load's own length is no failure.
            var loadedAfter = await Bounded.UntilAsync(async () => !await IsLoadingAsync(store), Bounded.AppStart, $"{store.Name} to finish loading its append-only file");
            var ready = await store.WaitUntilProbeSucceedsAsync(spec.ReadinessProbe, "readiness probe, once the data is loaded");
            Assert.Equal(history!.Kept.ToString(CultureInfo.InvariantCulture), await AskAsync(store, "LLEN", QuoteRepository.QuotesKey));
            var loaded = Regex.Match(await store.LogsAsync(), @"DB loaded from append only file: (?<seconds>[0-9.]+) seconds");
            Report(string.Create(CultureInfo.InvariantCulture,
                $"append-only file: {history.Bytes / 1e6:F0} MB, {history.Commands:N0} commands, written in {written.TotalSeconds:F1} s; Redis loaded it in {(loaded.Success ? loaded.Groups["seconds"].Value : "?")} s " +
                $"(CPU limit {spec.Resources?.Limits?["cpu"]}); loading:1 {seenLoading.TotalSeconds:F1} s after the start, and still {window.TotalSeconds:F1} s later, after the probes; " +
                $"PING answered '{ping}'; liveness passed in {liveness.Took.TotalSeconds:F1} s, startup passed in {startup.Took.TotalSeconds:F1} s, readiness failed ({readiness.Seen}); " +
                $"the load ended {loadedAfter.TotalSeconds:F1} s after that, and the readiness probe passed {ready.TotalSeconds:F1} s after the load, {history.Kept} quotes kept"));
        }
        finally
        {
            await store.RemoveAsync();
        }
    }

    private async Task<string> AskAsync(SpecContainer store, params string[] command)
    {
        var (exitCode, output) = await workloads.AsStoreClientAsync(store, ["redis-cli", .. command]);
        Assert.True(exitCode == 0, $"redis-cli {string.Join(' ', command)} in {store.Name} exited with {exitCode}: {output}");
        return output;
    }

    // False too while Redis does not accept connections yet.
    private async Task<bool> IsLoadingAsync(SpecContainer store) =>
        (await workloads.AsStoreClientAsync(store, "redis-cli", "INFO", "persistence")).Output.Split('\n').Any(line => line.Trim() == "loading:1");

    private async Task<TimeSpan> WaitUntilLoadingAsync(SpecContainer store)
    {
        try
        {
            return await Bounded.UntilAsync(() => IsLoadingAsync(store), TimeSpan.FromSeconds(20), $"{store.Name} to report loading:1 in INFO persistence");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{await store.LogsAsync()}", exception);
        }
    }

    // The time includes podman exec's own, which the kubelet does not pay: it is reported, not held to timeoutSeconds.
    private static async Task<(bool Succeeded, string Seen, TimeSpan Took)> TimedProbeAsync(SpecContainer store, V1Probe probe)
    {
        var clock = Stopwatch.StartNew();
        var (succeeded, seen) = await store.ProbeAsync(probe);
        return (succeeded, seen, clock.Elapsed);
    }
}
