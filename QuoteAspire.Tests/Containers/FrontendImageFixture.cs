using System.Diagnostics;
using System.Globalization;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(QuoteAspire.Tests.Containers.FrontendImageFixture))]

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// The frontend's image, built once per run the README's way (step 1 of "Deploy to Kubernetes", read from
/// the README, run at the repository's root) with only the base image and the registry swapped for local ones: a
/// registry on 127.0.0.1 that serves the test base image, and receives the build. The image is then pulled into
/// Podman to run. The native compile is <see cref="NativeFrontendBuild"/>'s, done once per run, which the build reuses.
/// Built once per run, the first time a test asks for it (<see cref="EnsureBuiltAsync"/>): a run of other tests pays
/// nothing, and every class that runs the image shares it.
/// </summary>
public sealed class FrontendImageFixture : IAsyncDisposable
{
    public const string ReadmeCommandStart = "dotnet publish QuoteAspire.ApiService";

    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);

    private LocalRegistry? _registry;

    /// <summary>Why the image could not be built on this machine, or null when it was.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The README's command, as written there.</summary>
    public IReadOnlyList<string> ReadmeArguments { get; } = DocumentedCommands.Find(ReadmeCommandStart).Words;

    /// <summary>What the build was run with: the README's command with the base image and registry swapped.</summary>
    public IReadOnlyList<string> BuildArguments { get; private set; } = [];

    public LocalRegistry Registry => _registry ?? throw new InvalidOperationException(SkipReason ?? "The registry has not started.");

    /// <summary>The test base image, as the local registry serves it.</summary>
    public string BaseImage { get; private set; } = string.Empty;

    /// <summary>The frontend image in the local registry, also pulled into Podman.</summary>
    public string Image { get; private set; } = string.Empty;

    /// <summary>The README's repository (<c>ContainerRepository</c>), where the build pushed the image.</summary>
    public string Repository => DocumentedCommands.Property(ReadmeArguments, "ContainerRepository");

    /// <summary>The README's tag (<c>ContainerImageTags</c>).</summary>
    public string Tag => DocumentedCommands.Property(ReadmeArguments, "ContainerImageTags");

    public long ImageSize { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    private readonly Lazy<Task> _naming;
    private readonly Lazy<Task> _build;
    private bool _pulled;

    public FrontendImageFixture()
    {
        _naming = new(NameAsync);
        _build = new(BuildAsync);
    }

    /// <summary>
    /// Starts the registry and names the image (<see cref="Image"/>) without building it: manifests that pin it can be
    /// written, and pods that do not run it (the store's) started, while the native compile, which takes most of a
    /// minute, goes on.
    /// </summary>
    public Task EnsureNamedAsync() => _naming.Value;

    /// <summary>Builds the image the first time it is asked for; then or later, returns once it is built (or cannot be here).</summary>
    public Task EnsureBuiltAsync() => _build.Value;

    private async Task NameAsync()
    {
        SkipReason = TestImages.MissingPrerequisite
            ?? NativeFrontendBuild.MissingPrerequisite
            ?? (Aspire.Hosting.MachineProbes.FindProgram(LocalRegistry.Program) is null
                ? $"{LocalRegistry.Program} is not on the PATH: run tools/test-containers/prepare.sh (apt-get install docker-registry)."
                : null);
        if (SkipReason is not null)
        {
            return;
        }

        _registry = await LocalRegistry.StartAsync();
        Image = $"{_registry.Host}/{Repository}:{Tag}";
    }

    private async Task BuildAsync()
    {
        await EnsureNamedAsync();
        if (SkipReason is not null)
        {
            return;
        }

        // The native compile first, once: the image build then finds it done rather than racing another for the same files.
        await NativeFrontendBuild.PublishAsync();
        var baseImage = $"{Registry.Host}/{TestImages.FrontendBase[(TestImages.FrontendBase.IndexOf('/', StringComparison.Ordinal) + 1)..]}";
        await Podman.RunAsync("push", "--quiet", "--tls-verify=false", TestImages.FrontendBase, baseImage);
        BaseImage = baseImage;

        BuildArguments = [.. DocumentedCommands.WithProperty(ReadmeArguments, "ContainerRegistry", Registry.Host), "-p", $"ContainerBaseImage={baseImage}"];
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await ExternalTool.RunAsync(BuildArguments[0], BuildArguments.Skip(1), Infrastructure.Repository.Root, s_buildTimeout);
        BuildTime = clock.Elapsed;
        Assert.True(exitCode == 0, $"The README's image build failed ({string.Join(' ', BuildArguments)}):\n{output}");

        await Podman.RunAsync("pull", "--quiet", "--tls-verify=false", Image);
        _pulled = true;
        ImageSize = long.Parse(await Podman.RunAsync("image", "inspect", "--format", "{{.Size}}", Image), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pulled)
        {
            await Podman.RunAsync("rmi", "--force", Image);
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

    }
}
