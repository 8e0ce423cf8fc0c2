using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Adds the quote store, wherever <c>QuoteStore:Host</c> says it runs.</summary>
public static class QuoteStoreBuilderExtensions
{
    /// <summary>
    /// Adds a Redis-protocol store named <paramref name="name"/> that requires <paramref name="password"/>:
    /// Aspire's Redis container, the machine's redis-server or Garnet, as <c>QuoteStore:Host</c> and the
    /// machine decide. Whichever runs, clients get the same kind of connection string.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddQuoteStore(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);

        var requested = QuoteStoreHostSelector.Parse(builder.Configuration[QuoteStoreHostSelector.ConfigurationKey]);
        var environment = MachineProbes.ForThisMachine(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]);
        var choice = QuoteStoreHostSelector.Choose(requested, builder.ExecutionContext.IsPublishMode, environment);

        IResourceWithConnectionString store = choice.Host switch
        {
            QuoteStoreHost.Container => builder.AddRedis(name, port: null, password: password)
                .WithAppendOnlyPersistence()
                .WithKubernetesRedisDefaults()
                .Resource,
            QuoteStoreHost.RedisServer => builder.AddRedisServerExecutable(name, password).Resource,
            QuoteStoreHost.Garnet => builder.AddGarnetExecutable(name, password).Resource,
            _ => throw new InvalidOperationException($"No store host is defined for {choice.Host}."),
        };

        return builder.CreateResourceBuilder(store)
            .WithAnnotation(new QuoteStoreHostAnnotation(choice))
            .OnInitializeResource((resource, initialized, _) =>
            {
                // Said in the store's own console in the dashboard, and in the AppHost's output.
                var host = QuoteStoreHostSelector.NameOf(choice.Host);
                QuoteStoreLog.HostChosen(initialized.Logger, resource.Name, host, choice.Reason);
                var appHostLogger = initialized.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QuoteAspire.AppHost");
                QuoteStoreLog.HostChosen(appHostLogger, resource.Name, host, choice.Reason);
                return Task.CompletedTask;
            });
    }
}

internal static partial class QuoteStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Resource} runs as {Host}: {Reason}")]
    public static partial void HostChosen(ILogger logger, string resource, string host, string reason);
}
