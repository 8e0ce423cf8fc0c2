using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// One container of a published pod spec, run under Podman as the kubelet would run it: its image, command and
/// args with <c>$(VAR)</c> expanded, its env with secrets resolved, its user, group and fsGroup, a read-only root
/// with its emptyDir and claim mounts, its capabilities and privilege settings, its CPU and memory limits, and its
/// container ports (each published on 127.0.0.1 so the test can probe it). Anything in the spec it cannot honour
/// fails the test.
/// </summary>
public sealed class SpecContainer
{
    private SpecContainer(string name, V1Container spec)
    {
        Name = name;
        Spec = spec;
    }

    /// <summary>The Podman container's name.</summary>
    public string Name { get; }

    public V1Container Spec { get; }

    /// <summary>Everything a container of the pod needs from outside it.</summary>
    /// <param name="Network">The Podman network standing in for the cluster network.</param>
    /// <param name="Secrets">The published Secrets' values, by Secret name and key.</param>
    /// <param name="Folder">Where env files and claim volumes go.</param>
    /// <param name="Pod">
    /// The Podman pod it runs in, sharing the pod's network, name and published ports with the pod's other containers,
    /// as containers of one Kubernetes pod do; none for a container on <paramref name="Network"/> by itself.
    /// </param>
    /// <param name="Dns">
    /// The names the containers resolve, when the stand-in keeps them itself (a <paramref name="Network"/> without Podman's
    /// DNS); none to resolve through Podman's DNS, by network aliases.
    /// </param>
    public sealed record Surroundings(
        string Network, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Secrets, string Folder, string? Pod = null, ClusterDns? Dns = null);

    /// <summary>Starts <paramref name="spec"/> of <paramref name="pod"/> detached; <paramref name="serviceName"/> is the name it answers to on the network.</summary>
    public static async Task<SpecContainer> StartAsync(
        string name, V1PodSpec pod, V1Container spec, IReadOnlyList<V1PersistentVolumeClaim> claims, Surroundings surroundings, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(surroundings);

        var environment = Environment(spec, surroundings.Secrets);
        var envFile = Path.Combine(surroundings.Folder, $"{name}.env");
        await File.WriteAllLinesAsync(envFile, environment.Select(variable => $"{variable.Key}={variable.Value}"));

        List<string> args = ["run", "--detach", "--name", name, "--env-file", envFile];
        args.AddRange(surroundings.Pod is { } podName ? ["--pod", podName] : ["--network", surroundings.Network]);
        if (surroundings.Dns is { } dns)
        {
            // A pod's resolver settings are the pod's; each of its containers still mounts the hosts file.
            args.AddRange(surroundings.Pod is null ? dns.ResolverArguments(mountHostsFile: true) : ["--volume", $"{dns.HostsFile}:/etc/hosts:ro"]);
        }
        else if (serviceName is not null)
        {
            Assert.True(surroundings.Pod is null, "A container of a pod answers to the pod's names.");
            args.AddRange(["--network-alias", serviceName]);
        }

        args.AddRange(await SecurityArgumentsAsync(pod, spec));
        args.AddRange(LimitArguments(spec));
        // A pod's claims are the pod's: every container of it that mounts one sees the same folder.
        args.AddRange(await MountArgumentsAsync(surroundings.Pod ?? name, pod, spec, claims, surroundings.Folder));
        // A pod publishes its ports when it is created.
        foreach (var port in surroundings.Pod is null ? spec.Ports ?? [] : [])
        {
            args.AddRange(["--publish", $"127.0.0.1::{port.ContainerPort}/{(port.Protocol ?? "TCP").ToLowerInvariant()}"]);
        }

        if (spec.WorkingDir is { Length: > 0 } workingDirectory)
        {
            args.AddRange(["--workdir", workingDirectory]);
        }

        // As the kubelet: a command replaces the image's entrypoint and its default arguments alike.
        if (spec.Command is { Count: > 0 } command)
        {
            args.AddRange(["--entrypoint", JsonSerializer.Serialize(command.Select(part => KubeletExpansion.Expand(part, environment)))]);
        }

        args.Add(spec.Image);
        args.AddRange((spec.Args ?? []).Select(arg => KubeletExpansion.Expand(arg, environment)));

        await Podman.RunAsync([.. args]);
        if (surroundings.Dns is { } clusterDns && serviceName is not null)
        {
            clusterDns.Add(name, await AddressAsync(name, surroundings.Network), serviceName);
        }

        return new(name, spec);
    }

