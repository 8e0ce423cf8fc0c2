using Microsoft.Extensions.Logging;
using QuoteAspire.Shared;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Runs the tools a deployment drives (dotnet, kubectl), each within a time limit, with no input to
/// wait for, its output collected and logged line by line.
/// </summary>
internal static class ExternalCommand
{
    public static Task<BoundedProcess.Outcome> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var commandLine = string.Join(' ', arguments);
        KubernetesPublisherLog.Running(logger, program, commandLine);
        return BoundedProcess.RunAsync(program, arguments, timeout, line => KubernetesPublisherLog.Output(logger, program, line), cancellationToken, workingDirectory);
    }
}
