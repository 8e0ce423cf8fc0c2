using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.KubernetesMapping;

namespace QuoteAspire.Tests.KubernetesDeploy;

/// <summary>
/// The deploy step's decisions, with the kubectl it calls replaced by a recorded stand-in (<c>kubectl-stand-in.sh</c>):
/// what it refuses before changing anything, how it applies and prunes, and what it does with a rollout that does not
/// finish. No cluster runs here: what a real API server and its controllers would do with these calls is not shown.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeployStepTests : IDisposable
{
    private const string Namespace = "shop";
    private readonly TemporaryFolder _folder = new("quoteaspire-deploy-step-");
    private readonly KubectlStandIn _kubectl = new();
    private readonly CapturedLogs _logs = new();

    private string Output => Path.Combine(_folder.Path, "k8s");

    private IReadOnlyList<string> Calls => _kubectl.Calls;

    // A store with its data on a claim: a StatefulSet, a Service, a claim template.
    private static void Store(IDistributedApplicationBuilder builder, string image = "docker.io/library/redis:8.6")
    {
        var at = image.LastIndexOf(':');
        builder.AddContainer("store", image[..at], image[(at + 1)..]).WithVolume("data", "/data").WithEndpoint(targetPort: 6379, name: "tcp", scheme: "tcp");
    }

    [Fact]
    public async Task ALiveStatefulSetThatWouldRefuseTheChangeStopsTheDeployBeforeAnythingIsBuiltOrAppliedAndSaysWhatToDo()
    {
        // What a publish with the store's claim at 1Gi, under another Service name, left live.
        var live = (await InMemoryPublish.ObjectsAsync(builder => Store(builder))).Named<V1StatefulSet>("store");
        live.Spec.ServiceName = "store-old";
        await _kubectl.SetLiveAsync("statefulset", "store", KubernetesJson.Serialize(live));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(builder => Store(builder), "Kubernetes:Resources:store:StorageSize=5Gi"));

        Assert.Contains("StatefulSet store: spec.serviceName: live 'store-old', published 'store'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("spec.volumeClaimTemplates[data].resources.requests.storage: live '1Gi', published '5Gi'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"kubectl -n {Namespace} delete statefulset store --cascade=orphan", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was built, pushed or changed.", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Calls, call => call.Contains("apply", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Output), "No manifest was written.");
    }

    [Fact]
    public async Task TheApplyPrunesOnlyTheAppsLabelledObjectsOfTheKindsItPublishesAndNeverAClaimOrTheNamespace()
    {
        await DeployAsync(builder => Store(builder));

        var apply = Assert.Single(Calls, call => call.StartsWith("apply -k", StringComparison.Ordinal));
        Assert.Contains($"--prune -l app.kubernetes.io/part-of=shop", apply, StringComparison.Ordinal);
        Assert.Contains("--prune-allowlist=apps/v1/StatefulSet", apply, StringComparison.Ordinal);
        Assert.Contains("--prune-allowlist=core/v1/Service", apply, StringComparison.Ordinal);
        Assert.DoesNotContain("PersistentVolumeClaim", apply, StringComparison.Ordinal);
        Assert.DoesNotContain("Namespace", apply, StringComparison.Ordinal);
        // The Namespace on its own first; the rollout waited for last.
        Assert.StartsWith("apply -f", Calls.First(call => call.Contains("apply", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith($"-n {Namespace} rollout status statefulset/store", Calls[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARolloutThatDoesNotFinishIsUndoneAndTheDeployFailsSayingSo()
    {
        await _kubectl.FailRolloutsAsync();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(builder => Store(builder)));

        Assert.Contains("The rollout of statefulset/store did not finish", failed.Message, StringComparison.Ordinal);
        Assert.Contains("it was undone to the previous revision", failed.Message, StringComparison.Ordinal);
        Assert.Equal($"-n {Namespace} rollout undo statefulset/store", Calls[^1]);
    }

    [Fact]
    public async Task AContainersImageIsPinnedByTheDigestItsRegistryNamesAndOneWhoseRegistryDoesNotAnswerKeepsItsTagAndTheLogSaysSo()
    {
        TestImages.SkipUnlessAvailable();
        Assert.SkipWhen(Aspire.Hosting.MachineProbes.FindProgram(LocalRegistry.Program) is null, $"{LocalRegistry.Program} is not on the PATH: run tools/test-containers/prepare.sh.");
        await using var registry = await LocalRegistry.StartAsync();
        var tag = $"pin-{Guid.NewGuid():N}"[..16];
        await Podman.RunAsync("push", "--quiet", "--tls-verify=false", TestImages.Redis, $"{registry.Host}/library/redis:{tag}");
        var digest = await registry.DigestOfAsync("library/redis", tag);
        const string Unreachable = "127.0.0.1:1/library/redis:gone";

        await DeployAsync(builder =>
        {
            Store(builder, $"{registry.Host}/library/redis:{tag}");
            builder.AddContainer("cache", Unreachable[..Unreachable.LastIndexOf(':')], "gone").WithVolume("cache", "/data");
        });

        var objects = PublishedManifests.Read(Output).Objects.Values.OfType<V1StatefulSet>().ToDictionary(set => set.Metadata.Name);
        Assert.Equal($"{registry.Host}/library/redis@{digest}", Assert.Single(objects["store"].Spec.Template.Spec.Containers).Image);
        Assert.Equal(Unreachable, Assert.Single(objects["cache"].Spec.Template.Spec.Containers).Image);
        Assert.Contains(_logs.Lines, line => line.Contains($"Could not pin {Unreachable} by digest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeployFromAMachineThatNeverSawTheClustersPasswordKeepsTheLiveOneUnlessAskedToReplaceIt()
    {
        const string LivePassword = "the-password-the-cluster-runs-with";
        static void WithPassword(IDistributedApplicationBuilder builder)
        {
            var password = builder.AddParameter("store-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);
            builder.AddContainer("store", "docker.io/library/redis", "8.6").WithVolume("data", "/data").WithEnvironment("REDIS_PASSWORD", password);
        }

        await _kubectl.SetLiveAsync(
            "secret",
            "store-password",
            KubernetesJson.Serialize(new V1Secret { Metadata = new V1ObjectMeta { Name = "store-password" }, Data = new Dictionary<string, byte[]> { ["value"] = System.Text.Encoding.UTF8.GetBytes(LivePassword) } }.Initialize()));

        await DeployAsync(WithPassword);
        Assert.Equal(LivePassword, PublishedSecret(Output));
        Assert.Contains(_logs.Lines, line => line.Contains("Kept the live value of the Secret store-password", StringComparison.Ordinal));

        var replaced = Path.Combine(_folder.Path, "replaced");
        await DeployIntoAsync(replaced, WithPassword, "Kubernetes:ReplaceSecrets=true");
        Assert.NotEqual(LivePassword, PublishedSecret(replaced));
        // The live value was read, never logged.
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(LivePassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARotationStepReplacesOnlyTheSecretsItNames()
    {
        static void WithTwoPasswords(IDistributedApplicationBuilder builder)
        {
            var store = builder.AddParameter("store-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);
            var client = builder.AddParameter("client-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);
            builder.AddContainer("store", "docker.io/library/redis", "8.6").WithVolume("data", "/data")
                .WithEnvironment("REDIS_PASSWORD", store).WithEnvironment("CLIENT_PASSWORD", client);
        }

        foreach (var name in new[] { "store-password", "client-password" })
        {
            await _kubectl.SetLiveAsync(
                "secret",
                name,
                KubernetesJson.Serialize(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, byte[]> { ["value"] = System.Text.Encoding.UTF8.GetBytes($"live {name}") } }.Initialize()));
        }

        await DeployAsync(WithTwoPasswords, "Parameters:client-password=the-new-client-password", "Kubernetes:ReplaceSecrets=client-password");

        var secrets = PublishedManifests.Read(Output).Objects.Values.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name, secret => secret.StringData["value"]);
        Assert.Equal("live store-password", secrets["store-password"]);
        Assert.Equal("the-new-client-password", secrets["client-password"]);
    }

    private static string PublishedSecret(string folder) =>
        Assert.Single(PublishedManifests.Read(folder).Objects.Values.OfType<V1Secret>()).StringData["value"];

    private Task DeployAsync(Action<IDistributedApplicationBuilder> model, params string[] settings) => DeployIntoAsync(Output, model, settings);

    private async Task DeployIntoAsync(string output, Action<IDistributedApplicationBuilder> model, params string[] settings)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", $"Kubernetes:Namespace={Namespace}", "Kubernetes:ImageRegistry=registry.example.com/team", $"Kubernetes:Kubectl={_kubectl.Program}", .. settings],
            DisableDashboard = true,
        });
        model(builder);
        await using var app = builder.Build();
        var options = KubernetesPublishingOptions.From(app.Services.GetRequiredService<IConfiguration>(), "Deploy.AppHost", kubernetes => kubernetes.Application = "shop");
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        var deployment = new KubernetesDeployment(
            app.Services.GetRequiredService<DistributedApplicationModel>(),
            app.Services.GetRequiredService<DistributedApplicationExecutionContext>(),
            options,
            loggers.CreateLogger("deploy"));
        await deployment.DeployAsync(output, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), "the deploy step with the kubectl stand-in");
    }

    public void Dispose()
    {
        _logs.Dispose();
        _kubectl.Dispose();
        _folder.Dispose();
    }
}
