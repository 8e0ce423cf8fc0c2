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
}
