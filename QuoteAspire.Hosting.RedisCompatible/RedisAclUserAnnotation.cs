namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A user the store defines besides its administrator, with the password parameter it signs in with: rendered into the
/// server's configuration at each start (see <see cref="RedisAclUser"/>).
/// </summary>
public sealed class RedisAclUserAnnotation(RedisAclUser user, ParameterResource password) : IResourceAnnotation
{
    /// <summary>The user and its rules.</summary>
    public RedisAclUser User { get; } = user ?? throw new ArgumentNullException(nameof(user));

    /// <summary>
    /// Whether it is a user of the Sentinel beside the data node, where both run in one resource (a published pod):
    /// the two define the same user with different rules.
    /// </summary>
    public bool OnSentinel { get; init; }

    /// <summary>The secret the user signs in with.</summary>
    public ParameterResource Password { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>The users of <paramref name="resource"/> with their passwords resolved, for its configuration file.</summary>
    public static async Task<IReadOnlyList<(RedisAclUser User, string Password)>> ResolveAsync(IResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var users = new List<(RedisAclUser, string)>();
        foreach (var annotation in resource.Annotations.OfType<RedisAclUserAnnotation>())
        {
            var password = await annotation.Password.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The password of the store user '{annotation.User.Name}' has no value.");
            users.Add((annotation.User, password));
        }

        return users;
    }
}

/// <summary>
/// The connection string a client of the store uses to sign in as one of its users: the store's addresses with
/// <c>user=NAME,password=...</c>, never the administrator's password.
/// </summary>
public sealed class RedisClientUserResource(string name, ReferenceExpression connectionString) : Resource(name), IResourceWithConnectionString
{
    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
}
