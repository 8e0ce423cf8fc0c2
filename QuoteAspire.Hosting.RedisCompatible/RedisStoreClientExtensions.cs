using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>What a client of a store added by <c>AddRedisStore</c> needs besides its connection string, in variables it names.</summary>
public static class RedisStoreClientExtensions
{
    /// <summary>
    /// Lets <paramref name="client"/>, which runs on this machine, follow the Sentinels of a replicated store in local
    /// containers: they name nodes by names only the containers resolve, which the map in <paramref name="variable"/>
    /// (<see cref="RedisReplicatedSetResource.AddressMap"/>) turns into published ports. Other stores need nothing.
    /// </summary>
    public static IResourceBuilder<T> WithStoreAddressMap<T>(this IResourceBuilder<T> client, IResourceBuilder<IResourceWithConnectionString> store, string variable)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);

        return store.Resource is RedisReplicatedSetResource { AddressMap: { } map } ? client.WithEnvironment(variable, map) : client;
    }

    /// <summary>
    /// Tells <paramref name="client"/>, in <paramref name="variable"/>, how many replicas of a replicated
    /// <paramref name="store"/> must hold a write before it is acknowledged: as many as its primary needs in sync to take
    /// writes. A single store sets nothing.
    /// </summary>
    public static IResourceBuilder<T> WithWritesConfirmedByReplicas<T>(this IResourceBuilder<T> client, IResourceBuilder<IResourceWithConnectionString> store, string variable)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);

        return store.Resource is IRedisReplicatedStore set
            ? client.WithEnvironment(variable, set.MinReplicasToWrite.ToString(CultureInfo.InvariantCulture))
            : client;
    }
}
