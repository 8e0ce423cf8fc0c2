using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as plain text: the overall status on the first line, as the default writer does, then a
/// line for each check that is not healthy, saying what is wrong. Probes read the status code; people read the lines.
/// </summary>
public static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);

        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy))
        {
            // Descriptions are written for this page; an exception's message may name internal hosts, so only its type.
            var why = entry.Description ?? $"The check failed ({entry.Exception?.GetType().Name ?? "no reason given"}).";
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(". ").Append(why.ReplaceLineEndings(" "));
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
