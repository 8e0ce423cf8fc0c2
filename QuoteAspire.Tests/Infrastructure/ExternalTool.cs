using System.Diagnostics;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs a command-line tool to completion with a bounded wait.</summary>
public static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Runs <paramref name="program"/> and returns its exit code and combined output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args) =>
        RunAsync(program, args, workingDirectory: null, DefaultTimeout);

    /// <summary>Runs <paramref name="program"/> in <paramref name="workingDirectory"/>, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> args, string? workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
