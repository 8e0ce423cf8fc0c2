using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.Containers;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// The replicated store as published by default, run under Podman: each of the StatefulSet's pods as a Podman pod (its
/// data node and Sentinel share its network and its name, <c>quote-store-N</c>, and it answers to its peer name
/// <c>quote-store-N.quote-store-peers</c> and to the Service name <c>quote-store</c>), started in order as the
/// StatefulSet starts them; then the frontend's Deployment, its init container first. The test images go in as
/// kustomize's <c>images:</c> puts them.
/// </summary>
public sealed class PublishedReplicatedStoreFixture(FrontendImageFixture image, DefaultManifests defaults) : IAsyncLifetime
{
    public const string Store = "quote-store";

    private readonly string _prefix = $"quoteaspire-peers-{Guid.NewGuid():N}"[..28];
    private readonly Dictionary<int, Peer> _peers = [];
    private readonly List<string> _containers = [];
    private TemporaryFolder? _folder;
    private SpecContainer.Surroundings? _surroundings;
    private int _frontendGeneration;
    private ClusterDns? _dns;

    /// <summary>One pod of the set: its ordinal, and its containers: the data node, its Sentinel, and its Redis exporter.</summary>
    public sealed record Peer(int Ordinal, string Pod, SpecContainer Data, SpecContainer Sentinel, SpecContainer Exporter)
    {
        /// <summary>The name the other pods and the Sentinels know it by.</summary>
        public string Host => $"{Store}-{Ordinal}.{Store}-peers";
    }

    public string? SkipReason { get; private set; }

    public V1StatefulSet StoreSet { get; private set; } = new();

    public V1Deployment FrontendDeployment { get; private set; } = new();

    public V1CronJob BackupJob { get; private set; } = new();

    public V1Job RestoreJob { get; private set; } = new();

    /// <summary>The pods running now, by ordinal.</summary>
    public IReadOnlyDictionary<int, Peer> Peers => _peers;

    public SpecContainer? Frontend { get; private set; }

    /// <summary>The primary the Sentinels named once every pod had started for the first time.</summary>
    public string? PrimaryAtFirstStart { get; private set; }

    /// <summary>The running pod that answers to <paramref name="host"/>.</summary>
    public Peer PeerNamed(string host) => Assert.Single(_peers.Values, peer => peer.Host == host);

