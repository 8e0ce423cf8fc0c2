using Aspire.Hosting;
using k8s.Models;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.KubernetesMapping;

/// <summary>The mapping from a workload to typed objects, given the workload directly.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ObjectMappingTests
{
    private static readonly KubernetesApplication s_application = new("shop", "Shop.AppHost", "shop");

    private static readonly Workload s_web = new(
        Name: "web",
        Kind: WorkloadKind.Deployment,
        Image: "registry.example.com/web:1",
        Command: null,
        Args: [],
        Environment: [],
        Ports: [new WorkloadPort("http", ContainerPort: 8080, ServicePort: 80)],
        Volumes: [],
        HttpProbes: [],
        ExecProbes: [],
        WaitsFor: [],
        ReachableFrom: [],
        Settings: KubernetesDefaults.Settings);

    private static V1Container MainContainer(Workload workload) =>
        Assert.Single(KubernetesObjects.ToDeployment(workload, s_application, new Dictionary<string, string>()).Spec.Template.Spec.Containers);

    [Fact]
    public void ProbesTakeTheDefaultTimingsWhereTheAppGivesNoneOfItsOwn()
    {
        var container = MainContainer(s_web with
        {
            HttpProbes =
            [
                new HttpProbe(ProbeKind.Startup, "/alive", "http", "HTTP", new ProbeTimings()),
                new HttpProbe(ProbeKind.Readiness, "/ready", "http", "HTTP", new ProbeTimings(PeriodSeconds: 5, InitialDelaySeconds: 1)),
            ],
            ExecProbes = [new ExecProbe([ProbeKind.Liveness], ["sh", "-c", "true"])],
        });

        Assert.Equal(("/alive", "http", "HTTP"), (container.StartupProbe.HttpGet.Path, container.StartupProbe.HttpGet.Port.Value, container.StartupProbe.HttpGet.Scheme));
        Assert.Equal((2, 3, 30, (int?)null), Timings(container.StartupProbe));
        Assert.Equal((5, 3, 3, (int?)1), Timings(container.ReadinessProbe));
        Assert.Equal((10, 3, 3, (int?)null), Timings(container.LivenessProbe));
        Assert.Equal(["sh", "-c", "true"], container.LivenessProbe.Exec.Command);
    }

    private static (int?, int?, int?, int?) Timings(V1Probe probe) =>
        (probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold, probe.InitialDelaySeconds);

    [Fact]
    public void EveryContainerHasRequestsLimitsAndALockedDownSecurityContext()
    {
        var deployment = KubernetesObjects.ToDeployment(
            s_web with
            {
                Settings = KubernetesDefaults.Settings with { CpuRequest = "250m", CpuLimit = "1", MemoryLimit = "1Gi", RunAsUser = 1654 },
                WaitsFor = [new WaitTarget("db", 6379, KubernetesDefaults.PortWaitImage, AnswerCheck: null, SecretEnvironment: [])],
            },
            s_application,
            new Dictionary<string, string>());
        var pod = deployment.Spec.Template.Spec;
        var main = Assert.Single(pod.Containers);
        var wait = Assert.Single(pod.InitContainers);

        Assert.Equal(("250m", "128Mi"), (main.Resources.Requests["cpu"].ToString(), main.Resources.Requests["memory"].ToString()));
        Assert.Equal(("1", "1Gi"), (main.Resources.Limits["cpu"].ToString(), main.Resources.Limits["memory"].ToString()));
        Assert.Equal(("10m", "16Mi", "100m", "64Mi"), (
            wait.Resources.Requests["cpu"].ToString(), wait.Resources.Requests["memory"].ToString(),
            wait.Resources.Limits["cpu"].ToString(), wait.Resources.Limits["memory"].ToString()));
        Assert.All([main, wait], container =>
        {
            Assert.True(container.SecurityContext.RunAsNonRoot);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        });
        Assert.Equal((1654L, 1654L), (pod.SecurityContext.RunAsUser.GetValueOrDefault(), pod.SecurityContext.FsGroup.GetValueOrDefault()));
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Equal("64Mi", Assert.Single(pod.Volumes).EmptyDir.SizeLimit.ToString());
    }

    [Fact]
    public void AServiceIsNamedAfterItsResourceAndSelectsItsPodsPortsByName()
    {
        var service = KubernetesObjects.ToService(s_web, s_application, new KubernetesPublishingOptions.IngressOptions());
        var pods = KubernetesObjects.ToDeployment(s_web, s_application, new Dictionary<string, string>()).Spec.Template;

        Assert.NotNull(service);
        Assert.Equal("web", service.Metadata.Name);
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, pods.Metadata.Labels[label.Key]));
        var port = Assert.Single(service.Spec.Ports);
        // By name, so the container's port may change without the Service.
        Assert.Equal(("http", 80, "http"), (port.Name, port.Port, port.TargetPort.Value));
        Assert.Equal("http", Assert.Single(Assert.Single(pods.Spec.Containers).Ports).Name);
        Assert.Equal(("shop", "Shop.AppHost"), (service.Metadata.Labels["app.kubernetes.io/part-of"], service.Metadata.Labels["app.kubernetes.io/managed-by"]));
    }
}
