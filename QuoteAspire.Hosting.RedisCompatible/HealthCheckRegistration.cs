using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Hosting.RedisCompatible;

internal static class HealthCheckRegistration
{
    /// <summary>
    /// How long one run of a check may take. Aspire's health monitor awaits each run before the next, with no bound of its
    /// own: a run that never ended (a connect that never completes) would leave the resource's health as it last was, for
    /// good, however the server fares afterwards. Past this bound the run reports unhealthy and the next one starts.
    /// </summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers one check instance per resource under <paramref name="key"/>, owned by the container so what it holds
    /// (a connection) is reused between runs and disposed when the app stops.
    /// </summary>
    public static void AddOwnedHealthCheck<T>(this IServiceCollection services, string key, Func<T> create) where T : class, IHealthCheck
    {
        services.AddKeyedSingleton(key, (_, _) => create());
        services.AddHealthChecks().Add(new(key, provider => provider.GetRequiredKeyedService<T>(key), failureStatus: null, tags: null, timeout: RunTimeout));
    }
}
