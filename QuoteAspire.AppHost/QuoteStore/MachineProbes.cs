using System.Diagnostics;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Asks the machine what it can run: container runtimes and programs on the PATH.</summary>
public static class MachineProbes
{
    // Long enough for a healthy engine to answer, short enough that a dead socket never stalls start-up.
    private static readonly TimeSpan s_runtimeAnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The probes of this machine, as <see cref="QuoteStoreHostSelector.Choose"/> wants them.</summary>
    public static QuoteStoreHostEnvironment ForThisMachine(string? configuredRuntime) =>
        new(() => ProbeContainerRuntime(configuredRuntime), FindProgram);

    /// <summary>
    /// Asks the runtime Aspire is told to use (<c>ASPIRE_CONTAINER_RUNTIME</c>), or else Docker and then
    /// Podman, for its server version: an answer means the engine runs, not just that its client is installed.
    /// </summary>
    public static ContainerRuntimeStatus ProbeContainerRuntime(string? configuredRuntime)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime.Trim()];
        var findings = new List<string>();

        foreach (var runtime in candidates)
        {
            if (FindProgram(runtime) is null)
            {
                findings.Add($"{runtime} is not installed");
                continue;
            }

            if (AnswersInfo(runtime))
            {
                return new(true, $"{runtime} answers");
            }

            findings.Add($"{runtime} is installed but its engine does not answer");
        }

        return new(false, string.Join(" and ", findings));
    }

    /// <summary>The full path of <paramref name="program"/> in a folder of the PATH, or null.</summary>
    public static string? FindProgram(string program)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var names = OperatingSystem.IsWindows() ? [program + ".exe", program] : new[] { program };
        return folders
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    private static bool AnswersInfo(string runtime)
    {
        var start = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            // Drain both pipes while waiting, so a chatty runtime cannot block on a full buffer.
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_runtimeAnswerTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
