using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

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
