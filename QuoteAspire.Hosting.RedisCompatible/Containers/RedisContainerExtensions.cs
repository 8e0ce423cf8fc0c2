using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>Makes Aspire's Redis container keep every acknowledged write and prove that it answers.</summary>
public static class RedisContainerExtensions
{
    /// <summary>Where the official image keeps its data, and where Aspire's data volume is mounted.</summary>
    public const string DataDirectory = "/data";

    /// <summary>The Redis user of the official image, which owns <see cref="DataDirectory"/>.</summary>
    public const long RedisImageUser = 999;

    // Asks Redis itself, with the password from the container's environment (never on the command line).
    private static string[] Ping(params IEnumerable<string> options) => ["sh", .. PeerScriptFile.ShellArguments(PeerScriptFile.StorePing, options)];

    /// <summary>
    /// A client waits for the store signed in as <paramref name="user"/>, with that user's password alone: its init
    /// container never holds the administrator's.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesAnswerCheckAs<T>(this IResourceBuilder<T> redis, RedisAclUser user) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(user);
        return redis.WithKubernetesAnswerCheck(Ping("--user", user.Name, user.PasswordVariable), user.PasswordVariable);
    }

    /// <summary>Runs the store from <paramref name="image"/> instead of Aspire's default Redis image.</summary>
    public static IResourceBuilder<RedisResource> WithStoreImage(this IResourceBuilder<RedisResource> redis, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(image);

        return redis.WithImageRegistry(image.Registry).WithImage(image.Repository, image.Tag);
    }

    /// <summary>
    /// Stores data on the named volume <paramref name="dataVolume"/> with the append-only file, forced to disk as
    /// <paramref name="appendFsync"/> says, and requires the password, replacing the arguments of <c>AddRedis</c>,
    /// which snapshot only now and then.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyPersistence(
        this IResourceBuilder<RedisResource> redis, string dataVolume, AppendFsync appendFsync = AppendFsync.EverySecond, string maxMemory = RedisStoreOptions.DefaultMaxMemory)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataVolume);

        // The command line below is the whole of it, locally as on a cluster. Aspire would otherwise join the
        // arguments into one "-c" string of its own when running (ShellExecution), and add TLS arguments after
        // the script, where the shell ignores them while Aspire's health check expects TLS.
        redis.Resource.ShellExecution = false;

        return redis
            .WithoutHttpsCertificate()
            .WithCertificateTrustScope(CertificateTrustScope.None)
            .WithDataVolume(dataVolume)
            .WithAnnotation(
                new CommandLineArgsCallbackAnnotation(args =>
                {
                    // The image's entrypoint is /bin/sh (set by AddRedis).
                    foreach (var arg in RedisServerArguments(appendFsync, maxMemory, [.. redis.Resource.Annotations.OfType<RedisAclUserAnnotation>().Select(user => user.User)]))
                    {
                        args.Add(arg);
                    }
                }),
                ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// What <c>/bin/sh</c> takes to start Redis alone (<c>Scripts/store-start.sh server</c>). The script gives redis-server
    /// the password as configuration on standard input, so it is on no process's command line; full at
    /// <paramref name="maxMemory"/>, Redis refuses writes rather than evicting data, and it keeps no RDB snapshots beside
    /// the append-only file.
    /// </summary>
    public static IReadOnlyList<string> RedisServerArguments(AppendFsync appendFsync, string maxMemory = RedisStoreOptions.DefaultMaxMemory, IReadOnlyList<RedisAclUser>? users = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(maxMemory);
        return PeerScriptFile.ShellArguments(PeerScriptFile.StoreStart, ["server", .. ServerOptions(appendFsync, maxMemory), .. UserOptions(users ?? [])]);
    }

    /// <summary>The options of <c>store-start.sh</c> that a server and a data node share: how it keeps its data, and how much.</summary>
    internal static IEnumerable<string> ServerOptions(AppendFsync appendFsync, string maxMemory) =>
        ["--appendfsync", appendFsync.ToRedisName(), "--dir", DataDirectory, "--maxmemory", maxMemory];

    /// <summary>
    /// Each user's <c>--user</c> option of <c>store-start.sh</c>: its name, the variables its script reads its password
    /// (and its next password, while it is rotated) from, and its rules.
    /// </summary>
    internal static IEnumerable<string> UserOptions(IEnumerable<RedisAclUser> users) =>
        users.SelectMany(user => new[]
        {
            "--user", user.Name, user.AcceptsNextPassword ? $"{user.PasswordVariable} {user.NextPasswordVariable}" : user.PasswordVariable, user.Rules,
        });

    /// <summary>
    /// How the store runs on Kubernetes: probes and waits that ask Redis, as the image's user, with the memory
    /// <see cref="PodMemory"/> derives from <paramref name="maxMemory"/>.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesRedisDefaults<T>(this IResourceBuilder<T> redis, string maxMemory) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(maxMemory);

        var memory = PodMemory(maxMemory);
        return redis
            .WithKubernetesSettings(new KubernetesResourceSettings { RunAsUser = RedisImageUser, MemoryRequest = memory, MemoryLimit = memory })
            .WithKubernetesExecProbe([ProbeType.Readiness], Ping())
            // A Redis replaying a large append-only file answers LOADING: started and alive, only not ready yet. The
            // startup probe must accept it too: a file that takes longer than its budget to load (about 20 s a GB
            // at the 500m CPU limit) would otherwise have the kubelet restart the store, and start loading again, forever.
            .WithKubernetesExecProbe([ProbeType.Startup, ProbeType.Liveness], Ping("--alive"))
            .WithKubernetesAnswerCheck(Ping());
    }

    /// <summary>
    /// The store pod's memory, requested and limited alike, so a node under memory pressure evicts it last: half as much
    /// again as <paramref name="maxMemory"/>, the data, for what is not data (a fork's copy-on-write pages while it
    /// rewrites the append-only file or serves a full sync, the replication and client buffers), and at least 64Mi more
    /// than the data, for the server itself.
    /// </summary>
    public static string PodMemory(string maxMemory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(maxMemory);
        const long MiB = 1 << 20;
        var data = RedisStoreOptions.Bytes(maxMemory);
        var bytes = Math.Max(data * 3 / 2, data + (64 * MiB));
        return $"{(bytes + MiB - 1) / MiB}Mi";
    }
}
