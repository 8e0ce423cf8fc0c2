using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>A client's way into a store: as an ACL user of its own, never as the administrator.</summary>
public static class RedisClientUserExtensions
{
    /// <summary>
    /// Defines <paramref name="user"/> on every data server of <paramref name="store"/> and <paramref name="sentinelUser"/>
    /// on its Sentinels, signing in with <paramref name="password"/>, and adds <paramref name="name"/>: the connection string
    /// a client uses, the store's address with <c>user=NAME</c>. A store mode that defines no users yet returns the store itself.
    /// </summary>
    /// <param name="store">A store added by <c>AddRedisStore</c>.</param>
    /// <param name="name">The client's connection resource.</param>
    /// <param name="user">What the client may do on a data server.</param>
    /// <param name="password">The user's password.</param>
    /// <param name="sentinelUser">What it may ask a Sentinel, under the same name: <see cref="RedisAclUser.SentinelClient"/> when null.</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddClientUser(
        this IResourceBuilder<IResourceWithConnectionString> store, [ResourceName] string name, RedisAclUser user,
        IResourceBuilder<ParameterResource> password, RedisAclUser? sentinelUser = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        sentinelUser ??= RedisAclUser.SentinelClient(user.Name);

        switch (store.Resource)
        {
            case RedisCompatibleServerResource server:
                server.Annotations.Add(new RedisAclUserAnnotation(user, password.Resource));
                return Login(store, name, ReferenceExpression.Create(
                    $"{server.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={user.Name},password={password.Resource}"));
            case RedisReplicatedSetResource set:
                foreach (var node in set.Nodes.Cast<IResource>())
                {
                    Define(store, node, user, password);
                }

                foreach (var sentinel in set.Sentinels.Cast<IResource>())
                {
                    Define(store, sentinel, sentinelUser, password);
                }

                return Login(store, name, set.ConnectionStringFor(user.Name, password.Resource));
            case RedisReplicatedContainerResource pods:
                // The pods' data node and Sentinel share the pod's environment: one variable serves both.
                Define(store, pods, user, password);
                pods.Annotations.Add(new RedisAclUserAnnotation(sentinelUser, password.Resource) { OnSentinel = true });
                ReplicatedStoreKubernetesExtensions.RewriteSentinelSidecar(pods);
                store.ApplicationBuilder.CreateResourceBuilder(pods).WithKubernetesAnswerCheckAs(user);
                return Login(store, name, pods.ConnectionStringFor(user.Name, password.Resource));
            case RedisResource redis:
                // Its script writes the user into the configuration from this variable (RedisServerArguments).
                redis.Annotations.Add(new RedisAclUserAnnotation(user, password.Resource));
                store.ApplicationBuilder.CreateResourceBuilder(redis)
                    .WithEnvironment(user.PasswordVariable, password)
                    .WithKubernetesAnswerCheckAs(user);
                return Login(store, name, ReferenceExpression.Create(
                    $"{redis.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={user.Name},password={password.Resource}"));
            default:
                return store;
        }
    }

    // The user on one server; a container's script reads its password from the environment.
    private static void Define(IResourceBuilder<IResourceWithConnectionString> store, IResource server, RedisAclUser user, IResourceBuilder<ParameterResource> password)
    {
        server.Annotations.Add(new RedisAclUserAnnotation(user, password.Resource));
        if (server is ContainerResource container)
        {
            store.ApplicationBuilder.CreateResourceBuilder(container).WithEnvironment(user.PasswordVariable, password);
        }
    }

    // A client's credentials for the store, not something that runs: the dashboard would list it as a resource whose
    // state is Unknown. The store and its client are there; the connection string is in the client's environment.
    private static IResourceBuilder<IResourceWithConnectionString> Login(IResourceBuilder<IResourceWithConnectionString> store, string name, ReferenceExpression connectionString) =>
        store.ApplicationBuilder.AddResource(new RedisClientUserResource(name, connectionString))
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "RedisClientUser", Properties = [], IsHidden = true });
}
