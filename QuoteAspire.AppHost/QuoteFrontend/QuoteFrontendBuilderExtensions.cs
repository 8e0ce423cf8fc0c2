using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Wiring that makes the frontend answer where the article's curl commands expect it.</summary>
public static class QuoteFrontendBuilderExtensions
{
    /// <summary>
    /// Serves the frontend's http endpoint on <c>QuoteFrontend:Port</c> (default 8000) of localhost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithArticlePort(this IResourceBuilder<ProjectResource> frontend, QuoteFrontendOptions settings)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(settings);

        var port = settings.PortNumber;
        return frontend.WithEndpoint("http", endpoint => endpoint.Port = port);
    }

    /// <summary>
    /// Leaves the frontend on plain http, as its launch profile and a cluster's Service serve it: no server certificate
    /// is configured for it. Aspire otherwise prepares the ASP.NET Core development certificate for every project, and
    /// on a machine that trusts none (any fresh one) every run's dashboard opened under a red "No trusted development
    /// certificate" banner, about a certificate nothing here uses.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutDevelopmentCertificate(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        // An evaluation API in Aspire 13: the one that opts a resource out of the certificate's configuration.
#pragma warning disable ASPIRECERTIFICATES001
        return frontend.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
    }

    /// <summary>
    /// Runs <c>QuoteFrontend:Replicas</c> replicas (default 2) locally, behind the one port Aspire's proxy shares among
    /// them; published, the Deployment runs as many.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithArticleReplicas(this IResourceBuilder<ProjectResource> frontend, QuoteFrontendOptions settings)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(settings);

        return frontend.WithReplicas(settings.ReplicaCount);
    }

    /// <summary>
    /// As in the article, behind a NodePort Service, with as many pods as <c>WithReplicas</c> runs locally; under
    /// load, up to four; watched for 5xx answers when monitoring is published. Memory is sized for the image's native executable (bench/run.sh, docs/benchmarks.md): the
    /// request is above its 52 MB at rest, the limit over twice its peak under load (53 MB, 8 MB more while it
    /// streams the whole list). A JIT image (<c>-p:PublishAot=false</c>) rests at 107 MB and needs 128Mi and 256Mi.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKubernetesFrontendDefaults(this IResourceBuilder<ProjectResource> frontend)
    {
        ArgumentNullException.ThrowIfNull(frontend);

        return frontend
            .WithKubernetesSettings(new KubernetesResourceSettings
            {
                MaxReplicas = 4,
                ServiceType = "NodePort",
                MemoryRequest = NativeFrontendMemoryRequest,
                MemoryLimit = NativeFrontendMemoryLimit,
            })
            .WithKubernetesAlerts(KubernetesHttpAlerts.ServerErrors(
                "QuoteFrontendServerErrors",
                frontend.Resource.Name,
                ServerErrorRatio,
                "Most 5xx here are 503s: the store away, no replica in sync, or a failover. The problem details name which; the store's own alerts usually fire first."));
    }

    /// <summary>Share of requests answered 5xx past which clients are being failed.</summary>
    public const double ServerErrorRatio = 0.05;

    private const string NativeFrontendMemoryRequest = "64Mi";
    private const string NativeFrontendMemoryLimit = "128Mi";

    /// <summary>
    /// Passes <c>QuoteFrontend:RateLimit:PostsPerSecond</c> and <c>:Burst</c>, when set, to the frontend as
    /// <c>RateLimit__PostsPerSecond</c> and <c>RateLimit__Burst</c>, locally and in published manifests. Unset keys leave
    /// the frontend's own defaults.
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

    /// <summary>
    /// Passes <c>QuoteFrontend:TrustedProxies</c> (addresses and CIDR ranges) to the frontend, locally and in the
    /// manifests: only these proxies' <c>X-Forwarded-For</c> names the client whose rate-limit budget a post draws
    /// on. Aspire would otherwise publish forwarded headers trusted from anyone, so a forged header could pick any
    /// client's budget; with no trusted proxy, the client is the connection.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTrustedProxies(this IResourceBuilder<ProjectResource> frontend, QuoteFrontendOptions settings)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(settings);

        frontend.DisableForwardedHeaders();
        return settings.TrustedProxyList is { } proxies ? frontend.WithEnvironment(TrustedProxiesVariable, proxies) : frontend;
    }

    /// <summary>
    /// Passes <c>QuoteStore:CommandTimeout</c>, when set, to the frontend, locally and in the manifests: how long it gives
    /// a store call before it answers 503. Unset, the frontend keeps its one second.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStoreCommandTimeout(this IResourceBuilder<ProjectResource> frontend, QuoteStoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(frontend);
        ArgumentNullException.ThrowIfNull(store);

        return store.CommandTimeoutToPassOn is { } timeout
            ? frontend.WithEnvironment(StoreCommandTimeout.EnvironmentVariable, timeout.ToString("c", CultureInfo.InvariantCulture))
            : frontend;
    }

    /// <summary>The frontend's own setting (TrustedProxies in the ApiService).</summary>
    private const string TrustedProxiesVariable = "TrustedProxies";
}