    /// <summary>The folder that stands in for the backup job's claim.</summary>
    public string BackupClaimFolder => Path.Combine(_folder!.Path, Assert.Single(BackupJob.Spec.JobTemplate.Spec.Template.Spec.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        // The store's pods do not run the frontend's image: they start while it is built, and the frontend waits for it.
        await image.EnsureNamedAsync();
        var imageBuilt = image.EnsureBuiltAsync();
        SkipReason = image.SkipReason
            ?? (Aspire.Hosting.MachineProbes.FindProgram("kubectl") is null ? "kubectl is not on the PATH: the manifests are read through kubectl kustomize." : null);
        if (SkipReason is not null)
        {
            return;
        }

        _folder = new TemporaryFolder("quoteaspire-peers-");
        var objects = await TestImageManifests.PublishAsync(defaults, image, _folder.Path);
        StoreSet = Assert.Single(objects.OfType<V1StatefulSet>(), set => set.Metadata.Name == Store);
        FrontendDeployment = Assert.Single(objects.OfType<V1Deployment>());
        BackupJob = Assert.Single(objects.OfType<V1CronJob>(), job => job.Metadata.Name == $"{Store}-backup");
        RestoreJob = Assert.Single(objects.OfType<V1Job>(), job => job.Metadata.GenerateName == $"{Store}-restore-");
        // The pods find each other through the stand-in's own DNS, not Podman's (see ClusterDns for why).
        await Podman.RunAsync("network", "create", "--disable-dns", _prefix);
        _dns = new ClusterDns(_folder.Path);
        _surroundings = new SpecContainer.Surroundings(_prefix, SecretsOf(objects), _folder.Path, Dns: _dns);

        await StartPeersAsync([.. Ordinals]);

        PrimaryAtFirstStart = await AgreedPrimaryAsync();

        await imageBuilt;
        Frontend = await StartFrontendAsync();

        // A replica's probes pass before its first sync ends, and a container joining the network restarts Podman's DNS
        // under links being made: the tests start from a set whose replicas are all linked, as each test leaves it.
        await WaitUntilEveryReplicaIsLinkedAsync();
    }

    /// <summary>
    /// Waits until every Sentinel names the same primary and every other running pod reports itself its replica with the
    /// link up, and returns the primary's name. With <paramref name="startMissingPods"/>, first starts any pod a test
    /// before left stopped, as the StatefulSet would recreate it, so one failed test does not fail the ones after it.
    /// </summary>
    public async Task<string> WaitUntilEveryReplicaIsLinkedAsync(bool startMissingPods = true, TimeSpan? timeout = null)
    {
        if (startMissingPods && Ordinals.Where(ordinal => !_peers.ContainsKey(ordinal)).ToList() is { Count: > 0 } missing)
        {
            await StartPeersAsync(missing);
        }

        var primary = await Bounded.UntilAsync(PrimaryNamedBySentinelsAsync, timeout ?? Bounded.ResourceHealthy, "every Sentinel to name the same primary");
        foreach (var replica in ReplicasOf(primary))
        {
            await WaitUntilReplicaOfAsync(replica, primary, timeout ?? Bounded.ResourceHealthy);
        }

        return primary;
    }

    /// <summary>
    /// Makes the pod of <paramref name="ordinal"/> a replica if it is the primary, by asking its Sentinel for a failover
    /// (again while it answers that one is in progress), and waits until the set is whole again.
    /// </summary>
    public async Task MakeReplicaAsync(int ordinal)
    {
        var peer = _peers[ordinal];
        await Bounded.UntilAsync(
            async () =>
            {
                if (await PrimaryNamedBySentinelsAsync() is { } named && named != peer.Host)
                {
                    return true;
                }

                await AskAsync(peer.Sentinel, 26379, "sentinel", "failover", Store);
                return false;
            },
            ReplicatedSet.Failover,
            $"the Sentinels to name a primary other than {peer.Host}");
        await WaitUntilEveryReplicaIsLinkedAsync(startMissingPods: false, ReplicatedSet.Failover);
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until <paramref name="replica"/> reports itself a replica of <paramref name="primary"/> with its link up.</summary>
    public static Task WaitUntilReplicaOfAsync(Peer replica, string primary, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return Bounded.UntilAsync(
            async () => await ReplicationInfoAsync(replica) is var info
                && info.Contains("role:slave", StringComparison.Ordinal)
                && info.Contains($"master_host:{primary}", StringComparison.Ordinal)
                && info.Contains("master_link_status:up", StringComparison.Ordinal),
            timeout,
            $"{replica.Host} to report itself a replica of {primary} with its link up");
    }

    /// <summary>A client of the frontend container, on its published port.</summary>
    public async Task<HttpClient> FrontendClientAsync()
    {
        var port = await Frontend!.HostPortAsync(Assert.Single(Frontend.Spec.Ports).ContainerPort);
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Bounded.HttpRequest };
    }

    /// <summary>Every ordinal of the StatefulSet.</summary>
    public IEnumerable<int> Ordinals => Enumerable.Range(0, StoreSet.Spec.Replicas ?? 0);

    /// <summary>
    /// Starts the pod of <paramref name="ordinal"/>, with the claim it had if it ran before, and waits until both its
    /// containers pass their startup and readiness probes.
    /// </summary>
    public async Task<Peer> StartPeerAsync(int ordinal) => Assert.Single(await StartPeersAsync([ordinal]));

    /// <summary>
    /// Starts the pods of <paramref name="ordinals"/> together, as the StatefulSet's Parallel pod management does, each
    /// with the claim it had if it ran before, and waits until every container passes its startup and readiness probes.
    /// </summary>
    public async Task<IReadOnlyList<Peer>> StartPeersAsync(IReadOnlyList<int> ordinals)
    {
        Assert.Equal("Parallel", StoreSet.Spec.PodManagementPolicy);
        var spec = StoreSet.Spec.Template.Spec;
        var claims = StoreSet.Spec.VolumeClaimTemplates?.ToList() ?? [];
        var started = new List<Peer>();
        foreach (var ordinal in ordinals)
        {
            var pod = PodName(ordinal);
            // Its containers' ports, each on 127.0.0.1, where the test reaches them (an exporter's metrics, say).
            string[] published = [.. spec.Containers.SelectMany(container => container.Ports ?? []).SelectMany(port => new[] { "--publish", $"127.0.0.1::{port.ContainerPort}" })];
            await Podman.RunAsync(["pod", "create", "--name", pod, "--network", _prefix, "--hostname", $"{Store}-{ordinal}", .. published, .. _dns!.ResolverArguments(mountHostsFile: false)]);
            await Podman.RunAsync("pod", "start", pod);
            // Its peer name (the headless Service publishes pods not ready yet) and the store's Service name.
            _dns.Add(pod, await SpecContainer.AddressAsync(await Podman.RunAsync("pod", "inspect", "--format", "{{.InfraContainerID}}", pod), _prefix), $"{Store}-{ordinal}.{Store}-peers", Store);
        }

        foreach (var ordinal in ordinals)
        {
            var inPod = _surroundings! with { Pod = PodName(ordinal) };
            var data = await StartAsync($"{ordinal}-data", spec, spec.Containers[0], inPod, claims: claims);
            var sentinel = await StartAsync($"{ordinal}-sentinel", spec, spec.Containers[1], inPod, claims: claims);
            var exporter = await StartAsync($"{ordinal}-exporter", spec, spec.Containers[2], inPod, claims: claims);
            started.Add(_peers[ordinal] = new Peer(ordinal, PodName(ordinal), data, sentinel, exporter));
        }

        foreach (var container in started.SelectMany(peer => new[] { peer.Data, peer.Sentinel, peer.Exporter }))
        {
            await container.WaitUntilProbeSucceedsAsync(container.Spec.StartupProbe, "startup probe");
            // A failing readiness probe restarts nothing: a replica is simply not ready until it has synced, which after
            // a full outage waits on the primary's own start. Bounded by a failover's time, not the probe's thresholds.
            await container.WaitUntilProbeSucceedsAsync(container.Spec.ReadinessProbe, "readiness probe", ReplicatedSet.Failover);
        }

        return started;
    }

    /// <summary>The claim folder of the pod of <paramref name="ordinal"/> named <paramref name="claim"/>: what it keeps across restarts.</summary>
    public string ClaimFolderOf(int ordinal, string claim = "data") => SpecContainer.ClaimFolder(_folder!.Path, PodName(ordinal), claim);

    private string PodName(int ordinal) => $"{_prefix}-{ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Kills every process of the pod of <paramref name="ordinal"/> at once (SIGKILL), as a lost node would, and removes it.</summary>
    public async Task KillPeerAsync(int ordinal)
    {
        var peer = _peers[ordinal];
        _peers.Remove(ordinal);
        await Podman.RunAsync("pod", "kill", "--signal", "KILL", peer.Pod);
        _dns!.Remove(peer.Pod);
        await Podman.RunAsync("pod", "rm", "--force", "--time", "0", peer.Pod);
    }

    /// <summary>
    /// Stops the pod of <paramref name="ordinal"/> as the kubelet stops a pod on purpose (a drain, a rolling update):
    /// each container's preStop, then SIGTERM, then SIGKILL once the pod's grace period is up; and removes it, its claim
    /// kept. Returns what the preStop hooks printed.
    /// </summary>
    public async Task<string> StopPeerAsync(int ordinal)
    {
        var peer = _peers[ordinal];
        var grace = TimeSpan.FromSeconds(StoreSet.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30);
        var clock = Stopwatch.StartNew();
        // The kubelet runs the containers' hooks at the same time.
        var hooks = await Task.WhenAll(peer.Data.RunPreStopAsync(grace), peer.Sentinel.RunPreStopAsync(grace));
        var left = Math.Max(0, (int)(grace - clock.Elapsed).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _peers.Remove(ordinal);
        // The containers first, then the pod's network: as with a pod's sandbox, which outlives its containers, their
        // last packets (a replica's FIN to its primary) still leave. Stopped together, the primary would keep listing
        // the old replica until its link timed out.
        await Podman.RunAsync("stop", "--time", left, peer.Data.Name, peer.Sentinel.Name, peer.Exporter.Name);
        await Podman.RunAsync("pod", "stop", "--time", "0", peer.Pod);
        _dns!.Remove(peer.Pod);
        await Podman.RunAsync("pod", "rm", "--force", "--time", "0", peer.Pod);
        return string.Join('\n', hooks.Where(hook => hook.Length > 0));
    }

    /// <summary>
    /// Restarts every pod as a StatefulSet's rolling update does: from the highest ordinal down, each stopped as
    /// <see cref="StopPeerAsync"/> does, started again, and given <c>minReadySeconds</c> once ready before the next.
    /// Returns, for each pod, when it was stopped and ready again and what its hooks printed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RollingRestartAsync()
    {
        var hooks = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var ordinal in Ordinals.Reverse())
        {
            var stopping = clock.Elapsed;
            var hook = await StopPeerAsync(ordinal);
            var stopped = clock.Elapsed;
            await StartPeerAsync(ordinal);
            hooks.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{Store}-{ordinal}: stopping at {stopping.TotalSeconds:F1} s, stopped at {stopped.TotalSeconds:F1} s, ready at {clock.Elapsed.TotalSeconds:F1} s; {hook}"));
            if (ordinal > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(StoreSet.Spec.MinReadySeconds ?? 0), TestContext.Current.CancellationToken);
            }
        }

        return hooks;
    }

