using Aspire.Hosting;
using System.Diagnostics;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The frontend published Native AOT, as its image build publishes it, once per test run. It is published from the
/// repository's own project, so the image builds that follow (the README's, the deploy step's) find the native code
/// compiled and do not compile it again: that takes minutes on two cores. Every caller goes through
/// <see cref="PublishAsync"/> (the image is built only after it), so no two builds of the project's Release output run
/// at once.
/// </summary>
public static class NativeFrontendBuild
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static string? s_executable;

    /// <summary>Where the executable is published: under the project's bin folder, so a later run publishes incrementally.</summary>
    public static string Folder { get; } = Path.Combine(Repository.Root, "QuoteAspire.ApiService", "bin", "Release", "native-tests");

    /// <summary>What this machine lacks to compile natively, or null when it has it all.</summary>
    public static string? MissingPrerequisite =>
        MachineProbes.FindProgram("clang") is null || !File.Exists("/usr/include/zlib.h")
            ? "The Native AOT publish needs clang and zlib1g-dev: apt-get install clang zlib1g-dev (.ci/run installs them)."
            : null;

    /// <summary>Publishes the native frontend the first time it is asked for, and returns its executable's path.</summary>
    public static async Task<string> PublishAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            return s_executable ??= await PublishOnceAsync();
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static async Task<string> PublishOnceAsync()
    {
        var clock = Stopwatch.StartNew();
        // A fresh folder, so nothing an earlier publish left (a JIT build's assemblies) is mistaken for this one's.
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        // At a lower CPU priority: the native compile keeps both cores busy for minutes, and beside it run tests that
        // bound each answer (an HTTP request in 10 s); at equal priority it starved them past their bounds. It takes the
        // CPU they leave, and the tests that need its output wait for it anyway.
        var (exitCode, output) = await ExternalTool.RunAsync(
            "nice",
            ["-n", "10", "dotnet", "publish", "QuoteAspire.ApiService", "-c", "Release", "-o", Folder],
            Repository.Root,
            s_publishTimeout);
        Assert.True(exitCode == 0, $"The native publish of the frontend failed:\n{output}");
        var executable = Path.Combine(Folder, "QuoteAspire.ApiService");
        Assert.True(File.Exists(executable), $"The native publish wrote no {executable}.");
        TestContext.Current.SendDiagnosticMessage($"Published the native frontend in {clock.Elapsed.TotalSeconds:F0} s: {new FileInfo(executable).Length / 1_000_000.0:F1} MB.");
        return executable;
    }
}
