using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Evaluates a resource's argument and environment callbacks as Aspire would at start, without starting it.</summary>
public static class ModelInspection
{
    private static readonly DistributedApplicationExecutionContext s_runContext = new(DistributedApplicationOperation.Run);

    public static async Task<IReadOnlyList<object>> GetArgumentsAsync(IResource resource)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return args;
    }

    /// <summary>
    /// What the AppHost logs as it initializes <paramref name="resourceName"/>, as a run would print it, without starting
    /// anything: the model is built and the one event Aspire raises before it starts a resource is raised for it alone.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> LogsOfInitializingAsync(IDistributedApplicationTestingBuilder builder, string resourceName)
    {
        var logs = new CapturedLogs();
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        // An app built, never started, and disposed after a resource's initialize event sometimes waits out the host's whole
        // shutdown timeout (30 s by default, one Fast test in three here) on Aspire's own handlers of that event. Nothing
        // runs to stop: a second is plenty.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken).WaitAsync(Bounded.AppStart, "the AppHost to build");
        var resource = Assert.Single(builder.Resources, resource => resource.Name == resourceName);
        var eventing = app.Services.GetRequiredService<IDistributedApplicationEventing>();
        var initialize = new InitializeResourceEvent(
            resource, eventing, app.Services.GetRequiredService<ResourceLoggerService>(), app.Services.GetRequiredService<ResourceNotificationService>(), app.Services);
        await eventing.PublishAsync(initialize, TestContext.Current.CancellationToken).WaitAsync(Bounded.AppStart, $"{resourceName} to initialize");
        return logs.Lines;
    }

    public static async Task<IReadOnlyDictionary<string, object>> GetEnvironmentAsync(IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(s_runContext, resource, environment, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return environment;
    }
}