    /// <summary>The manifests published with <paramref name="settings"/> on top of the default passwords, for the test images, as objects.</summary>
    public Task<List<object>> PublishAsync(string step, params string[] settings) =>
        TestImageManifests.PublishAsync(defaults, image, Path.Combine(_folder!.Path, "published-" + step), settings);

    /// <summary>
    /// Takes manifests published anew as <c>kubectl apply</c> gives them to the cluster: the Secrets' values and the
    /// StatefulSet's and Deployment's pod templates. Nothing restarts until a rollout (<see cref="RollingRestartAsync"/>,
    /// <see cref="RollFrontendAsync"/>) starts pods from them.
    /// </summary>
    public void Apply(IReadOnlyList<object> objects)
    {
        StoreSet = Assert.Single(objects.OfType<V1StatefulSet>(), set => set.Metadata.Name == Store);
        FrontendDeployment = Assert.Single(objects.OfType<V1Deployment>());
        _surroundings = _surroundings! with { Secrets = SecretsOf(objects) };
    }

    /// <summary>
    /// Rolls the frontend as its Deployment does (<c>maxUnavailable: 0</c>): a pod from the current template, its wait
    /// for the store first, is ready before the old one stops; <paramref name="beforeTheOldStops"/> runs in between,
    /// where a test moves its clients to the new pod, as a Service would.
    /// </summary>
    public async Task RollFrontendAsync(Func<Task> beforeTheOldStops)
    {
        ArgumentNullException.ThrowIfNull(beforeTheOldStops);
        var old = Frontend!;
        Frontend = await StartFrontendAsync();
        await beforeTheOldStops();
        var grace = FrontendDeployment.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30;
        await Podman.RunAsync("stop", "--time", grace.ToString(CultureInfo.InvariantCulture), old.Name);
    }

