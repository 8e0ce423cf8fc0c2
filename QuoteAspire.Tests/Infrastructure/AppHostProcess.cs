using System.Diagnostics;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>Runs the AppHost the way users do, <c>dotnet run --project QuoteAspire.AppHost -- ARGS</c>, to completion.</summary>
public static class AppHostProcess
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the AppHost with <paramref name="args"/> from <paramref name="workingDirectory"/> and returns its output; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["run", "--project", Repository.AppHostProject, "--no-build", "--configuration", Repository.Configuration, "--", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(PublishTimeout, $"the AppHost to finish '{string.Join(' ', args)}'");
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output + await errors;
        Assert.True(process.ExitCode == 0, $"The AppHost exited with {process.ExitCode} for '{string.Join(' ', args)}':\n{text}");
        return text;
    }
}
