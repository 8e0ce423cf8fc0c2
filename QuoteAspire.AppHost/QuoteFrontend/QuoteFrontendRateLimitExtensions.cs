using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Hands the AppHost's rate limit settings to the frontend, locally and in published manifests.</summary>
public static class QuoteFrontendRateLimitExtensions
{
    /// <summary>The AppHost's section; each key set here becomes the frontend's <c>RateLimit:&lt;key&gt;</c>.</summary>
    public const string ConfigurationSection = "QuoteFrontend:RateLimit";

    /// <summary>The settings the frontend understands (see the ApiService's QuotePostRateLimitOptions).</summary>
    public static readonly IReadOnlyList<string> Settings = ["PostsPerSecond", "Burst"];

    /// <summary>
    /// Passes <c>QuoteFrontend:RateLimit:PostsPerSecond</c> and <c>:Burst</c>, when set, to the frontend as
    /// <c>RateLimit__PostsPerSecond</c> and <c>RateLimit__Burst</c>. Unset keys leave the frontend's own defaults.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPostRateLimitSettings(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        var configuration = frontend.ApplicationBuilder.Configuration;
        foreach (var setting in Settings)
        {
            var key = $"{ConfigurationSection}:{setting}";
            if (configuration[key] is not { } value)
            {
                continue;
            }

            // Refused here, at start, rather than by a frontend that then fails to start.
            var number = WholeNumberSetting.Parse(key, value);

            frontend.WithEnvironment($"RateLimit__{setting}", number.ToString(CultureInfo.InvariantCulture));
        }

        return frontend;
    }
}