    // A frontend pod: its wait for the store, which must pass, then the frontend until its startup probe passes.
    private async Task<SpecContainer> StartFrontendAsync()
    {
        var generation = (++_frontendGeneration).ToString(CultureInfo.InvariantCulture);
        var pod = FrontendDeployment.Spec.Template.Spec;
        var wait = await StartAsync($"wait-{generation}", pod, Assert.Single(pod.InitContainers), _surroundings!);
        var exitCode = await wait.WaitForExitAsync(Bounded.ResourceHealthy);
        Assert.True(exitCode == 0, $"The init container exited with {exitCode}:\n{await wait.LogsAsync()}");

        var spec = Assert.Single(pod.Containers);
        var frontend = await StartAsync($"frontend-{generation}", pod, spec, _surroundings!, FrontendDeployment.Metadata.Name);
        await frontend.WaitUntilProbeSucceedsAsync(spec.StartupProbe ?? spec.ReadinessProbe, "startup probe");
        return frontend;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> SecretsOf(IEnumerable<object> objects) =>
        objects.OfType<V1Secret>().ToDictionary(
            secret => secret.Metadata.Name,
            secret => (IReadOnlyDictionary<string, string>)(secret.StringData ?? secret.Data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetString(pair.Value))),
            StringComparer.Ordinal);

