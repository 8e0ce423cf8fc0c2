using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>Adds a replicated Redis store, failed over by Redis Sentinel, run as local programs.</summary>
public static class RedisReplicatedSetBuilderExtensions
{
    /// <summary>The resource type the dashboard shows for the set.</summary>
    public const string ResourceType = "RedisReplicatedSet";

    /// <summary>Sentinels in a set: three, so two still make a majority when one is down with its node.</summary>
    public const int SentinelCount = 3;

    /// <summary>
    /// Adds a replicated set named <paramref name="name"/>: <paramref name="replicas"/> + 1 redis-server nodes
    /// (<c>NAME-0</c>, <c>NAME-1</c>, ...) and three Sentinels (<c>NAME-sentinel-0</c>, ...), all on loopback and all
    /// requiring <paramref name="password"/>. Each node keeps an append-only file in a folder of its own under
    /// <paramref name="dataDirectory"/>; the primary takes writes only while <paramref name="minReplicasToWrite"/>
    /// replicas are in sync with it. The set's connection string names the Sentinels and the set.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name of the set, which is also the connection string name and the name the Sentinels know it by.</param>
    /// <param name="password">The password of every node and Sentinel.</param>
    /// <param name="dataDirectory">Where each node keeps its files, in a folder named after it, and where the last primary is remembered.</param>
    /// <param name="appendFsync">When each node's append-only file is forced to disk.</param>
    /// <param name="maxMemory">The memory each node may fill before it refuses writes; null for no limit.</param>
    /// <param name="replicas">Replicas beside the primary: two, so that one may be lost while writes go on.</param>
    /// <param name="minReplicasToWrite">Replicas that must hold a write before it counts.</param>
    /// <returns>The builder of the set.</returns>
    public static IResourceBuilder<RedisReplicatedSetResource> AddReplicatedRedisServerExecutables(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password,
        string dataDirectory, AppendFsync appendFsync = AppendFsync.EverySecond, string? maxMemory = null, int replicas = 2, int minReplicasToWrite = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minReplicasToWrite);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minReplicasToWrite, replicas);

        var setBuilder = builder.AddReplicatedRedisSet(name, password, dataDirectory, minReplicasToWrite);
        var set = setBuilder.Resource;
        var ports = LoopbackPorts.Reserve(replicas + 1 + SentinelCount);
        for (var index = 0; index <= replicas; index++)
        {
            var nodeName = $"{name}-{index.ToString(CultureInfo.InvariantCulture)}";
            var config = new RedisServerConfig(Path.Combine(dataDirectory, nodeName), appendFsync) { MaxMemory = maxMemory, MinReplicasToWrite = minReplicasToWrite };
            var node = new RedisCompatibleServerResource(nodeName, RedisCompatibleServerBuilderExtensions.RedisServerProgram, builder.AppHostDirectory, password.Resource, config);
            set.AddNode(node);
            builder.AddRedisCompatibleServer(node, RedisCompatibleServerBuilderExtensions.AddRedisServerArgs(node), FollowTheCurrentPrimaryAsync, ports[index])
                .WithParentRelationship(setBuilder);
        }

        // Until the Sentinels say otherwise: the primary of the last run, whose data is the newest, or the first node.
        set.CurrentPrimary = set.FirstPrimary;

        for (var index = 0; index < SentinelCount; index++)
        {
            var sentinel = new RedisSentinelResource($"{name}-sentinel-{index.ToString(CultureInfo.InvariantCulture)}", builder.AppHostDirectory, set);
            set.AddSentinel(sentinel);
            builder.AddSentinelExecutable(sentinel, ports[replicas + 1 + index]).WithParentRelationship(setBuilder);
        }

        return setBuilder;
    }

    /// <summary>
    /// Adds the set named <paramref name="name"/> with no members yet: the resource the dashboard shows with the primary
    /// the Sentinels name, healthy while that primary has <paramref name="minReplicasToWrite"/> replicas in sync. The
    /// name of the last primary is kept in <paramref name="dataDirectory"/> for the next run. Nodes and Sentinels are added
    /// to it as programs (<see cref="AddReplicatedRedisServerExecutables"/>) or as containers
    /// (<see cref="AddReplicatedSetNodeContainer"/>, <see cref="AddReplicatedSetSentinelContainer"/>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name of the set, which is also the connection string name and the name the Sentinels know it by.</param>
    /// <param name="password">The password of every node and Sentinel.</param>
    /// <param name="dataDirectory">Where the name of the last primary is remembered.</param>
    /// <param name="minReplicasToWrite">Replicas that must hold a write before it counts.</param>
    /// <returns>The builder of the set.</returns>
    public static IResourceBuilder<RedisReplicatedSetResource> AddReplicatedRedisSet(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password, string dataDirectory, int minReplicasToWrite = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(minReplicasToWrite);

        var lastPrimary = new LastPrimaryFile(dataDirectory);
        var set = new RedisReplicatedSetResource(name, password.Resource, new RedisSentinelConfig(name, Quorum: SentinelCount / 2 + 1), minReplicasToWrite)
        {
            PrimaryOfTheLastRun = lastPrimary.Read(),
            MemberUsers = RedisSetMemberUsers.AddPasswords(builder, name),
        };
        var healthCheckKey = $"{name}_writable";
        builder.Services.AddHealthChecks().AddCheck(healthCheckKey, new RedisReplicatedSetHealthCheck(set));

        return builder.AddResource(set)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = KnownResourceStates.Starting,
                Properties = [],
            })
            .WithHealthCheck(healthCheckKey)
            .OnInitializeResource((resource, initialized, cancellationToken) =>
            {
                // Watched for the whole run: who the primary is, for the dashboard, for nodes that start again, and for the next run.
                var monitor = new RedisReplicatedSetMonitor(resource, healthCheckKey, initialized.Notifications, initialized.Logger, lastPrimary);
                var stopping = initialized.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = Task.Run(() => monitor.RunAsync(stopping), stopping);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// Adds a data node of <paramref name="set"/> as a container named <paramref name="name"/>, serving on
    /// <see cref="RedisReplicatedContainerResource.DataPort"/>, published on a port of this machine's loopback
    /// chosen now: the same port at every start, so clients outside the containers' network keep finding it. The caller
    /// gives it its image, volume and command line. It is healthy once it answers PING with the set's password.
    /// </summary>
    /// <param name="set">The set the node belongs to.</param>
    /// <param name="name">The node's name, which is also its name on the containers' network.</param>
    /// <returns>The builder of the node.</returns>
    public static IResourceBuilder<RedisReplicatedNodeContainerResource> AddReplicatedSetNodeContainer(
        this IResourceBuilder<RedisReplicatedSetResource> set, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(name);

        var node = new RedisReplicatedNodeContainerResource(name, set.Resource.PasswordParameter);
        set.Resource.AddNode(node);
        var healthCheckKey = $"{name}_ping";
        set.ApplicationBuilder.Services.AddOwnedHealthCheck(healthCheckKey, () => new RedisPingHealthCheck(node));
        var users = set.Resource.MemberUsers;
        return set.ApplicationBuilder.AddResource(node)
            .WithPublishedEndpoint(set)
            // Its script defines the replicas' and the Sentinels' users from these, and signs in to its primary with the first.
            .WithEnvironment(RedisSetMemberUsers.Replication.PasswordVariable, users.ReplicationPassword)
            .WithEnvironment(RedisSetMemberUsers.Sentinel.PasswordVariable, users.SentinelPassword)
            .WithHealthCheck(healthCheckKey)
            .WithParentRelationship(set);
    }

    /// <summary>
    /// Adds a Sentinel of <paramref name="set"/> as a container named <paramref name="name"/>, serving on
    /// <see cref="RedisReplicatedContainerResource.SentinelPort"/>, published on a port of this machine's loopback
    /// chosen now. The caller gives it its image and command line. It is healthy once it names a primary of the set.
    /// </summary>
    /// <param name="set">The set the Sentinel watches.</param>
    /// <param name="name">The Sentinel's name, which is also its name on the containers' network.</param>
    /// <returns>The builder of the Sentinel.</returns>
    public static IResourceBuilder<RedisSentinelContainerResource> AddReplicatedSetSentinelContainer(
        this IResourceBuilder<RedisReplicatedSetResource> set, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(name);

        var sentinel = new RedisSentinelContainerResource(name, set.Resource);
        set.Resource.AddSentinel(sentinel);
        var healthCheckKey = $"{name}_watching";
        set.ApplicationBuilder.Services.AddOwnedHealthCheck(healthCheckKey, () => new RedisSentinelHealthCheck(sentinel));
        return set.ApplicationBuilder.AddResource(sentinel)
            .WithPublishedEndpoint(set)
            // What it signs in to the data nodes with.
            .WithEnvironment(RedisSetMemberUsers.Sentinel.PasswordVariable, set.Resource.MemberUsers.SentinelPassword)
            .WithHealthCheck(healthCheckKey)
            .WithParentRelationship(set);
    }

    // The member's announced port published on the same loopback port at every start, with the set's password in the
    // environment (never on a command line), for the member's own scripts.
    private static IResourceBuilder<T> WithPublishedEndpoint<T>(this IResourceBuilder<T> member, IResourceBuilder<RedisReplicatedSetResource> set)
        where T : RedisReplicatedSetMemberContainerResource =>
        member
            .WithEndpoint(
                name: RedisReplicatedSetMemberContainerResource.PrimaryEndpointName,
                scheme: "tcp",
                port: FreePortFor(set.Resource),
                targetPort: member.Resource.AnnouncedPort,
                isProxied: false)
            .WithEnvironment(PasswordVariable, set.Resource.PasswordParameter);

    // Free now, and none that another member of the set was given.
    private static int FreePortFor(RedisReplicatedSetResource set)
    {
        var taken = set.Nodes.Cast<IRedisReplicatedSetMember>().Concat(set.Sentinels)
            .SelectMany(member => member.Annotations.OfType<EndpointAnnotation>()).Select(endpoint => endpoint.Port).ToHashSet();
        while (true)
        {
            var port = LoopbackPorts.Reserve(1)[0];
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }

    /// <summary>The variable a member container finds the set's password in.</summary>
    public const string PasswordVariable = "REDIS_PASSWORD";

    // A node that starts replicates whichever node is the primary now, so a primary that died and comes back rejoins as a replica.
    private static async Task<RedisCompatibleServerConfig> FollowTheCurrentPrimaryAsync(RedisCompatibleServerResource node, CancellationToken cancellationToken)
    {
        var set = node.Annotations.OfType<ResourceRelationshipAnnotation>().Select(relation => relation.Resource).OfType<RedisReplicatedSetResource>().Single();
        var primary = set.CurrentPrimary ?? throw new InvalidOperationException($"The set '{set.Name}' has no primary to follow.");
        var config = (RedisServerConfig)node.Config;
        if (ReferenceEquals(primary, node))
        {
            return config with { ReplicaOf = null };
        }

        var port = await primary.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(cancellationToken).ConfigureAwait(false);
        return config with { ReplicaOf = $"{RedisCompatibleServerConfig.LoopbackAddress} {port}" };
    }

    private static IResourceBuilder<RedisSentinelResource> AddSentinelExecutable(this IDistributedApplicationBuilder builder, RedisSentinelResource sentinel, int port)
    {
        var set = sentinel.ReplicatedSet;
        var configFile = new PrivateConfigFile(RedisSentinelConfig.FileName);
        var healthCheckKey = $"{sentinel.Name}_watching";
        builder.Services.AddOwnedHealthCheck(healthCheckKey, () => new RedisSentinelHealthCheck(sentinel));

        return builder.AddResource(sentinel)
            .WithEndpoint(name: RedisSentinelResource.PrimaryEndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithArgs(context =>
            {
                context.Args.Add(configFile.FilePath);
                context.Args.Add("--sentinel");
                context.Args.Add("--port");
                context.Args.Add(sentinel.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .OnBeforeResourceStarted(async (resource, started, cancellationToken) =>
            {
                // Written once per run: a Sentinel that starts again reads what it had learned (the current primary
                // among it), which it keeps in this file. The file goes when the AppHost stops.
                if (File.Exists(configFile.FilePath))
                {
                    return;
                }

                var password = await set.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The password of '{set.Name}' has no value.");
                var primary = set.CurrentPrimary ?? set.Nodes[0];
                var port = await primary.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(cancellationToken).ConfigureAwait(false);
                var dataNodePassword = await set.MemberUsers.SentinelPassword.GetValueAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The Sentinels' password of '{set.Name}' has no value.");
                configFile.Write(set.SentinelConfig.Render(
                    password, RedisCompatibleServerConfig.LoopbackAddress, int.Parse(port!, CultureInfo.InvariantCulture),
                    await RedisAclUserAnnotation.ResolveAsync(resource, cancellationToken).ConfigureAwait(false), dataNodePassword));
                started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(configFile.Delete);
            });
    }
}
