using Microsoft.Extensions.Configuration;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>
/// The frontend's settings in the AppHost, the configuration section <c>QuoteFrontend</c>. Bound as written, as text, so
/// that a value of the wrong kind (<c>Replicas=two</c>) is one more problem <see cref="QuoteFrontendOptionsValidator"/>
/// lists rather than an error the binder throws alone; the typed members read the text once the validator has passed it.
/// </summary>
public sealed class QuoteFrontendOptions
{
    public const string SectionName = "QuoteFrontend";

    public const string PortKey = $"{SectionName}:{nameof(Port)}";
    public const string ReplicasKey = $"{SectionName}:{nameof(Replicas)}";
    public const string TrustedProxiesKey = $"{SectionName}:{nameof(TrustedProxies)}";

    /// <summary>The article's port: <c>curl http://localhost:8000/quotes</c>.</summary>
    public const int ArticlePort = 8000;

    /// <summary>As the article's ReplicationController ran it: two replicas.</summary>
    public const int ArticleReplicas = 2;

    /// <summary><c>QuoteFrontend:Port</c>: the port of localhost the frontend answers on.</summary>
    public string? Port { get; set; }

    /// <summary><c>QuoteFrontend:Replicas</c>: how many replicas run, locally and in the published Deployment; at least 1.</summary>
    public string? Replicas { get; set; }

    /// <summary><c>QuoteFrontend:TrustedProxies</c>: IP addresses and CIDR ranges, separated by commas, semicolons or spaces.</summary>
    public string? TrustedProxies { get; set; }

    /// <summary>The section <c>QuoteFrontend:RateLimit</c>.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The section as configuration holds it, unchecked (see <see cref="QuoteFrontendOptionsValidator"/>).</summary>
    public static QuoteFrontendOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        return configuration.GetSection(SectionName).Get<QuoteFrontendOptions>() ?? new();
    }

    /// <summary>The port: <see cref="ArticlePort"/> when unset.</summary>
    public int PortNumber => QuoteFrontendOptionsValidator.ReadPort(Port).Value;

    /// <summary>How many replicas run: <see cref="ArticleReplicas"/> when unset.</summary>
    public int ReplicaCount => SettingReading.WholeNumber(ReplicasKey, Replicas).Value ?? ArticleReplicas;

    /// <summary>The trusted proxies as the frontend reads them, comma-separated, or null when none is set.</summary>
    public string? TrustedProxyList => QuoteFrontendOptionsValidator.ReadTrustedProxies(TrustedProxies).Value;

    /// <summary>
    /// The section <c>QuoteFrontend:RateLimit</c>: each key set here becomes the frontend's <c>RateLimit:&lt;key&gt;</c>;
    /// unset keys leave the frontend's own defaults.
    /// </summary>
    public sealed class RateLimitOptions
    {
        public const string SectionName = $"{QuoteFrontendOptions.SectionName}:RateLimit";

        public const string PostsPerSecondKey = $"{SectionName}:{nameof(PostsPerSecond)}";
        public const string BurstKey = $"{SectionName}:{nameof(Burst)}";

        /// <summary><c>QuoteFrontend:RateLimit:PostsPerSecond</c>: a whole number of at least 1.</summary>
        public string? PostsPerSecond { get; set; }

        /// <summary><c>QuoteFrontend:RateLimit:Burst</c>: a whole number of at least 1.</summary>
        public string? Burst { get; set; }

        /// <summary>The settings given, by the name the frontend reads them under (see the ApiService's QuotePostRateLimitOptions).</summary>
        public IEnumerable<(string Setting, int Value)> Given()
        {
            if (SettingReading.WholeNumber(PostsPerSecondKey, PostsPerSecond).Value is { } postsPerSecond)
            {
                yield return (nameof(PostsPerSecond), postsPerSecond);
            }

            if (SettingReading.WholeNumber(BurstKey, Burst).Value is { } burst)
            {
                yield return (nameof(Burst), burst);
            }
        }
    }
}
