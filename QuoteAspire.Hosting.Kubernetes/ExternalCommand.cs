using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Runs the tools a deployment drives (dotnet, kubectl), each within a time limit, with no input to
/// wait for, its output collected and logged line by line.
/// </summary>
internal static class ExternalCommand
{
    /// <summary>What a command printed, and how it ended.</summary>
    public sealed record Outcome(int ExitCode, string Output, bool TimedOut)
    {
        public bool Succeeded => ExitCode == 0 && !TimedOut;

        /// <summary>The last lines of the output, for a message that says why it failed.</summary>
        public string Tail => string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
    }

    public static async Task<Outcome> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            // No tool may wait for an answer nobody will type (kubectl asks for a user name, for one).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', arguments);
        KubernetesPublisherLog.Running(logger, program, commandLine);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new Outcome(-1, $"{program} could not be started: {exception.Message}", TimedOut: false);
        }

        using (process)
        {
            var output = new StringBuilder();
            void Collect(object sender, DataReceivedEventArgs line)
            {
                if (line.Data is null)
                {
                    return;
                }

                lock (output)
                {
                    output.AppendLine(line.Data);
                }

                KubernetesPublisherLog.Output(logger, program, line.Data);
            }

            process.StandardInput.Close();
            process.OutputDataReceived += Collect;
            process.ErrorDataReceived += Collect;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new Outcome(-1, output.ToString(), TimedOut: true);
            }

            return new Outcome(process.ExitCode, output.ToString(), TimedOut: false);
        }
    }
}
