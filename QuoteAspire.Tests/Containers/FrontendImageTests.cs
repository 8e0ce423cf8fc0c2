using System.Globalization;
using System.Text.Json;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Containers;

/// <summary>README step 1 builds and pushes the frontend image, with only the base image and the registry swapped.</summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class FrontendImageTests(FrontendImageFixture image) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await image.EnsureBuiltAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void TheReadmeNamesTheRegistryByItsHostAndThePathInTheRepository()
    {
        var registry = DocumentedCommands.Property(image.ReadmeArguments, "ContainerRegistry");

        Assert.DoesNotContain('/', registry);
        Assert.EndsWith("/quote-frontend", image.Repository, StringComparison.Ordinal);
        Assert.Equal(["dotnet", "publish", "QuoteAspire.ApiService"], image.ReadmeArguments.Take(3));
        Assert.Contains("/t:PublishContainer", image.ReadmeArguments);
    }

    [Fact]
    public async Task TheImageStartsFromRuntimeDepsBecauseTheFrontendIsPublishedNativeAot()
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            "dotnet",
            ["msbuild", "QuoteAspire.ApiService", "-t:ComputeContainerBaseImage", "-p:Configuration=Release", "-getProperty:ContainerBaseImage"],
            Infrastructure.Repository.Root,
            ExternalTool.DefaultTimeout);

        Assert.True(exitCode == 0, output);
        // The SDK's own choice for a build with no .NET runtime to carry: what a user without a mirror gets.
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheImageCarriesTheNativeExecutableAloneWithNoAssembliesToJit()
    {
        image.SkipWhenUnavailable();

        var app = (await Podman.RunAsync("run", "--rm", "--entrypoint", "/bin/ls", image.Image, "/app"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("QuoteAspire.ApiService", app);
        Assert.DoesNotContain(app, file => file.EndsWith(".dll", StringComparison.Ordinal) || file.EndsWith(".dbg", StringComparison.Ordinal));
        // The base here is a local stand-in, so only the layers the SDK adds on top of it say what the frontend costs.
        var addedBytes = await LayersAddedToTheBaseAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{image.Image}: the frontend's layers add {addedBytes / 1_000_000.0:F1} MB to its base ({string.Join(", ", app)} in /app)"));
    }

    private async Task<long> LayersAddedToTheBaseAsync()
    {
        static long[] Sizes(string historyJson) =>
            [.. JsonDocument.Parse(historyJson).RootElement.EnumerateArray().Select(layer => layer.GetProperty("size").GetInt64())];

        // History lists the newest layer first: the frontend's layers come before the base's.
        var built = Sizes(await Podman.RunAsync("history", "--format", "json", image.Image));
        var baseLayers = Sizes(await Podman.RunAsync("history", "--format", "json", TestImages.FrontendBase));
        return built.Take(built.Length - baseLayers.Length).Sum();
    }

    [Fact]
    public async Task TheImageHoldsTheGcsFirstGenerationTo4MegabytesBecauseTheGcReadsItFromTheEnvironmentOnly()
    {
        image.SkipWhenUnavailable();

        var environment = JsonSerializer.Deserialize<string[]>(await Podman.RunAsync("image", "inspect", "--format", "{{json .Config.Env}}", image.Image)) ?? [];

        // Hexadecimal, as the runtime reads it: 0x400000 bytes. Every pod of the image runs with it.
        Assert.Contains("DOTNET_GCgen0size=400000", environment);
    }

    [Fact]
    public async Task TheReadmesCommandPushesTheFrontendImageToTheRegistryItNames()
    {
        image.SkipWhenUnavailable();

        var tags = JsonDocument.Parse(await image.Registry.TagsOfAsync(image.Repository)).RootElement.GetProperty("tags");
        var config = await Podman.RunAsync("image", "inspect", "--format", "{{.Config.User}} {{json .Config.Entrypoint}} {{json .Config.Env}}", image.Image);

        Assert.Contains(image.Tag, tags.EnumerateArray().Select(tag => tag.GetString()));
        // The SDK takes the user from the base image's APP_UID, as with Microsoft's images.
        Assert.StartsWith("1654 ", config, StringComparison.Ordinal);
        Assert.Contains("QuoteAspire.ApiService", config, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{image.Image}: {image.ImageSize / 1_000_000.0:F1} MB, built and pushed in {image.BuildTime.TotalSeconds:F0} s by: {string.Join(' ', image.BuildArguments)}"));
    }
}
