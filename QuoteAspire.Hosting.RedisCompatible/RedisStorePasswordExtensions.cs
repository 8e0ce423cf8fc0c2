using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The passwords of a store and of its users, as secret parameters.</summary>
public static class RedisStorePasswordExtensions
{
    /// <summary>
    /// Adds the secret parameter <paramref name="name"/>, unless <c>Parameters:NAME</c> sets it: 32 letters and digits, new
    /// for every local run (never saved, so a laptop's password cannot end up on a cluster), generated once per
    /// deployment when publishing (the deploy step keeps it).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The parameter's builder.</returns>
    public static IResourceBuilder<ParameterResource> AddStorePassword(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        return builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);
    }
}