    /// <summary>The address of the container (or a pod's infra container) <paramref name="name"/> on <paramref name="network"/>.</summary>
    public static async Task<string> AddressAsync(string name, string network)
    {
        var address = await Podman.RunAsync("inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", name);
        Assert.False(string.IsNullOrWhiteSpace(address), $"{name} has no address on {network}.");
        return address.Trim();
    }

    /// <summary>The env as the container gets it: in order, values expanded, secrets read from the published Secrets.</summary>
    public static Dictionary<string, string> Environment(V1Container spec, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Assert.True(spec.EnvFrom is null or { Count: 0 }, $"{spec.Name}: envFrom is not run by this test.");

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in spec.Env ?? [])
        {
            if (variable.ValueFrom is { SecretKeyRef: { } reference })
            {
                Assert.True(secrets.TryGetValue(reference.Name, out var secret) && secret.TryGetValue(reference.Key, out _),
                    $"{spec.Name}: {variable.Name} reads key '{reference.Key}' of Secret '{reference.Name}', which the manifests do not hold.");
                environment[variable.Name] = secrets[reference.Name][reference.Key];
            }
            else
            {
                Assert.True(variable.ValueFrom is null, $"{spec.Name}: {variable.Name} comes from a source this test does not run.");
                environment[variable.Name] = KubeletExpansion.Expand(variable.Value ?? string.Empty, environment);
            }
        }

