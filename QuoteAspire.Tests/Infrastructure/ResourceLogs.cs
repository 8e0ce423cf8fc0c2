using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Tests.Infrastructure;

public static class ResourceLogs
{
    /// <summary>The first console line of <paramref name="resource"/> that matches, waiting at most <see cref="Bounded.ResourceHealthy"/>.</summary>
    public static async Task<string> WaitForLogLineAsync(this DistributedApplication app, string resource, Func<string, bool> matches)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        // Watch by resource, not by name: DCP runs each resource under a generated instance name.
        var watched = app.ResourceNamed(resource);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(Bounded.ResourceHealthy);

        try
        {
            await foreach (var batch in logs.WatchAsync(watched).WithCancellation(cancellation.Token))
            {
                foreach (var line in batch)
                {
                    if (matches(line.Content))
                    {
                        return line.Content;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Timed out after {Bounded.ResourceHealthy.TotalSeconds:F0} s waiting for a matching console line from {resource}.");
    }

    /// <summary>
    /// What <paramref name="instance"/> last reported (state, exit code, health) and its last <paramref name="lines"/>
    /// console lines: what a failure message needs to say why a resource did not come back.
    /// </summary>
    public static async Task<string> LastWordsAsync(this DistributedApplication app, string instance, int lines = 20)
    {
        var state = app.ResourceNotifications.TryGetCurrentState(instance, out var current)
            ? $"state {current.Snapshot.State?.Text ?? "none"}, exit code {current.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, health {current.Snapshot.HealthStatus?.ToString() ?? "none"}"
                // Each check's own words and when it last ran: a check that failed differs from one that never finished.
                + string.Concat(current.Snapshot.HealthReports.Select(report =>
                    $" (check {report.Name}: {report.Status?.ToString() ?? "not run"}, last run {report.LastRunAt?.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}, {report.Description ?? report.ExceptionText ?? "no description"})"))
            : "no state reported";
        var tail = new Queue<string>(lines);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(Bounded.HttpRequest);
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(instance).WithCancellation(bounded.Token))
            {
                foreach (var line in batch)
                {
                    if (tail.Count == lines)
                    {
                        tail.Dequeue();
                    }

                    tail.Enqueue(line.Content);
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            tail.Enqueue($"(its console log did not finish reading within {Bounded.HttpRequest.TotalSeconds:F0} s)");
        }

        return $"It last reported: {state}. Its last {tail.Count} console lines:\n{string.Join('\n', tail)}";
    }
}
