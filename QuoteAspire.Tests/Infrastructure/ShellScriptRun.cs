namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Runs a shell script as a container or the kubelet runs it, by <c>/bin/sh</c>, with stand-ins for some of the
/// programs it calls: each is a small script in a folder put first on the <c>PATH</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ShellScriptRun(string folder)
{
    private string Bin => Path.Combine(folder, "bin");

    /// <summary>Puts a program named <paramref name="name"/> first on the script's PATH, running <paramref name="body"/> (sh).</summary>
    public async Task StandInAsync(string name, string body)
    {
        Directory.CreateDirectory(Bin);
        var program = Path.Combine(Bin, name);
        await File.WriteAllTextAsync(program, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Runs <c>sh</c> with <paramref name="arguments"/> and <paramref name="environment"/>, the stand-ins first on the PATH.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ExternalTool.RunAsync(
            "/bin/sh",
            arguments,
            workingDirectory: null,
            ExternalTool.DefaultTimeout,
            new Dictionary<string, string>(environment) { ["PATH"] = $"{Bin}:{Environment.GetEnvironmentVariable("PATH")}" });
}
