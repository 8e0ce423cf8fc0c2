using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Alerts on ASP.NET Core's request metric as Prometheus stores what the pods export over OTLP
/// (<c>Kubernetes:Otlp:Endpoint</c>): <c>http.server.request.duration</c> becomes
/// <c>http_server_request_duration_seconds</c>, and the service name its <c>job</c>.
/// </summary>
public static class KubernetesHttpAlerts
{
    /// <summary>
    /// The alert <paramref name="alertName"/>: for five minutes, <paramref name="service"/> has answered at least
    /// <paramref name="ratio"/> of its requests with 5xx.
    /// </summary>
    /// <param name="alertName">The alert's name, the app's own.</param>
    /// <param name="service">The resource, as its pods name their service.</param>
    /// <param name="ratio">The share of requests answered 5xx past which clients are being failed, above 0 and at most 1.</param>
    /// <param name="description">What it means and what to do, in the app's words.</param>
    /// <returns>The alert.</returns>
    public static KubernetesAlert ServerErrors(string alertName, string service, double ratio, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertName);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratio, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);

        var requests = $"http_server_request_duration_seconds_count{{job=~\"(.+/)?{service}\"";
        return new(
            alertName,
            $"sum(rate({requests}, http_response_status_code=~\"5..\"}}[5m])) / sum(rate({requests}}}[5m])) > {ratio.ToString(CultureInfo.InvariantCulture)}",
            "5m",
            "warning",
            $"{service} answers {ratio:P0} or more of requests with 5xx",
            description);
    }
}
