using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Hands the AppHost's rate limit settings to the frontend, locally and in published manifests.</summary>
public static class QuoteFrontendRateLimitExtensions
{
    /// <summary>
    /// Passes <c>QuoteFrontend:RateLimit:PostsPerSecond</c> and <c>:Burst</c>, when set, to the frontend as
    /// <c>RateLimit__PostsPerSecond</c> and <c>RateLimit__Burst</c>. Unset keys leave the frontend's own defaults.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPostRateLimitSettings(this IResourceBuilder<ProjectResource> frontend, QuoteFrontendOptions settings)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(settings);

        foreach (var (setting, value) in settings.RateLimit.Given())
        {
            frontend.WithEnvironment($"RateLimit__{setting}", value.ToString(CultureInfo.InvariantCulture));
        }

        return frontend;
    }
}
