using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.KubernetesMapping;

#pragma warning disable ASPIREPROBES001 // ProbeType names which probes an exec command serves: the publisher's own API takes it.

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// The hosting library QuoteAspire.Hosting.Kubernetes on models of its own: what each <c>WithKubernetes…</c> verb puts on
/// a resource, and the objects the publisher makes of it, with no app of ours, no process and no files.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubernetesHostingTests
{
    private static IResourceBuilder<ContainerResource> Cache(IDistributedApplicationBuilder builder) =>
        builder.AddContainer("cache", "docker.io/library/redis", "8.6")
            .WithEndpoint(targetPort: 6379, name: "tcp", scheme: "tcp")
            .WithEndpoint(targetPort: 26379, name: "sentinel", scheme: "tcp")
            .WithVolume("cache-data", "/data");

    [Fact]
    public void ExecProbesAddUpOneAnnotationACallWhileSettingsReplaceEachOther()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });

        var cache = Cache(builder)
            .WithKubernetesExecProbe([ProbeType.Readiness], "sh", "-c", "ready")
            .WithKubernetesExecProbe([ProbeType.Startup, ProbeType.Liveness], "sh", "-c", "alive")
            .WithKubernetesSettings(new KubernetesResourceSettings { CpuLimit = "2" })
            .WithKubernetesSettings(new KubernetesResourceSettings { MemoryLimit = "1Gi" })
            .Resource;

        var probes = cache.Annotations.OfType<KubernetesExecProbeAnnotation>().ToList();
        Assert.Equal([[ProbeType.Readiness], [ProbeType.Startup, ProbeType.Liveness]], probes.Select(probe => probe.Types));
        Assert.Equal(["sh", "-c", "alive"], probes[1].Command);
        var settings = Assert.Single(cache.Annotations.OfType<KubernetesSettingsAnnotation>()).Settings;
        Assert.Equal((null, "1Gi"), (settings.CpuLimit, settings.MemoryLimit));
    }

    [Fact]
    public async Task ExecProbesBecomeTheContainersProbesByType()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => Cache(builder)
            .WithKubernetesExecProbe([ProbeType.Readiness], "sh", "-c", "ready")
            .WithKubernetesExecProbe([ProbeType.Startup, ProbeType.Liveness], "sh", "-c", "alive"));

        var container = Assert.Single(objects.Named<V1StatefulSet>("cache").Spec.Template.Spec.Containers);
        Assert.Equal(["sh", "-c", "ready"], container.ReadinessProbe.Exec.Command);
        Assert.Equal(["sh", "-c", "alive"], container.StartupProbe.Exec.Command);
        Assert.Equal(["sh", "-c", "alive"], container.LivenessProbe.Exec.Command);
    }

    [Fact]
    public async Task SettingsSizeThePodAndChooseItsUser()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => Cache(builder)
            .WithKubernetesSettings(new KubernetesResourceSettings { MemoryRequest = "96Mi", MemoryLimit = "96Mi", RunAsUser = 999, StorageSize = "2Gi" }));

        var set = objects.Named<V1StatefulSet>("cache");
        var container = Assert.Single(set.Spec.Template.Spec.Containers);
        Assert.Equal(("96Mi", "96Mi"), (container.Resources.Requests["memory"].ToString(), container.Resources.Limits["memory"].ToString()));
        Assert.Equal(999, set.Spec.Template.Spec.SecurityContext.RunAsUser);
        Assert.Equal("2Gi", Assert.Single(set.Spec.VolumeClaimTemplates).Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public async Task PeersRunAsOneStatefulSetFoundThroughAHeadlessServiceOnDifferentNodesDisruptedOneAtATime()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => Cache(builder)
            .WithKubernetesPeers(new KubernetesPeersAnnotation(3, ["sentinel"]) { MinReadySeconds = 7 }));

        var set = objects.Named<V1StatefulSet>("cache");
        Assert.Equal((3, 7, "cache-peers"), (set.Spec.Replicas, set.Spec.MinReadySeconds, set.Spec.ServiceName));
        Assert.NotNull(set.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        var peers = objects.Named<V1Service>("cache-peers");
        Assert.Equal("None", peers.Spec.ClusterIP);
        Assert.Equal(["sentinel"], objects.Named<V1Service>("cache").Spec.Ports.Select(port => port.Name));
        Assert.Equal("1", objects.Named<V1PodDisruptionBudget>("cache").Spec.MaxUnavailable.Value);
        Assert.Equal("cache-2.cache-peers", KubernetesPeersAnnotation.HostOf("cache", 2));
    }

    [Fact]
    public async Task APlannedStopRunsItsCommandBeforeTheShutdownWithinItsGracePeriod()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => Cache(builder)
            .WithKubernetesPlannedStop(42, "sh", "-c", "hand-over"));

        var pod = objects.Named<V1StatefulSet>("cache").Spec.Template.Spec;
        Assert.Equal(42, pod.TerminationGracePeriodSeconds);
        Assert.Equal(["sh", "-c", "hand-over"], Assert.Single(pod.Containers).Lifecycle.PreStop.Exec.Command);
    }

    [Fact]
    public async Task ASidecarServesItsEndpointsBesideTheMainContainerWithItsOwnCommandAndProbe()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => Cache(builder)
            .WithKubernetesSidecar(new KubernetesSidecarAnnotation("sentinel", ["redis-sentinel", "/tmp/s.conf"], ["sentinel"], ["sh", "-c", "sentinel-ready"]) { SharesVolumes = true }));

        var containers = objects.Named<V1StatefulSet>("cache").Spec.Template.Spec.Containers;
        Assert.Equal(2, containers.Count);
        var (main, sidecar) = (containers[0], containers[1]);
        Assert.Equal(["tcp"], main.Ports.Select(port => port.Name));
        Assert.Equal(("sentinel", "docker.io/library/redis:8.6"), (sidecar.Name, sidecar.Image));
        Assert.Equal(["redis-sentinel", "/tmp/s.conf"], sidecar.Command);
        Assert.Equal([26379], sidecar.Ports.Select(port => port.ContainerPort));
        Assert.Equal(["sh", "-c", "sentinel-ready"], sidecar.ReadinessProbe.Exec.Command);
        Assert.Contains(sidecar.VolumeMounts, mount => mount.MountPath == "/data");
    }

    [Fact]
    public async Task AScheduledContainerIsACronJobAndAnOnDemandOneAJobWithAGeneratedName()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder =>
        {
            builder.AddContainer("nightly", "docker.io/library/busybox", "1.37").WithKubernetesSchedule("0 3 * * *");
            builder.AddContainer("once", "docker.io/library/busybox", "1.37").WithKubernetesOnDemandJob();
        });

        Assert.Equal("0 3 * * *", objects.Named<V1CronJob>("nightly").Spec.Schedule);
        var job = objects.Named<V1Job>("once");
        Assert.Null(job.Metadata.Name);
        Assert.Equal("once-", job.Metadata.GenerateName);
        Assert.DoesNotContain(objects, item => item is V1Deployment or V1StatefulSet);
    }

    [Fact]
    public void AVerbRefusesWhatCouldNeverRunOnACluster()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var cache = Cache(builder);

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.WithKubernetesPeers(new KubernetesPeersAnnotation(1, ["tcp"])));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.WithKubernetesPlannedStop(0, "true"));
    }

    [Fact]
    public void ServiceDefaultsProbesCheckHealthForTheDashboardAndProbeAliveOnTheCluster()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });

        var api = builder.AddContainer("api", "api-image").WithHttpEndpoint(targetPort: 8080, name: "web").WithServiceDefaultsProbes("web").Resource;

        Assert.Single(api.Annotations.OfType<HealthCheckAnnotation>());
        var probes = api.Annotations.OfType<EndpointProbeAnnotation>().ToList();
        Assert.Equal([ProbeType.Startup, ProbeType.Readiness, ProbeType.Liveness], probes.Select(probe => probe.Type));
        Assert.All(probes, probe => Assert.Equal(("web", "/alive"), (probe.EndpointReference.EndpointName, probe.Path)));
        Assert.Throws<ArgumentException>(() => builder.AddContainer("other", "api-image").WithServiceDefaultsProbes(" "));
    }

    [Fact]
    public void TheServerErrorsAlertComparesTheServices5xxWithAllItsRequestsUnderTheAppsName()
    {
        var alert = KubernetesHttpAlerts.ServerErrors("ShopServerErrors", "shop", 0.1, "Look at the shop's logs.");

        Assert.Equal(("ShopServerErrors", "5m", "warning", "Look at the shop's logs."), (alert.Name, alert.For, alert.Severity, alert.Description));
        Assert.Equal(
            "sum(rate(http_server_request_duration_seconds_count{job=~\"(.+/)?shop\", http_response_status_code=~\"5..\"}[5m]))"
                + " / sum(rate(http_server_request_duration_seconds_count{job=~\"(.+/)?shop\"}[5m])) > 0.1",
            alert.Expression);
        Assert.Throws<ArgumentOutOfRangeException>(() => KubernetesHttpAlerts.ServerErrors("ShopServerErrors", "shop", 0, "Look at the shop's logs."));
    }

    [Fact]
    public void TheKubernetesSettingsProblemsAreListedRatherThanThrown()
    {
        var wrong = new ConfigurationBuilder().AddInMemoryCollection([new("Kubernetes:Namespace", "Not A Namespace")]).Build();
        var right = new ConfigurationBuilder().AddInMemoryCollection([new("Kubernetes:Namespace", "shop")]).Build();

        var problems = KubernetesPublishingOptions.ProblemsOf(wrong, "Shop.AppHost", defaults: null);

        Assert.StartsWith("Kubernetes:Namespace", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Empty(KubernetesPublishingOptions.ProblemsOf(right, "Shop.AppHost", defaults: null));
    }
}
