using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Publishes the manifests as README says, <c>--step publish-kubernetes --output-path DIR</c>, with the arguments in one
/// place: in process, through the AppHost's own entry point, so a test of the output starts no program. The
/// <c>dotnet run</c> and <c>aspire publish</c> doors are tested once each (<see cref="AppHostProcess"/>).
/// </summary>
public static class KubernetesPublish
{
    /// <summary>The AppHost's arguments that publish into <paramref name="outputDirectory"/>, with <paramref name="settings"/> (<c>Key=value</c>) after them.</summary>
    public static string[] Arguments(string outputDirectory, params string[] settings) =>
    [
        "--operation", "publish", "--step", KubernetesBuilderExtensions.PublishStepName, "--output-path", outputDirectory,
        // Neither read nor write Aspire's deployment state: a password saved there would override the one a test gives,
        // and the developer's own saved password stays as it was.
        "--clear-cache", "true",
        .. settings,
    ];

    /// <summary>Publishes into <paramref name="outputDirectory"/>; returns what the AppHost logged. Fails if the publish does.</summary>
    public static async Task<string> RunAsync(string outputDirectory, params string[] settings)
    {
        var (failure, logged) = await TryAsync(outputDirectory, settings);
        Assert.True(failure is null, $"The publish failed: {failure}\n{logged}");
        return logged;
    }

    /// <summary>Publishes into <paramref name="outputDirectory"/>; returns why it failed (or null) and what the AppHost logged.</summary>
    public static Task<(Exception? Failure, string Logged)> TryAsync(string outputDirectory, params string[] settings) =>
        RunStepAsync(Arguments(outputDirectory, settings));

    /// <summary>Runs the AppHost in process with <paramref name="args"/> (a publish operation) until its pipeline ends.</summary>
    public static async Task<(Exception? Failure, string Logged)> RunStepAsync(string[] args)
    {
        var logs = new CapturedLogs();
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(args, TestContext.Current.CancellationToken)
                .WaitAsync(AppHostProcess.PublishTimeout, "the AppHost model to build");
            builder.Services.AddLogging(logging => logging.AddProvider(logs));
            await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken).WaitAsync(AppHostProcess.PublishTimeout, "the app to build");
            await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(AppHostProcess.PublishTimeout, "the publish pipeline to finish");
            return (null, string.Join('\n', logs.Lines));
        }
        catch (Exception failure) when (failure is not TimeoutException)
        {
            return (failure, string.Join('\n', logs.Lines));
        }
    }
}
