using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>How the AppHost itself talks to Sentinels: their own ports, the set's password, short timeouts.</summary>
public static class SentinelConnectionOptions
{
    private const int ConnectTimeoutMilliseconds = 2_000;

    /// <summary>Options for a connection to <paramref name="sentinels"/>, on their ports on this machine, with the set's <paramref name="password"/>.</summary>
    public static async Task<ConfigurationOptions> ForAsync(IEnumerable<IRedisReplicatedSetSentinel> sentinels, ParameterResource password, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions
        {
            Password = await password.GetValueAsync(cancellationToken).ConfigureAwait(false),
            // A Sentinel that is not up yet is tried again in the background, not reported as a failure to connect.
            AbortOnConnectFail = false,
            ConnectTimeout = ConnectTimeoutMilliseconds,
            AsyncTimeout = ConnectTimeoutMilliseconds,
        };
        foreach (var sentinel in sentinels)
        {
            // The port on this machine: a program's own, a container's published one.
            var port = await sentinel.PrimaryEndpoint.Property(EndpointProperty.Port).GetValueAsync(cancellationToken).ConfigureAwait(false);
            options.EndPoints.Add(RedisCompatibleServerConfig.LoopbackAddress, int.Parse(port!, CultureInfo.InvariantCulture));
        }

        return options;
    }

    /// <summary>Options for a connection to <paramref name="sentinel"/> alone.</summary>
    public static Task<ConfigurationOptions> ConnectionOptionsAsync(this IRedisReplicatedSetSentinel sentinel, CancellationToken cancellationToken) =>
        ForAsync([sentinel], sentinel.ReplicatedSet.PasswordParameter, cancellationToken);
}
