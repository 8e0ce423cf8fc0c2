using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteAspire.Hosting.Kubernetes;

namespace Aspire.Hosting;

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
    /// <c>kustomization.yaml</c> to the output path (<c>aspire publish</c> runs it too), and the
    /// <c>push-kubernetes</c> and <c>deploy-kubernetes</c> steps.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">
    /// The app's own defaults, such as its namespace; the configuration section <c>Kubernetes</c> overrides them
    /// at publish time. Without it, the application and namespace are named after the AppHost.
    /// </param>
    /// <returns>The application builder.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">
    /// The <c>Kubernetes</c> settings are wrong: the exception lists each (see <see cref="KubernetesPublishingOptions.From"/>).
    /// </exception>
    public static IDistributedApplicationBuilder AddKubernetesPublishing(
        this IDistributedApplicationBuilder builder, Action<KubernetesPublishingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var appHostName = builder.Environment.ApplicationName;
        // Checked now, as the model is built, so a wrong setting stops a run as well as a publish, before any step; each
        // step reads the settings again from the configuration it runs with.
        KubernetesPublishingOptions.From(builder.Configuration, appHostName, configure);
        KubernetesPublishingOptions OptionsOf(PipelineStepContext context) =>
            KubernetesPublishingOptions.From(context.Services.GetRequiredService<IConfiguration>(), appHostName, configure);

        builder.Pipeline.AddStep(PublishStepName, context => FailingTheProcessAsync(async () =>
        {
            var outputDirectory = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var publisher = new KubernetesPublisher(context.Model, context.ExecutionContext, OptionsOf(context));
            var (_, files) = await publisher.PublishAsync(outputDirectory, context.CancellationToken).ConfigureAwait(false);
            KubernetesPublisherLog.Published(context.Logger, files.Count, outputDirectory);
        }), dependsOn: WellKnownPipelineSteps.PublishPrereq, requiredBy: WellKnownPipelineSteps.Publish);

        builder.Pipeline.AddStep(PushStepName, context => FailingTheProcessAsync(() =>
            DeploymentOf(context, OptionsOf(context)).PushAsync(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), context.CancellationToken)),
            dependsOn: WellKnownPipelineSteps.PublishPrereq);

        builder.Pipeline.AddStep(DeployStepName, context => FailingTheProcessAsync(() =>
            DeploymentOf(context, OptionsOf(context)).DeployAsync(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), context.CancellationToken)),
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

    private static KubernetesDeployment DeploymentOf(PipelineStepContext context, KubernetesPublishingOptions options) =>
        new(context.Model, context.ExecutionContext, options, context.Logger);

    /// <summary>Sets how <paramref name="builder"/>'s resource runs on Kubernetes; configuration can still override each value.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="settings">The values this resource needs other than the publisher's defaults; unset ones keep them.</param>
    /// <returns>The resource builder.</returns>
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
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="types">The probes this command serves.</param>
    /// <param name="command">The command and its arguments, run in the container; exit code 0 passes.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesExecProbe<T>(this IResourceBuilder<T> builder, IReadOnlyList<ProbeType> types, params string[] command) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(command);

        return builder.WithAnnotation(new KubernetesExecProbeAnnotation(types, command), ResourceAnnotationMutationBehavior.Append);
    }

    /// <summary>Tells resources that wait for this one how to know it answers (see <see cref="KubernetesAnswerCheckAnnotation"/>).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="builder">The resource builder.</param>
    /// <param name="command">
    /// A program and its arguments that succeed once the resource answers at <c>$TARGET_HOST</c>:<c>$TARGET_PORT</c>, both
    /// in its environment (a shell script as <c>sh</c>, <c>-c</c>, the script, its name and its arguments).
    /// </param>
    /// <param name="secretVariables">The resource's secret variables the command reads; none named means all of its secrets.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithKubernetesAnswerCheck<T>(this IResourceBuilder<T> builder, IReadOnlyList<string> command, params string[] secretVariables) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(secretVariables);
        if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
        {
            throw new ArgumentException("The check needs a program to run.", nameof(command));
        }

        return builder.WithAnnotation(
            new KubernetesAnswerCheckAnnotation([.. command]) { SecretVariables = secretVariables.Length == 0 ? null : secretVariables },
            ResourceAnnotationMutationBehavior.Replace);
    }
}
