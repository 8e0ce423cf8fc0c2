using System.Globalization;
using System.Net;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The store's StatefulSet and the frontend's Deployment, as published, run under Podman exactly as their specs
/// say (see <see cref="PublishedWorkloadsFixture"/>): the init container, every probe, the article's curls.
/// </summary>
[Collection(PublishedContainers.Name)]
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

        // The frontend does get it, as the Deployment says: in its environment, from the Secret.
        var environment = await Podman.RunAsync("exec", workloads.FrontendContainer!.Name, "printenv", "ConnectionStrings__quote-store");
        Assert.Equal($"quote-store:6379,password={workloads.StorePassword}", environment);
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
}
