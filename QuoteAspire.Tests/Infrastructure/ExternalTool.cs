using System.Diagnostics;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs a command-line tool to completion with a bounded wait.</summary>
public static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Runs <paramref name="program"/> and returns its exit code and combined output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args) =>
        RunAsync(program, args, workingDirectory: null, DefaultTimeout);

    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> added to
    /// its environment, killing it after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> args, string? workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout, $"{program} {string.Join(' ', start.ArgumentList)} to finish");
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }
}
