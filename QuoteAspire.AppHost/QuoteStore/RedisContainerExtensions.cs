using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Makes Aspire's Redis container keep every acknowledged write and prove that it answers.</summary>
public static class RedisContainerExtensions
{
    /// <summary>Where the official image keeps its data, and where Aspire's data volume is mounted.</summary>
    public const string DataDirectory = "/data";

    /// <summary>The Redis user of the official image, which owns <see cref="DataDirectory"/>.</summary>
    public const long RedisImageUser = 999;

    // Asks Redis itself, with the password from the container's environment (never on the command line).
    private const string Ping = $"{AskRedis} | grep -q PONG";

    // As Ping, but a server still loading its data also counts as alive.
    private const string PingOrLoading = $"{AskRedis} | grep -qE '^(PONG|LOADING)'";

    private const string AskRedis = "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli -h \"${TARGET_HOST:-127.0.0.1}\" -p \"${TARGET_PORT:-6379}\" ping";

    /// <summary>
    /// A client waits for the store signed in as <paramref name="user"/>, with that user's password alone: its init
    /// container never holds the administrator's.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesAnswerCheckAs<T>(this IResourceBuilder<T> redis, RedisAclUser user) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(user);
        return redis.WithKubernetesAnswerCheck(
            ["sh", "-c", $"REDISCLI_AUTH=\"${user.PasswordVariable}\" redis-cli --no-auth-warning --user {user.Name} -h \"$TARGET_HOST\" -p \"$TARGET_PORT\" ping | grep -q PONG"],
            user.PasswordVariable);
    }

    /// <summary>Runs the store from <paramref name="image"/> (<c>QuoteStore:Image</c>) instead of Aspire's default Redis image.</summary>
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
        this IResourceBuilder<RedisResource> redis, string dataVolume, AppendFsync appendFsync = AppendFsync.EverySecond, string maxMemory = QuoteStoreOptions.DefaultMaxMemory)
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
                    args.Add("-c");
                    args.Add(RedisServerScript(appendFsync, maxMemory, [.. redis.Resource.Annotations.OfType<RedisAclUserAnnotation>().Select(user => user.User)]));
                }),
                ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// The shell script that starts Redis. The password goes to redis-server as configuration on standard
    /// input (the "-" argument), so it is on no process's command line, not even for the moment before Redis
    /// renames its process. Only the shell's builtins and sed, fed on standard input, see it; sed escapes the
    /// characters redis.conf's quoting gives a meaning to.
    /// </summary>
    /// <remarks>
    /// Full at <paramref name="maxMemory"/>, Redis refuses writes rather than evicting quotes (noeviction), and it
    /// keeps no RDB snapshots beside the append-only file: one copy on the volume, no fork that doubles memory.
    /// </remarks>
    public static string RedisServerScript(AppendFsync appendFsync, string maxMemory = QuoteStoreOptions.DefaultMaxMemory, IReadOnlyList<RedisAclUser>? users = null) =>
        $"""
        exec redis-server - --appendonly yes --appendfsync {appendFsync.ToRedisName()} --dir {DataDirectory} --save "" --maxmemory {maxMemory} --maxmemory-policy noeviction <<EOF
        {string.Join('\n', [$"requirepass {Escaped("REDIS_PASSWORD")}", .. (users ?? []).Select(UserLine)])}
        EOF
        """;

    /// <summary>
    /// A user's line in a container script's redis.conf, its password (and its next password, while it is rotated) read
    /// from the environment and escaped on standard input.
    /// </summary>
    internal static string UserLine(RedisAclUser user) => user.RedisConfigLineWith(
        [Escaped(user.PasswordVariable, prefix: ">"), .. user.AcceptsNextPassword ? [Escaped(user.NextPasswordVariable, prefix: ">")] : Array.Empty<string>()]);

    /// <summary>A variable's value as a redis.conf string, escaped by sed on standard input: never on a command line.</summary>
    internal static string Escaped(string variable, string prefix = "") => $"\"{prefix}$(printf '%s' \"${variable}\" | sed 's/[\\\\\"]/\\\\&/g')\"";

    /// <summary>
    /// How the store runs on Kubernetes: probes and waits that ask Redis, as the image's user, with the memory
    /// <see cref="PodMemory"/> derives from <paramref name="maxMemory"/>.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesRedisDefaults<T>(this IResourceBuilder<T> redis, string maxMemory) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(redis);

        var memory = PodMemory(maxMemory);
        return redis
            .WithKubernetesSettings(new KubernetesResourceSettings { RunAsUser = RedisImageUser, MemoryRequest = memory, MemoryLimit = memory })
            .WithKubernetesExecProbe([ProbeType.Readiness], "sh", "-c", Ping)
            // A Redis replaying a large append-only file answers LOADING: started and alive, only not ready yet. The
            // startup probe must accept it too: a file that takes longer than its budget to load (about 20 s a GB
            // at the 500m CPU limit) would otherwise have the kubelet restart the store, and start loading again, forever.
            .WithKubernetesExecProbe([ProbeType.Startup, ProbeType.Liveness], "sh", "-c", PingOrLoading)
            .WithKubernetesAnswerCheck(["sh", "-c", Ping]);
    }

    /// <summary>
    /// The store pod's memory, requested and limited alike, so a node under memory pressure evicts it last: half as much
    /// again as <paramref name="maxMemory"/>, the data, for what is not data (a fork's copy-on-write pages while it
    /// rewrites the append-only file or serves a full sync, the replication and client buffers), and at least 64Mi more
    /// than the data, for the server itself.
    /// </summary>
    public static string PodMemory(string maxMemory)
    {
        const long MiB = 1 << 20;
        var data = QuoteStoreOptions.Bytes(maxMemory);
        var bytes = Math.Max(data * 3 / 2, data + (64 * MiB));
        return $"{(bytes + MiB - 1) / MiB}Mi";
    }
}
