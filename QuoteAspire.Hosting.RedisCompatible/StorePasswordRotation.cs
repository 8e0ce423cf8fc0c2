using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
namespace Aspire.Hosting;

/// <summary>
/// A store user's password rotated without downtime, in three deploys, as Redis ACL users allow (a user may hold two
/// passwords at once):
/// <list type="number">
/// <item>add: <c>Parameters:NAME-next=NEW</c> makes every store pod accept NEW beside the current password, which its
/// clients keep using; only the store's pods roll;</item>
/// <item>switch: <c>Parameters:NAME=NEW</c> and <c>Parameters:NAME-next=OLD</c>, with <c>Kubernetes:ReplaceSecrets</c>
/// naming both Secrets: the clients roll to NEW while every store pod accepts both;</item>
/// <item>remove: no <c>-next</c> setting: the store pods roll to accept NEW alone, and the deploy prunes the
/// <c>-next</c> Secret.</item>
/// </list>
/// NAME is the user's password parameter (<c>STORE-replication-password</c>, or a client's own). Published stores and local containers read the next password from the environment; local programs take a new
/// password at every start and have nothing to rotate.
/// </summary>
public static class StorePasswordRotation
{
    /// <summary>What a password parameter's name takes to name its next password.</summary>
    public const string NextSuffix = "-next";

    /// <summary>
    /// Makes <paramref name="store"/> accept, beside each user's password, the next password its configuration names
    /// (<c>Parameters:NAME-next</c>). Called once every user is defined.
    /// </summary>
    /// <exception cref="InvalidOperationException">A next password is set for a store that runs as local programs.</exception>
    public static IResourceBuilder<IResourceWithConnectionString> WithNextPasswordsFromConfiguration(this IResourceBuilder<IResourceWithConnectionString> store)
    {
        ArgumentNullException.ThrowIfNull(store);

        var builder = store.ApplicationBuilder;
        IResource[] members = store.Resource switch
        {
            RedisReplicatedSetResource set => [.. set.Nodes.Cast<IResource>(), .. set.Sentinels.Cast<IResource>()],
            var single => [single],
        };
        var nextPasswords = new Dictionary<string, IResourceBuilder<ParameterResource>>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var users = member.Annotations.OfType<RedisAclUserAnnotation>().Where(user => IsSet(builder, NextOf(user.Password))).ToList();
            if (users.Count == 0)
            {
                continue;
            }

            if (member is not ContainerResource container)
            {
                throw new InvalidOperationException(
                    $"Parameters:{NextOf(users[0].Password)} is set, but '{member.Name}' runs as a program, which takes a new password at every start: " +
                    "a rotation is for a store in containers or on a cluster. Remove the setting.");
            }

            foreach (var user in users)
            {
                var name = NextOf(user.Password);
                if (!nextPasswords.TryGetValue(name, out var next))
                {
                    nextPasswords[name] = next = builder.AddParameter(name, secret: true);
                }

                // In its place: a pod's users keep their order, and so does its script.
                container.Annotations[container.Annotations.IndexOf(user)] =
                    new RedisAclUserAnnotation(user.User with { AcceptsNextPassword = true }, user.Password) { OnSentinel = user.OnSentinel };
                builder.CreateResourceBuilder(container).WithEnvironment(user.User.NextPasswordVariable, next);
            }

            if (container is RedisReplicatedContainerResource pods)
            {
                ReplicatedStoreKubernetesExtensions.RewriteSentinelSidecar(pods);
            }
        }

        return store;
    }

    private static string NextOf(ParameterResource password) => password.Name + NextSuffix;

    private static bool IsSet(IDistributedApplicationBuilder builder, string parameter) =>
        !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{parameter}"]);
}
