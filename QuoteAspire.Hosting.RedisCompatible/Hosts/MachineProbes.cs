using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace Aspire.Hosting;

/// <summary>Asks the machine what it can run: container runtimes, their images and programs on the PATH.</summary>
public static class MachineProbes
{
    // Long enough for a healthy engine to answer on a loaded machine (Podman's `info` took over 5 s on two cores busy
    // with a test run, and the store was wrongly judged to have no runtime), short enough that a dead socket never
    // stalls start-up for long: an engine that is not running fails at once.
    private static readonly TimeSpan s_runtimeAnswerTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a missing store image may take to pull before the AppHost gives up on the container: enough
    /// for Redis's ~50 MB on a slow line, bounded so that a laptop without network still starts.
    /// </summary>
    public static readonly TimeSpan ImagePullTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The probes of this machine, as <see cref="RedisStoreHostSelector.Choose"/> wants them.</summary>
    public static RedisStoreHostEnvironment ForThisMachine(string? configuredRuntime) =>
        new(() => ProbeContainerRuntime(configuredRuntime), FindProgram, ObtainImage);

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

            if (AnswersWithItsVersion(runtime))
            {
                return new(true, $"{runtime} answers", runtime);
            }

            findings.Add($"{runtime} is installed but its engine does not answer");
        }

        return new(false, string.Join(" and ", findings));
    }

    // Docker names its engine's version .ServerVersion and Podman .Version.Version; either client may be the
    // other's stand-in (podman-docker), so both are asked for.
    private static readonly string[] s_engineVersionFormats = ["{{.ServerVersion}}", "{{.Version.Version}}"];

    private static bool AnswersWithItsVersion(string runtime) =>
        s_engineVersionFormats.Any(format => Run(runtime, ["info", "--format", format], s_runtimeAnswerTimeout) is { Succeeded: true, Output: var version } && !string.IsNullOrWhiteSpace(version));

    /// <summary>
    /// Whether <paramref name="runtime"/> has <paramref name="image"/>, or else pulls it within
    /// <see cref="ImagePullTimeout"/>, so that a container is only chosen when it can start.
    /// </summary>
    public static ImageAvailability ObtainImage(string runtime, ImageReference image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtime);
        ArgumentNullException.ThrowIfNull(image);

        if (Run(runtime, ["image", "inspect", "--format", "{{.Id}}", image.ToString()], s_runtimeAnswerTimeout).Succeeded)
        {
            return new(true, $"{runtime} has the image {image}");
        }

        var clock = Stopwatch.StartNew();
        var pull = Run(runtime, ["pull", "--quiet", image.ToString()], ImagePullTimeout);
        if (pull.Succeeded)
        {
            return new(true, string.Create(CultureInfo.InvariantCulture, $"{runtime} pulled the image {image} in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        return new(false, pull.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"{runtime} has no image {image} and could not pull it within {ImagePullTimeout.TotalSeconds:F0} s")
            : $"{runtime} has no image {image} and could not pull it ({FirstLine(pull.Output)})");
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

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "it said nothing";

    private static BoundedProcess.Outcome Run(string program, string[] arguments, TimeSpan timeout) =>
        // The model is built synchronously, so these short questions are asked synchronously, each within its time limit.
        BoundedProcess.Run(program, arguments, timeout);
}
