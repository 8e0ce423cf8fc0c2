using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.Kubernetes;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Makes Aspire's Redis container keep every acknowledged write and prove that it answers.</summary>
public static class RedisContainerExtensions
{
    /// <summary>Where the official image keeps its data, and where Aspire's data volume is mounted.</summary>
    public const string DataDirectory = "/data";

    /// <summary>The Redis user of the official image, which owns <see cref="DataDirectory"/>.</summary>
    public const long RedisImageUser = 999;

    // Asks Redis itself, with the password from the container's environment (never on the command line).
    private const string Ping = "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli -h \"${TARGET_HOST:-127.0.0.1}\" -p \"${TARGET_PORT:-6379}\" ping | grep -q PONG";

    /// <summary>The named volume that keeps a store's data across runs: <c>quoteaspire-quote-store-data</c>.</summary>
    public static string DataVolumeName(string resourceName) => $"quoteaspire-{resourceName}-data";

    /// <summary>
    /// Stores data on a named volume with the append-only file, forced to disk as <paramref name="appendFsync"/>
    /// says, and requires the password, replacing the arguments of <c>AddRedis</c>, which snapshot only now and then.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyPersistence(
        this IResourceBuilder<RedisResource> redis, AppendFsync appendFsync = AppendFsync.EverySecond)
    {
        ArgumentNullException.ThrowIfNull(redis);

        return redis
            // Named rather than generated from the AppHost's path, so it is easy to find and remove.
            .WithDataVolume(DataVolumeName(redis.Resource.Name))
            .WithAnnotation(
                new CommandLineArgsCallbackAnnotation(args =>
                {
                    // The image's entrypoint is /bin/sh (set by AddRedis), so the password stays in the environment.
                    args.Add("-c");
                    args.Add($"exec redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes --appendfsync {appendFsync.ToRedisName()} --dir {DataDirectory}");
                }),
                ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>How the store runs on Kubernetes: probes and waits that ask Redis, as the image's user.</summary>
    public static IResourceBuilder<RedisResource> WithKubernetesRedisDefaults(this IResourceBuilder<RedisResource> redis)
    {
        ArgumentNullException.ThrowIfNull(redis);

        return redis
            .WithKubernetesSettings(new KubernetesResourceSettings { RunAsUser = RedisImageUser, MemoryLimit = "512Mi" })
            .WithKubernetesExecProbe([ProbeType.Startup, ProbeType.Readiness, ProbeType.Liveness], "sh", "-c", Ping)
            .WithKubernetesAnswerCheck(Ping);
    }
}
