using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The replicas of a project, each on its own address behind the port Aspire's proxy shares among them. Aspire calls
/// a resource healthy once one replica is; a test that relies on every replica must wait for each.
/// </summary>
public static class Replicas
{
    private const string UrlsVariable = "ASPNETCORE_URLS";

    /// <summary>How many replicas <paramref name="resource"/> runs (<c>WithReplicas</c>), one unless it says otherwise.</summary>
    public static int CountOf(DistributedApplication app, string resource) =>
        app.ResourceNamed(resource).Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    /// <summary>Waits until every replica of <paramref name="resource"/> is healthy, and returns each one's own address.</summary>
    public static async Task<IReadOnlyList<Uri>> WaitForEveryReplicaHealthyAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var replicas = CountOf(app, resource);
        var healthy = new Dictionary<string, Uri>();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Bounded.ResourceHealthy);
        try
        {
            // The current state of every instance comes first, then its changes.
            await foreach (var update in app.ResourceNotifications.WatchAsync(bounded.Token))
            {
                if (update.Resource.Name == resource && update.Snapshot.HealthStatus == HealthStatus.Healthy
                    && update.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == UrlsVariable)?.Value is { Length: > 0 } urls)
                {
                    healthy[update.ResourceId] = new Uri(urls.Split(';')[0]);
                    if (healthy.Count == replicas)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Waited {Bounded.ResourceHealthy.TotalSeconds} s for all {replicas} replicas of {resource} to be healthy; {healthy.Count} were: {string.Join(", ", healthy.Keys)}");
        }

        return [.. healthy.Values];
    }

    /// <summary>
    /// The instance Aspire's commands and states go by: <paramref name="resource"/> itself when Aspire knows it by that
    /// name or id, else the first running replica of it.
    /// </summary>
    public static async Task<string> InstanceIdAsync(this DistributedApplication app, string resource)
    {
        // Aspire also finds a single instance by its resource's name, while its events carry the instance's id.
        var single = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Any(r => r.Name == resource) && CountOf(app, resource) == 1;
        var found = await app.WaitForInstanceAsync(
            resource,
            state => state.ResourceId == resource || single || state.Snapshot.State?.Text == KnownResourceStates.Running,
            $"{resource}, or a running replica of it",
            byResourceNameToo: true);
        return found.ResourceId;
    }

    /// <summary>
    /// Waits, bounded, until the instance <paramref name="instance"/> (or, <paramref name="byResourceNameToo"/>, any
    /// instance of the resource so named) matches <paramref name="predicate"/>. Aspire's own waits go by resource
    /// name, which every replica shares.
    /// </summary>
    public static async Task<ResourceEvent> WaitForInstanceAsync(
        this DistributedApplication app, string instance, Func<ResourceEvent, bool> predicate, string what, bool byResourceNameToo = false)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(Bounded.ResourceHealthy);
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(bounded.Token))
            {
                if ((update.ResourceId == instance || (byResourceNameToo && update.Resource.Name == instance)) && predicate(update))
                {
                    return update;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Waited {Bounded.ResourceHealthy.TotalSeconds} s for {what}.");
    }

    /// <summary>An HTTP client per replica of <paramref name="resource"/>, straight to the replica's own address.</summary>
    public static async Task<IReadOnlyList<HttpClient>> CreateReplicaClientsAsync(this DistributedApplication app, string resource)
    {
        var addresses = await app.WaitForEveryReplicaHealthyAsync(resource, TestContext.Current.CancellationToken);
        return [.. addresses.Select(address => new HttpClient { BaseAddress = address, Timeout = Bounded.HttpRequest })];
    }
}
