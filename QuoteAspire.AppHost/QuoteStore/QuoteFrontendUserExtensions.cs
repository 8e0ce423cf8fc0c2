using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore.Cluster;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>The frontend's way into the store: as its own user (<see cref="QuoteFrontendUser"/>), never as the administrator.</summary>
public static class QuoteFrontendUserExtensions
{
    /// <summary>
    /// Defines the frontend's user on <paramref name="store"/>, signing in with <paramref name="password"/>, and returns the
    /// connection string the frontend uses: the store's address with <c>user=quote-frontend</c>. A store mode that
    /// defines no users yet returns the store itself.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddFrontendStoreUser(
        this IResourceBuilder<IResourceWithConnectionString> store, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(password);

        switch (store.Resource)
        {
            case RedisCompatibleServerResource server:
                server.Annotations.Add(new RedisAclUserAnnotation(QuoteFrontendUser.Rules, password.Resource));
                return Login(store, ReferenceExpression.Create(
                    $"{server.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={QuoteFrontendUser.Name},password={password.Resource}"));
            case RedisReplicatedSetResource set:
                foreach (var node in set.Nodes.Cast<IResource>())
                {
                    Define(store, node, QuoteFrontendUser.Rules, password);
                }

                foreach (var sentinel in set.Sentinels.Cast<IResource>())
                {
                    Define(store, sentinel, QuoteFrontendUser.SentinelRules, password);
                }

                return Login(store, set.ConnectionStringFor(QuoteFrontendUser.Name, password.Resource));
            case RedisReplicatedContainerResource pods:
                // The pods' data node and Sentinel share the pod's environment: one variable serves both.
                Define(store, pods, QuoteFrontendUser.Rules, password);
                pods.Annotations.Add(new RedisAclUserAnnotation(QuoteFrontendUser.SentinelRules, password.Resource) { OnSentinel = true });
                ReplicatedStoreKubernetesExtensions.RewriteSentinelSidecar(pods);
                store.ApplicationBuilder.CreateResourceBuilder(pods).WithKubernetesAnswerCheckAs(QuoteFrontendUser.Rules);
                return Login(store, pods.ConnectionStringFor(QuoteFrontendUser.Name, password.Resource));
            case RedisResource redis:
                // Its script writes the user into the configuration from this variable (RedisServerArguments).
                redis.Annotations.Add(new RedisAclUserAnnotation(QuoteFrontendUser.Rules, password.Resource));
                store.ApplicationBuilder.CreateResourceBuilder(redis)
                    .WithEnvironment(QuoteFrontendUser.Rules.PasswordVariable, password)
                    .WithKubernetesAnswerCheckAs(QuoteFrontendUser.Rules);
                return Login(store, ReferenceExpression.Create(
                    $"{redis.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={QuoteFrontendUser.Name},password={password.Resource}"));
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

    private static IResourceBuilder<IResourceWithConnectionString> Login(IResourceBuilder<IResourceWithConnectionString> store, ReferenceExpression connectionString) =>
        store.ApplicationBuilder.AddResource(new RedisClientUserResource($"{store.Resource.Name}-as-frontend", connectionString));
}
