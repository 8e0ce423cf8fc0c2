using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Hosting.RedisCompatible;

internal static class HealthCheckRegistration
{
    /// <summary>
    /// Registers one check instance per resource under <paramref name="key"/>, owned by the container so what it holds
    /// (a connection) is reused between runs and disposed when the app stops.
    /// </summary>
    public static void AddOwnedHealthCheck<T>(this IServiceCollection services, string key, Func<T> create) where T : class, IHealthCheck
    {
        services.AddKeyedSingleton(key, (_, _) => create());
        services.AddHealthChecks().Add(new(key, provider => provider.GetRequiredKeyedService<T>(key), failureStatus: null, tags: null));
    }
}
