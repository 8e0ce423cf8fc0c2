using System.Diagnostics;
using System.Text;

namespace QuoteAspire.Shared;

/// <summary>
/// Runs a program within a time limit, with no input to wait for, its output and errors collected as one text; a
/// program still running at the limit is killed with its children. Compiled into each project that runs tools (it is
/// linked, not referenced), so no library has to offer a process runner as public API.
/// </summary>
internal static class BoundedProcess
{
    /// <summary>What a program printed, and how it ended.</summary>
    public sealed record Outcome(int ExitCode, string Output, bool TimedOut)
    {
        public bool Succeeded => ExitCode == 0 && !TimedOut;

        /// <summary>The last lines of the output, for a message that says why it failed.</summary>
        public string Tail => string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));

        public static Outcome NotStarted(string why) => new(-1, why, TimedOut: false);
    }

    /// <summary>Runs <paramref name="program"/> and blocks until it ends or <paramref name="timeout"/> passes.</summary>
    public static Outcome Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var output = new CollectedOutput(null);
        if (TryStart(program, arguments, null, output, out var whyNot) is not { } process)
        {
            return Outcome.NotStarted(whyNot);
        }

        using (process)
        {
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new(-1, output.Text, TimedOut: true);
            }

            // The parameterless wait returns once the output is read to its end, too.
            process.WaitForExit();
            return new(process.ExitCode, output.Text, TimedOut: false);
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> until it ends, <paramref name="timeout"/> passes or <paramref name="cancellationToken"/>
    /// is cancelled, handing each line it prints to <paramref name="onLine"/> as it comes.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, Action<string>? onLine, CancellationToken cancellationToken, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new CollectedOutput(onLine);
        if (TryStart(program, arguments, workingDirectory, output, out var whyNot, environment) is not { } process)
        {
            return Outcome.NotStarted(whyNot);
        }

        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new(-1, output.Text, TimedOut: true);
            }

            return new(process.ExitCode, output.Text, TimedOut: false);
        }
    }

    private static Process? TryStart(
        string program, IReadOnlyList<string> arguments, string? workingDirectory, CollectedOutput output, out string whyNot,
        IReadOnlyDictionary<string, string>? environment = null)
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

        // Secrets go here, not in the arguments, where any user's ps would show them.
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            whyNot = $"{program} could not be started: {exception.Message}";
            return null;
        }

        whyNot = $"{program} did not start.";
        if (process is null)
        {
            return null;
        }

        process.StandardInput.Close();
        process.OutputDataReceived += output.Collect;
        process.ErrorDataReceived += output.Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private sealed class CollectedOutput(Action<string>? onLine)
    {
        private readonly StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line.Data);
            }

            onLine?.Invoke(line.Data);
        }
    }
}
