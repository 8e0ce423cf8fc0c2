using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>
/// The replicated store as local containers: the data nodes and the Sentinels each a container of the store's image,
/// running the scripts a cluster's pods run, and finding each other by name on Aspire's container network.
/// </summary>
public static class ReplicatedStoreContainerExtensions
{
    /// <summary>
    /// Adds the set named <paramref name="name"/>: <paramref name="replicas"/> + 1 data nodes (<c>NAME-0</c>, ...) and three
    /// Sentinels (<c>NAME-sentinel-0</c>, ...) from <paramref name="image"/>. Each node keeps its append-only file in a volume
    /// of its own (<see cref="NodeVolume"/>), written as <paramref name="appendFsync"/> says, full at <paramref name="maxMemory"/>;
    /// <paramref name="dataDirectory"/> remembers the last primary, which the next run starts as primary.
    /// </summary>
    public static IResourceBuilder<RedisReplicatedSetResource> AddReplicatedRedisContainers(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> password,
        ImageReference image,
        string dataVolume,
        string dataDirectory,
        AppendFsync appendFsync,
        string maxMemory,
        int replicas = 2,
        int minReplicasToWrite = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataVolume);

        var set = builder.AddReplicatedRedisSet(name, password, dataDirectory, minReplicasToWrite);
        string[] nodes = [.. Enumerable.Range(0, replicas + 1).Select(index => Numbered(name, index))];
        string[] sentinels = [.. Enumerable.Range(0, RedisReplicatedSetBuilderExtensions.SentinelCount).Select(index => Numbered($"{name}-sentinel", index))];
        var sentinelConfig = set.Resource.SentinelConfig;
        var hosts = PeerHostsFolder.CreateForRun(builder, name);
        var scripts = new RedisPeerScripts(name, nodes, sentinelConfig.Quorum)
        {
            SentinelHosts = sentinels,
            // The last run's primary holds the newest data: the others must resync from it, not it from them.
            FirstPrimary = nodes.FirstOrDefault(node => node == set.Resource.PrimaryOfTheLastRun) ?? nodes[0],
            // Every container is on this machine: the Sentinels may act as soon as the programs' Sentinels do.
            DownAfter = sentinelConfig.DownAfter,
            FailoverTimeout = sentinelConfig.FailoverTimeout,
            SharedHostsFile = hosts?.FileInContainer,
        };

        for (var index = 0; index < nodes.Length; index++)
        {
            set.AddReplicatedSetNodeContainer(nodes[index])
                .FromStoreImage(image)
                .WithPeerHosts(hosts)
                .WithVolume(NodeVolume(dataVolume, index), RedisContainerExtensions.DataDirectory)
                // Written as it starts, with the users the store has by then (see RedisClientUserExtensions).
                .WithArgs(context => AddAll(context.Args,
                    (scripts with { DataUsers = UsersOf(context.Resource) }).DataNode(appendFsync, maxMemory, minReplicasToWrite, self: context.Resource.Name)));
        }

        foreach (var sentinel in sentinels)
        {
            set.AddReplicatedSetSentinelContainer(sentinel)
                .FromStoreImage(image)
                .WithPeerHosts(hosts)
                .WithArgs(context => AddAll(context.Args, (scripts with { SentinelUsers = UsersOf(context.Resource) }).Sentinel(self: context.Resource.Name)));
        }

        return set;
    }

    /// <summary>The volume the node numbered <paramref name="index"/> keeps its data in: apart from the single store's.</summary>
    public static string NodeVolume(string dataVolume, int index)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataVolume);
        return $"{dataVolume}{RedisStoreBuilderExtensions.ReplicatedDataSuffix}-{index.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string Numbered(string name, int index) => $"{name}-{index.ToString(CultureInfo.InvariantCulture)}";

    private static void AddAll(IList<object> args, IEnumerable<string> more)
    {
        foreach (var arg in more)
        {
            args.Add(arg);
        }
    }

    private static RedisAclUser[] UsersOf(IResource member) => [.. member.Annotations.OfType<RedisAclUserAnnotation>().Select(user => user.User)];

    private static IResourceBuilder<T> WithPeerHosts<T>(this IResourceBuilder<T> member, PeerHostsFolder? hosts) where T : ContainerResource =>
        hosts is null ? member : hosts.MountInto(member);

    private static IResourceBuilder<T> FromStoreImage<T>(this IResourceBuilder<T> member, ImageReference image) where T : ContainerResource =>
        member
            .WithImage(image.Repository, image.Tag)
            .WithImageRegistry(image.Registry)
            .WithEntrypoint("/bin/sh");
}
