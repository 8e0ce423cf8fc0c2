using System.Diagnostics;
using System.Globalization;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The frontend's image, built once per run the README's way (step 1 of "Deploy to Kubernetes", read from
/// the README) with only the base image and the registry swapped for local ones: a registry on 127.0.0.1
/// that serves the test base image, and receives the build. The image is then pulled into Podman to run.
/// </summary>
public sealed class FrontendImageFixture : IAsyncLifetime
{
    public const string ReadmeCommandStart = "dotnet publish QuoteAspire.ApiService";

    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);

    private LocalRegistry? _registry;
    private TemporaryFolder? _sources;

    /// <summary>Why the image could not be built on this machine, or null when it was.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The README's command, as written there.</summary>
    public IReadOnlyList<string> ReadmeArguments { get; } = ReadmeCommand.Find(ReadmeCommandStart);

    /// <summary>What the build was run with: the README's command with the base image and registry swapped.</summary>
    public IReadOnlyList<string> BuildArguments { get; private set; } = [];

    public LocalRegistry Registry => _registry ?? throw new InvalidOperationException(SkipReason ?? "The registry has not started.");

    /// <summary>The test base image, as the local registry serves it.</summary>
    public string BaseImage { get; private set; } = string.Empty;

    /// <summary>The frontend image in the local registry, also pulled into Podman.</summary>
    public string Image { get; private set; } = string.Empty;

    /// <summary>The README's repository (<c>ContainerRepository</c>), where the build pushed the image.</summary>
    public string Repository => ReadmeCommand.Property(ReadmeArguments, "ContainerRepository");

    /// <summary>The README's tag (<c>ContainerImageTags</c>).</summary>
    public string Tag => ReadmeCommand.Property(ReadmeArguments, "ContainerImageTags");

    public long ImageSize { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        SkipReason = TestImages.MissingPrerequisite
            ?? (AppHost.QuoteStore.MachineProbes.FindProgram(LocalRegistry.Program) is null
                ? $"{LocalRegistry.Program} is not on the PATH: run tools/test-containers/prepare.sh (apt-get install docker-registry)."
                : null);
        if (SkipReason is not null)
        {
            return;
        }

        _registry = await LocalRegistry.StartAsync();
        var baseImage = $"{_registry.Host}/{TestImages.AspNetBase[(TestImages.AspNetBase.IndexOf('/', StringComparison.Ordinal) + 1)..]}";
        await Podman.RunAsync("push", "--quiet", "--tls-verify=false", TestImages.AspNetBase, baseImage);
        BaseImage = baseImage;

        // A copy of the sources, so the Release build cannot disturb the builds the other tests run from.
        _sources = new TemporaryFolder("quoteaspire-image-build-");
        CopySources(Infrastructure.Repository.Root, _sources.Path);

        BuildArguments = [.. ReadmeCommand.WithProperty(ReadmeArguments, "ContainerRegistry", _registry.Host), "-p", $"ContainerBaseImage={baseImage}"];
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await ExternalTool.RunAsync(BuildArguments[0], BuildArguments.Skip(1), _sources.Path, s_buildTimeout);
        BuildTime = clock.Elapsed;
        Assert.True(exitCode == 0, $"The README's image build failed ({string.Join(' ', BuildArguments)}):\n{output}");

        Image = $"{_registry.Host}/{Repository}:{Tag}";
        await Podman.RunAsync("pull", "--quiet", "--tls-verify=false", Image);
        ImageSize = long.Parse(await Podman.RunAsync("image", "inspect", "--format", "{{.Size}}", Image), CultureInfo.InvariantCulture);
    }

    private static void CopySources(string root, string destination)
    {
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "README.md" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(destination, file));
        }

        foreach (var project in new[] { "QuoteAspire.ApiService", "QuoteAspire.ServiceDefaults" })
        {
            var source = new DirectoryInfo(Path.Combine(root, project));
            foreach (var file in source.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source.FullName, file.FullName);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
                {
                    continue;
                }

                var target = Path.Combine(destination, project, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                file.CopyTo(target);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Image.Length > 0)
        {
            await Podman.RunAsync("rmi", "--force", Image);
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _sources?.Dispose();
    }
}
