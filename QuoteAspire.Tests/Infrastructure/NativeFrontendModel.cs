using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs a frontend of the AppHost's model from the native executable instead of its project.</summary>
public static class NativeFrontendModel
{
    /// <summary>
    /// Replaces project <paramref name="name"/> with an executable resource of the same name that runs
    /// <paramref name="executable"/> with everything the AppHost gives the project's process: its environment (the
    /// store's connection string, the settings, telemetry, the launch profile's variables) and its waits. One replica.
    /// </summary>
    public static void RunFromExecutable(IDistributedApplicationTestingBuilder builder, string name, string executable)
    {
        var project = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == name);
        builder.Resources.Remove(project);

        var native = builder.AddExecutable(name, executable, Path.GetDirectoryName(executable)!)
            .WithHttpEndpoint(name: "http");
        var http = native.GetEndpoint("http");
        // Before the project's callbacks: the one of them that sets ASPNETCORE_URLS reads the project's endpoints,
        // which never run now, and it leaves a value already set alone.
        native.WithEnvironment(context =>
            context.EnvironmentVariables["ASPNETCORE_URLS"] = ReferenceExpression.Create($"http://localhost:{http.Property(EndpointProperty.TargetPort)}"));
        foreach (var annotation in project.Annotations.Where(annotation => annotation is EnvironmentCallbackAnnotation or WaitAnnotation))
        {
            native.WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Append);
        }

        native.WithHttpHealthCheck("/health");
        // The project's /health check is still registered, under the name the executable's now takes: drop it,
        // the first of the two (no process answers it any more).
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            var stale = options.Registrations.Where(registration => registration.Name.StartsWith($"{name}_", StringComparison.Ordinal))
                .GroupBy(registration => registration.Name)
                .Where(group => group.Count() > 1)
                .Select(group => group.First())
                .ToList();
            stale.ForEach(registration => options.Registrations.Remove(registration));
        });
    }
}
