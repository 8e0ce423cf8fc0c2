using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuoteAspire.AppHost.Kubernetes;

/// <summary>Adds Kubernetes publishing to an app and Kubernetes settings to its resources.</summary>
public static class KubernetesBuilderExtensions
{
    /// <summary>The pipeline step: <c>--operation publish --step publish-kubernetes --output-path DIR</c>.</summary>
    public const string PublishStepName = "publish-kubernetes";

    /// <summary>Builds and pushes the images, then publishes manifests pinned to them: <c>--step push-kubernetes</c>.</summary>
    public const string PushStepName = "push-kubernetes";

    /// <summary>Pushes, then applies to the cluster and waits for the rollout: <c>--step deploy-kubernetes</c>, and <c>aspire deploy</c>.</summary>
    public const string DeployStepName = "deploy-kubernetes";

    /// <summary>
    /// Adds the <c>publish-kubernetes</c> step, which writes one YAML file per object and a
    /// <c>kustomization.yaml</c> to the output path. <c>aspire publish</c> runs it too.
    /// </summary>
    public static IDistributedApplicationBuilder AddKubernetesPublishing(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Pipeline.AddStep(PublishStepName, context => FailingTheProcessAsync(async () =>
        {
            var outputDirectory = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var publisher = new KubernetesPublisher(context.Model, context.ExecutionContext, context.Services.GetRequiredService<IConfiguration>());
            var (_, files) = await publisher.PublishAsync(outputDirectory, context.CancellationToken).ConfigureAwait(false);
            KubernetesPublishLog.Published(context.Logger, files.Count, outputDirectory);
        }), dependsOn: WellKnownPipelineSteps.PublishPrereq, requiredBy: WellKnownPipelineSteps.Publish);

        builder.Pipeline.AddStep(PushStepName, context => FailingTheProcessAsync(() =>
            DeploymentOf(context).PushAsync(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), context.CancellationToken)),
            dependsOn: WellKnownPipelineSteps.PublishPrereq);

        builder.Pipeline.AddStep(DeployStepName, context => FailingTheProcessAsync(() =>
            DeploymentOf(context).DeployAsync(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), context.CancellationToken)),
            dependsOn: WellKnownPipelineSteps.DeployPrereq, requiredBy: WellKnownPipelineSteps.Deploy);

        return builder;
    }

    // Aspire reports a failed step in its log, yet `dotnet run` would still exit 0: scripts and CI must see the failure.
    private static async Task FailingTheProcessAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch
        {
            Environment.ExitCode = 1;
            throw;
        }
    }

    private static KubernetesDeployment DeploymentOf(PipelineStepContext context) =>
        new(context.Model, context.ExecutionContext, context.Services.GetRequiredService<IConfiguration>(), context.Logger);

    /// <summary>Sets how <paramref name="builder"/>'s resource runs on Kubernetes; configuration can still override each value.</summary>
    public static IResourceBuilder<T> WithKubernetesSettings<T>(this IResourceBuilder<T> builder, KubernetesResourceSettings settings) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);

        return builder.WithAnnotation(new KubernetesSettingsAnnotation(settings), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Probes the container with a command, for servers without HTTP. Each call sets the probes of its
    /// <paramref name="types"/>: liveness may ask less than readiness, say.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesExecProbe<T>(this IResourceBuilder<T> builder, IReadOnlyList<ProbeType> types, params string[] command) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.WithAnnotation(new KubernetesExecProbeAnnotation(types, command), ResourceAnnotationMutationBehavior.Append);
    }

    /// <summary>Tells resources that wait for this one how to know it answers (see <see cref="KubernetesAnswerCheckAnnotation"/>).</summary>
    public static IResourceBuilder<T> WithKubernetesAnswerCheck<T>(this IResourceBuilder<T> builder, string shellCommand) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.WithAnnotation(new KubernetesAnswerCheckAnnotation(shellCommand), ResourceAnnotationMutationBehavior.Replace);
    }
}

internal static partial class KubernetesPublishLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Wrote {Count} Kubernetes manifest files to {Directory}")]
    public static partial void Published(ILogger logger, int count, string directory);
}
