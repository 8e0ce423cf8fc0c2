using Aspire.Hosting;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The container images the tests run, built from Debian's packages by <c>tools/test-containers/prepare.sh</c>
/// (no image registry is needed), and the runtime that runs them: Podman.
/// </summary>
public static class TestImages
{
    public const string Runtime = "podman";

    private static readonly Dictionary<string, string> s_names = ReadNames();

    /// <summary>Stands in for the official Redis image: redis-server, redis-cli, /bin/sh, user redis 999 owning /data.</summary>
    public static string Redis => s_names["QUOTEASPIRE_TEST_REDIS_IMAGE"];

    /// <summary>Stands in for <c>docker.io/oliver006/redis_exporter</c>: Debian's exporter as <c>/redis_exporter</c>.</summary>
    public static string RedisExporter => s_names["QUOTEASPIRE_TEST_REDIS_EXPORTER_IMAGE"];

    /// <summary>Stands in for <c>mcr.microsoft.com/dotnet/runtime-deps:10.0</c> as the frontend's base image.</summary>
    public static string FrontendBase => s_names["QUOTEASPIRE_TEST_BASE_IMAGE"];

    private static readonly Lazy<string?> s_missing = new(FindMissingPrerequisite);

    /// <summary>What this machine lacks to run the container tests, or null when it has it all.</summary>
    public static string? MissingPrerequisite => s_missing.Value;

    /// <summary>Skips the calling test, with the reason, when the machine cannot run the test images.</summary>
    public static void SkipUnlessAvailable() => Assert.SkipWhen(MissingPrerequisite is not null, MissingPrerequisite ?? string.Empty);

    private static string? FindMissingPrerequisite()
    {
        const string HowToPrepare = "run tools/test-containers/prepare.sh once, as root, to install Podman and build the test images";
        var runtime = MachineProbes.ProbeContainerRuntime(Runtime);
        if (!runtime.IsHealthy)
        {
            return $"The container tests need Podman ({runtime.Description}): {HowToPrepare}.";
        }

        var missing = new[] { Redis, RedisExporter, FrontendBase }
            .Where(image => !MachineProbes.ObtainImage(Runtime, new QuoteStoreOptions { Image = image }.StoreImage).IsAvailable)
            .ToArray();
        return missing.Length == 0 ? null : $"Podman has no image {string.Join(" nor ", missing)}: {HowToPrepare}.";
    }

    private static Dictionary<string, string> ReadNames() =>
        File.ReadAllLines(Path.Combine(Repository.Root, "tools", "test-containers", "images.env"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