    /// <summary>Freezes every process of the pod of <paramref name="ordinal"/> (SIGSTOP), as a node cut off from the network would seem.</summary>
    public Task PausePeerAsync(int ordinal) => Podman.RunAsync("pod", "pause", _peers[ordinal].Pod);

    /// <summary>Lets the paused pod of <paramref name="ordinal"/> run on.</summary>
    public Task ResumePeerAsync(int ordinal) => Podman.RunAsync("pod", "unpause", _peers[ordinal].Pod);

    /// <summary>Asks <paramref name="container"/>'s own server (Redis on 6379, or a Sentinel on 26379) with redis-cli.</summary>
    public static Task<(int ExitCode, string Output)> AskAsync(SpecContainer container, int port, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.ExecAsync(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["REDISCLI_AUTH"] = DefaultManifests.StorePassword },
            ["redis-cli", "--no-auth-warning", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command]);
    }

    /// <summary>Waits until every running Sentinel names the same primary, and returns its name.</summary>
    public Task<string> AgreedPrimaryAsync() =>
        Bounded.UntilAsync(PrimaryNamedBySentinelsAsync, Bounded.ResourceHealthy, "every Sentinel to name the same primary");

    /// <summary>The running pods other than <paramref name="primary"/>.</summary>
    public IEnumerable<Peer> ReplicasOf(string primary) => _peers.Values.Where(peer => peer.Host != primary);

    /// <summary>The primary every running Sentinel names, or null while they do not agree.</summary>
    public async Task<string?> PrimaryNamedBySentinelsAsync()
    {
        var answers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in _peers.Values)
        {
            var (_, output) = await AskAsync(peer.Sentinel, 26379, "sentinel", "get-master-addr-by-name", Store);
            answers.Add(output.Split('\n')[0].Trim());
        }

        return answers.Count == 1 ? answers.Single() : null;
    }

    /// <summary>
    /// Waits until no Sentinel is in TILT mode, which one enters for 30 s when its clock jumped or it was blocked over
    /// 2 s, and in which it fails nothing over. The stand-in's DNS does not block (see <see cref="ClusterDns"/>), but a
    /// machine starved of CPU can still stall a Sentinel that long.
    /// </summary>
    public async Task WaitUntilNoSentinelIsInTiltAsync()
    {
        foreach (var peer in _peers.Values)
        {
            await Bounded.UntilAsync(
                async () => (await AskAsync(peer.Sentinel, 26379, "info", "sentinel")).Output.Contains("sentinel_tilt:0", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                $"the Sentinel of {peer.Host} to leave TILT mode");
        }
    }

    /// <summary>The role a data node reports itself (INFO replication), and whether its link to its primary is up.</summary>
    public static async Task<string> ReplicationInfoAsync(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return (await AskAsync(peer.Data, 6379, "info", "replication")).Output.Replace("\r", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>
    /// Makes the backups claim a volume of <paramref name="bytes"/> (a tmpfs mounted on its folder, which hides what the
    /// folder held) until the returned handle is disposed: a claim's size, which a host folder does not have.
    /// </summary>
    public async Task<IAsyncDisposable> LimitBackupClaimAsync(long bytes)
    {
        var folder = Directory.CreateDirectory(BackupClaimFolder).FullName;
        var (exitCode, output) = await ExternalTool.RunAsync("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", folder);
        Assert.True(exitCode == 0, $"Could not mount a {bytes}-byte volume on {folder}: {output}");
        return new Unmount(folder);
    }

    private sealed class Unmount(string folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExternalTool.RunAsync("umount", folder);
    }

    /// <summary>Whether <paramref name="peer"/>'s data node holds <paramref name="quote"/> among the newest 50 quotes.</summary>
    public static async Task<bool> HoldsAsync(Peer peer, string quote) =>
        (await AskAsync(peer.Data, 6379, "lrange", ApiService.Store.QuoteRepository.QuotesKey, "-50", "-1")).Output.Split('\n').Contains(quote);

    /// <summary>Each node's role and the last lines its data node and Sentinel logged, and the frontend's, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        var text = new StringBuilder();
        foreach (var peer in Peers.Values)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"== {peer.Host}: {(await ReplicationInfoAsync(peer)).Replace('\n', ' ')}");
            text.AppendLine(string.Join('\n', (await peer.Data.LogsAsync()).Split('\n').TakeLast(25)));
            text.AppendLine("-- sentinel:");
            text.AppendLine(string.Join('\n', (await peer.Sentinel.LogsAsync()).Split('\n').TakeLast(25)));
        }

        text.AppendLine("== frontend:");
        text.AppendLine(string.Join('\n', (await Frontend!.LogsAsync()).Split('\n').Where(line => !line.Contains("\"/quotes\"", StringComparison.Ordinal)).TakeLast(40)));
        return text.ToString();
    }

    /// <summary>Runs the backup job's container once, as a Job's pod, and returns its exit code and log.</summary>
    public Task<(int ExitCode, string Logs)> RunBackupJobAsync() => RunJobAsync("backup", BackupJob.Spec.JobTemplate.Spec);

    /// <summary>Runs the restore Job's pod once, as <c>kubectl create -f job-quote-store-restore.yaml</c> would.</summary>
    public Task<(int ExitCode, string Logs)> RunRestoreJobAsync() => RunJobAsync("restore", RestoreJob.Spec);

    private async Task<(int ExitCode, string Logs)> RunJobAsync(string role, V1JobSpec spec)
    {
        var pod = spec.Template.Spec;
        var job = await StartAsync($"{role}-{Guid.NewGuid():N}"[..15], pod, Assert.Single(pod.Containers), _surroundings!);
        var exitCode = await job.WaitForExitAsync(TimeSpan.FromSeconds(spec.ActiveDeadlineSeconds ?? 600));
        return (exitCode, await job.LogsAsync());
    }

    private async Task<SpecContainer> StartAsync(
        string role, V1PodSpec pod, V1Container spec, SpecContainer.Surroundings surroundings, string? serviceName = null, IReadOnlyList<V1PersistentVolumeClaim>? claims = null)
    {
        var name = $"{_prefix}-{role}";
        // A pod started again gets containers of the same names: the old ones went with the old pod.
        _containers.Add(name);
        return await SpecContainer.StartAsync(name, pod, spec, claims ?? [], surroundings, serviceName);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers.Distinct())
        {
            await Podman.TryAsync("rm", "--force", "--time", "0", container);
        }

        for (var ordinal = 0; ordinal < (StoreSet.Spec?.Replicas ?? 0); ordinal++)
        {
            await Podman.TryAsync("pod", "rm", "--force", "--time", "0", $"{_prefix}-{ordinal}");
        }

        await Podman.TryAsync("network", "rm", "--force", _prefix);
        _folder?.Dispose();
    }
}
