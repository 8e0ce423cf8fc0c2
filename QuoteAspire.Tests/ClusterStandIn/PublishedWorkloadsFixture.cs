using Aspire.Hosting;
using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.Containers;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// The published manifests, run: the store's StatefulSet and the frontend's Deployment (its init container
/// first, while the store is still down) under Podman, exactly as their specs say, on a network where the
/// store answers by its Service's name. The test images go in as kustomize's <c>images:</c> puts them: the
/// manifests are read through <c>kubectl kustomize</c> of an overlay that names them.
/// </summary>
public sealed class PublishedWorkloadsFixture(FrontendImageFixture image, DefaultManifests defaults) : IAsyncLifetime
{
    public const string Store = "quote-store";
    public const string Frontend = "quote-frontend";

    /// <summary>The single store these tests run; the replicated set, published by default, has tests of its own.</summary>
    public const string SingleStore = "QuoteStore:HighAvailability=false";

    /// <summary>How long the init container is watched while the store is down: two of its retries.</summary>
    public static readonly TimeSpan WaitWatchedWhileStoreIsDown = TimeSpan.FromSeconds(5);

    private readonly string _prefix = $"quoteaspire-workload-{Guid.NewGuid():N}"[..32];
    private readonly List<string> _containers = [];
    private TemporaryFolder? _folder;
    private string? _network;
    private SpecContainer.Surroundings? _surroundings;

    public string? SkipReason { get; private set; }

    /// <summary>The password the default manifests were published with, and every publish here, so the tests can hunt for it.</summary>
    public string StorePassword { get; } = DefaultManifests.StorePassword;

    public V1StatefulSet StoreSet { get; private set; } = new();

    public V1Deployment FrontendDeployment { get; private set; } = new();

    public SpecContainer? WaitForStore { get; private set; }

    public SpecContainer? StoreContainer { get; private set; }

    public SpecContainer? FrontendContainer { get; private set; }

    /// <summary>Whether the init container was still running, and what it had logged, while the store was down.</summary>
    public (bool Running, string Logs) WhileStoreWasDown { get; private set; }

    /// <summary>The init container's exit code once the store answered, and how long after the store started.</summary>
    public (int ExitCode, TimeSpan After) OnceStoreAnswered { get; private set; }

    public TimeSpan StoreStartup { get; private set; }

    public TimeSpan FrontendStartup { get; private set; }

    public IEnumerable<SpecContainer> Running => new[] { StoreContainer, FrontendContainer }.OfType<SpecContainer>();

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        await image.EnsureBuiltAsync();
        SkipReason = image.SkipReason
            ?? (MachineProbes.FindProgram("kubectl") is null ? "kubectl is not on the PATH: the manifests are read through kubectl kustomize." : null);
        if (SkipReason is not null)
        {
            return;
        }