        return environment;
    }

    private static async Task<IEnumerable<string>> SecurityArgumentsAsync(V1PodSpec pod, V1Container spec)
    {
        var user = spec.SecurityContext?.RunAsUser ?? pod.SecurityContext?.RunAsUser;
        var group = spec.SecurityContext?.RunAsGroup ?? pod.SecurityContext?.RunAsGroup;
        var nonRoot = spec.SecurityContext?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot ?? false;
        if (nonRoot)
        {
            // The kubelet refuses to start a runAsNonRoot container whose user is root or unknown to it.
            var effective = user ?? long.Parse((await Podman.RunAsync("image", "inspect", "--format", "{{.Config.User}}", spec.Image)).Split(':')[0] is { Length: > 0 } imageUser ? imageUser : "0", CultureInfo.InvariantCulture);
            Assert.True(effective != 0, $"{spec.Name} must run as non-root, but would run as root.");
        }

        var args = new List<string>();
        if (user is not null)
        {
            args.AddRange(["--user", group is null ? $"{user}" : $"{user}:{group}"]);
        }

        if (pod.SecurityContext?.FsGroup is { } fsGroup)
        {
            args.AddRange(["--group-add", fsGroup.ToString(CultureInfo.InvariantCulture)]);
        }

        if (spec.SecurityContext?.ReadOnlyRootFilesystem == true)
        {
            // Podman would otherwise mount writable folders of its own on /tmp, /var/tmp and /run.
            args.AddRange(["--read-only", "--read-only-tmpfs=false"]);
        }

        if (spec.SecurityContext?.Capabilities?.Drop?.Contains("ALL") == true)
        {
            args.Add("--cap-drop=all");
        }

        if (spec.SecurityContext?.AllowPrivilegeEscalation == false)
        {
            args.AddRange(["--security-opt", "no-new-privileges"]);
        }

        return args;
    }

    // As the kubelet: the limits become the container's cgroup limits (requests only place the pod on a node).
    private static List<string> LimitArguments(V1Container spec)
    {
        var args = new List<string>();
        foreach (var (resource, quantity) in spec.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>())
        {
            Assert.True(resource is "cpu" or "memory", $"{spec.Name} limits '{resource}', which this test does not run.");
            args.AddRange(resource == "cpu"
                ? ["--cpus", quantity.ToDecimal().ToString(CultureInfo.InvariantCulture)]
                : ["--memory", $"{quantity.ToDecimal().ToString("F0", CultureInfo.InvariantCulture)}b"]);
        }

        return args;
    }

    private static async Task<IEnumerable<string>> MountArgumentsAsync(
        string name, V1PodSpec pod, V1Container spec, IReadOnlyList<V1PersistentVolumeClaim> claims, string folder)
    {
        var args = new List<string>();
        foreach (var mount in spec.VolumeMounts ?? [])
        {
            var volume = pod.Volumes?.FirstOrDefault(candidate => candidate.Name == mount.Name);
            if (volume?.EmptyDir is not null)
            {
                args.AddRange(["--mount", $"type=tmpfs,destination={mount.MountPath},tmpfs-mode=1777"]);
            }
            else if (volume is null && claims.Any(claim => claim.Metadata.Name == mount.Name))
            {
                args.AddRange(["--volume", $"{await NewClaimFolderAsync(ClaimFolder(folder, name, mount.Name), pod.SecurityContext?.FsGroup)}:{mount.MountPath}"]);
            }
            else if (volume?.PersistentVolumeClaim is { } claim)
            {
                // A claim of its own, not of a template: one folder, whichever container mounts it.
                args.AddRange(["--volume", $"{await NewClaimFolderAsync(Path.Combine(folder, claim.ClaimName), pod.SecurityContext?.FsGroup)}:{mount.MountPath}"]);
            }
            else
            {
                Assert.Fail($"{spec.Name} mounts '{mount.Name}', a kind of volume this test does not run.");
            }
        }

        return args;
    }

    /// <summary>
    /// Where the claim <paramref name="claim"/> of the container <paramref name="name"/> lives under <paramref name="folder"/>.
    /// Files put there before the start are on the claim, as on a volume restored from a backup.
    /// </summary>
    public static string ClaimFolder(string folder, string name, string claim) => Path.Combine(folder, $"{name}-{claim}");

    /// <summary>
    /// A claim as a provisioner makes it (root's, 0755) the first time, then, at every mount, given to fsGroup as the
    /// kubelet does. Never 0755 again once made: another container of the pod may be writing to it already (a data node
    /// creating its append-only folder while its Sentinel's mount of the same claim is prepared).
    /// </summary>
    private static async Task<string> NewClaimFolderAsync(string path, long? fsGroup)
    {
        string[][] made = Directory.Exists(path) ? [] : [["chmod", "0755", path]];
        Directory.CreateDirectory(path);
        string[][] steps = fsGroup is { } group
            ? [.. made, ["chown", $"0:{group}", path], ["chmod", "2775", path]]
            : made;
        foreach (var step in steps)
        {
            var (exitCode, output) = await ExternalTool.RunAsync(step[0], step[1..]);
            Assert.True(exitCode == 0, $"{string.Join(' ', step)} failed: {output}");
        }

        return path;
    }

    /// <summary>Whether the container is running now.</summary>
    public async Task<bool> IsRunningAsync() => await Podman.RunAsync("inspect", "--format", "{{.State.Running}}", Name) == "true";

    /// <summary>Waits for the container to exit, at most <paramref name="timeout"/>, and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await Bounded.UntilAsync(async () => !await IsRunningAsync(), timeout, $"container {Name} to exit");
        return int.Parse(await Podman.RunAsync("inspect", "--format", "{{.State.ExitCode}}", Name), CultureInfo.InvariantCulture);
    }

    public Task<string> LogsAsync() => Podman.RunAsync("logs", Name);

    /// <summary>
    /// Runs <paramref name="command"/> in the container with <paramref name="secrets"/> added to its environment. Podman
    /// is given their names only and reads the values from its own environment, so no command line holds them.
    /// </summary>
    public async Task<(int ExitCode, string Output)> ExecAsync(IReadOnlyDictionary<string, string> secrets, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var (exitCode, output) = await ExternalTool.RunAsync(
            TestImages.Runtime, ["exec", .. secrets.Keys.SelectMany(secret => new[] { "--env", secret }), Name, .. command], null, ExternalTool.DefaultTimeout, secrets);
        return (exitCode, output.Trim());
    }

    /// <summary>
    /// Runs the spec's preStop command, if it has one, as the kubelet does before it sends SIGTERM: for at most
    /// <paramref name="budget"/> (what is left of the grace period). Returns what it printed.
    /// </summary>
    public async Task<string> RunPreStopAsync(TimeSpan budget)
    {
        if (Spec.Lifecycle?.PreStop is not { } preStop)
        {
            return string.Empty;
        }

        var command = Assert.IsType<V1ExecAction>(preStop.Exec, exactMatch: true).Command;
        // The kubelet goes on to stop the container whatever the hook's outcome, or when the grace period is up.
        try
        {
            var (exitCode, output) = await ExternalTool.RunAsync(TestImages.Runtime, ["exec", Name, .. command], null, budget);
            return $"preStop of {Spec.Name} exited {exitCode}: {output.Trim()}";
        }
        catch (TimeoutException)
        {
            return $"preStop of {Spec.Name} was still running when the grace period ({budget.TotalSeconds:F0} s) was up";
        }
    }

    /// <summary>Removes the container, running or not, at once.</summary>
    public Task RemoveAsync() => Podman.TryAsync("rm", "--force", "--time", "0", Name);

    /// <summary>The 127.0.0.1 port that reaches <paramref name="containerPort"/>.</summary>
    public async Task<int> HostPortAsync(int containerPort)
    {
        var published = await Podman.RunAsync("port", Name, $"{containerPort}/tcp");
        return int.Parse(published.Split('\n')[0].Split(':')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>The PIDs of the container's processes, as the host sees them.</summary>
    public async Task<IReadOnlyList<int>> ProcessesAsync() =>
        ProcessTree.Of(int.Parse(await Podman.RunAsync("inspect", "--format", "{{.State.Pid}}", Name), CultureInfo.InvariantCulture));

    /// <summary>Runs <paramref name="probe"/> once, as the kubelet would, and says whether it succeeded and what it saw.</summary>
    public async Task<(bool Succeeded, string Seen)> ProbeAsync(V1Probe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var timeout = TimeSpan.FromSeconds(probe.TimeoutSeconds ?? 1);

        if (probe.Exec is { } exec)
        {
            var (exitCode, output) = await ExternalTool.RunAsync(TestImages.Runtime, ["exec", Name, .. exec.Command], null, timeout + TimeSpan.FromSeconds(5));
            return (exitCode == 0, $"exit {exitCode} {output.Trim()}");
        }

        Assert.True(probe.HttpGet is not null, $"{Spec.Name} has a probe this test does not run (only exec and httpGet).");
        var get = probe.HttpGet;
        var port = int.TryParse(get.Port.Value, CultureInfo.InvariantCulture, out var number)
            ? number
            : Assert.Single(Spec.Ports ?? [], candidate => candidate.Name == get.Port.Value).ContainerPort;
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            var uri = new Uri($"{(get.Scheme ?? "HTTP").ToLowerInvariant()}://127.0.0.1:{await HostPortAsync(port)}{get.Path}");
            using var response = await http.GetAsync(uri);
            var status = (int)response.StatusCode;
            return (status is >= 200 and < 400, $"{uri.AbsolutePath}: {status}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{get.Path}: {exception.Message}");
        }
    }

    /// <summary>Probes until <paramref name="probe"/> succeeds, within the budget its own spec gives the kubelet.</summary>
    public async Task<TimeSpan> WaitUntilProbeSucceedsAsync(V1Probe probe, string what, TimeSpan? longer = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var budget = longer ?? TimeSpan.FromSeconds((probe.InitialDelaySeconds ?? 0) + ((probe.PeriodSeconds ?? 10) * (probe.FailureThreshold ?? 3)));
        var clock = Stopwatch.StartNew();
        var last = string.Empty;
        try
        {
            await Bounded.UntilAsync(
                async () =>
                {
                    if (!await IsRunningAsync())
                    {
                        throw new InvalidOperationException($"{Name} exited before its {what} succeeded:\n{await LogsAsync()}");
                    }

                    (var succeeded, last) = await ProbeAsync(probe);
                    return succeeded;
                },
                budget,
                $"the {what} of {Name}");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} It last saw: {last}\n{await LogsAsync()}", exception);
        }

        return clock.Elapsed;
    }
}
