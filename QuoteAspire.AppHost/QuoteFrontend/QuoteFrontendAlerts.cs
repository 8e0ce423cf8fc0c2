using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>
/// The frontend's alert, on ASP.NET Core's request metric as Prometheus stores what the pods export over OTLP
/// (<c>Kubernetes:Otlp:Endpoint</c>): <c>http.server.request.duration</c> becomes
/// <c>http_server_request_duration_seconds</c>, and the service name its <c>job</c>.
/// </summary>
public static class QuoteFrontendAlerts
{
    /// <summary>Share of requests answered 5xx past which clients are being failed.</summary>
    public const double ServerErrorRatio = 0.05;

    public static KubernetesAlert ServerErrors(string frontend)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(frontend);

        var requests = $"http_server_request_duration_seconds_count{{job=~\"(.+/)?{frontend}\"";
        return new(
            "QuoteFrontendServerErrors",
            $"sum(rate({requests}, http_response_status_code=~\"5..\"}}[5m])) / sum(rate({requests}}}[5m])) > {ServerErrorRatio.ToString(CultureInfo.InvariantCulture)}",
            "5m",
            "warning",
            $"{frontend} answers {ServerErrorRatio:P0} or more of requests with 5xx",
            "Most 5xx here are 503s: the store away, no replica in sync, or a failover. The problem details name which; the store's own alerts usually fire first.");
    }
}