        _folder = new TemporaryFolder("quoteaspire-workloads-");
        var objects = await TestImageManifests.PublishAsync(defaults, image, _folder.Path, SingleStore);
        StoreSet = Assert.Single(objects.OfType<V1StatefulSet>(), set => set.Metadata.Name == Store);
        FrontendDeployment = Assert.Single(objects.OfType<V1Deployment>(), deployment => deployment.Metadata.Name == Frontend);
        var secrets = objects.OfType<V1Secret>().ToDictionary(
            secret => secret.Metadata.Name,
            secret => (IReadOnlyDictionary<string, string>)(secret.StringData ?? secret.Data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetString(pair.Value))),
            StringComparer.Ordinal);
        var services = objects.OfType<V1Service>().ToList();

        _network = await Podman.RunAsync("network", "create", _prefix);
        var surroundings = _surroundings = new SpecContainer.Surroundings(_prefix, secrets, _folder.Path);
        var frontendPod = FrontendDeployment.Spec.Template.Spec;
        var storePod = StoreSet.Spec.Template.Spec;

        // The kubelet runs init containers first; the store may not be there yet.
        WaitForStore = await StartAsync("init", frontendPod, Assert.Single(frontendPod.InitContainers), [], surroundings);
        await Task.Delay(WaitWatchedWhileStoreIsDown);
        WhileStoreWasDown = (await WaitForStore.IsRunningAsync(), await WaitForStore.LogsAsync());

        var clock = Stopwatch.StartNew();
        // The store's own container. Its exporter, which reaches it on localhost, is run in the replicated store's pods
        // (PublishedReplicatedStoreFixture), where the containers share a pod's network.
        var storeSpec = Assert.Single(storePod.Containers, container => container.Name == Store);
        StoreContainer = await StartAsync("store", storePod, storeSpec, StoreSet.Spec.VolumeClaimTemplates?.ToList() ?? [], surroundings, ServiceSelecting(services, StoreSet.Spec.Template));
        StoreStartup = await StoreContainer.WaitUntilProbeSucceedsAsync(storeSpec.StartupProbe ?? storeSpec.ReadinessProbe, "startup probe");
        var exitCode = await WaitForStore.WaitForExitAsync(Bounded.ResourceHealthy);
        OnceStoreAnswered = (exitCode, clock.Elapsed);
        Assert.True(exitCode == 0, $"The init container exited with {exitCode}:\n{await WaitForStore.LogsAsync()}");

        var frontendSpec = Assert.Single(frontendPod.Containers);
        FrontendContainer = await StartAsync("frontend", frontendPod, frontendSpec, [], surroundings, ServiceSelecting(services, FrontendDeployment.Spec.Template));
        FrontendStartup = await FrontendContainer.WaitUntilProbeSucceedsAsync(frontendSpec.StartupProbe ?? frontendSpec.ReadinessProbe, "startup probe");
    }

    /// <summary>Publishes again, with <paramref name="settings"/> (<c>Key=value</c>) added, into <paramref name="folder"/>, and returns the store's StatefulSet.</summary>
    public async Task<V1StatefulSet> PublishStoreAsync(string folder, params string[] settings) =>
        Assert.Single((await TestImageManifests.PublishAsync(defaults, image, folder, [SingleStore, .. settings])).OfType<V1StatefulSet>(), set => set.Metadata.Name == Store);

    /// <summary>
    /// Starts one more store from <paramref name="set"/>, on the fixture's network but answering to no Service name, its
    /// env file and data claim in <paramref name="folder"/>; <paramref name="fillClaim"/>, given the claim's folder, puts
    /// data there first. The caller removes it (<see cref="SpecContainer.RemoveAsync"/>); the fixture does at the latest.
    /// </summary>
    public async Task<SpecContainer> StartStoreAsync(string role, V1StatefulSet set, string folder, Func<string, Task>? fillClaim = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        Assert.True(_surroundings is not null, "The fixture started no workloads.");
        var pod = set.Spec.Template.Spec;
        var claims = set.Spec.VolumeClaimTemplates?.ToList() ?? [];
        if (fillClaim is not null)
        {
            await fillClaim(Directory.CreateDirectory(SpecContainer.ClaimFolder(folder, ContainerName(role), Assert.Single(claims).Metadata.Name)).FullName);
        }

        // The store's own container; its exporter runs in the replicated store's pods (see InitializeAsync).
        return await StartAsync(role, pod, Assert.Single(pod.Containers, container => container.Name == set.Metadata.Name), claims, _surroundings with { Folder = folder });
    }

    /// <summary>Runs <paramref name="command"/> in <paramref name="store"/> as a client that has the store's password (REDISCLI_AUTH).</summary>
    public Task<(int ExitCode, string Output)> AsStoreClientAsync(SpecContainer store, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ExecAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["REDISCLI_AUTH"] = StorePassword }, command);
    }

    private async Task<SpecContainer> StartAsync(
        string role, V1PodSpec pod, V1Container spec, IReadOnlyList<V1PersistentVolumeClaim> claims, SpecContainer.Surroundings surroundings, string? serviceName = null)
    {
        var name = ContainerName(role);
        _containers.Add(name);
        return await SpecContainer.StartAsync(name, pod, spec, claims, surroundings, serviceName);
    }

    private string ContainerName(string role) => $"{_prefix}-{role}";

    // The name a pod answers to in the cluster: the Service whose selector its labels match.
    private static string? ServiceSelecting(IEnumerable<V1Service> services, V1PodTemplateSpec template) =>
        services.SingleOrDefault(service => service.Spec.Selector is { Count: > 0 } selector
            && selector.All(label => template.Metadata.Labels.TryGetValue(label.Key, out var value) && value == label.Value))?.Metadata.Name;

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await Podman.TryAsync("rm", "--force", "--time", "0", container);
        }

        if (_network is not null)
        {
            await Podman.TryAsync("network", "rm", "--force", _prefix);
        }

        _folder?.Dispose();
    }
}
