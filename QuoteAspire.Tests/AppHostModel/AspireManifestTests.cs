using System.Text.Json.Nodes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>The checked-in aspire-manifest.json is what the AppHost publishes today.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class AspireManifestTests
{
    private const string RefreshCommand =
        "dotnet run --project QuoteAspire.AppHost -- --operation publish --step publish-manifest --output-path . --clear-cache true";

    [Fact]
    public async Task CheckedInManifestIsCurrent()
    {
        using var output = new TemporaryFolder("quoteaspire-manifest-");
        var (failure, logged) = await KubernetesPublish.RunStepAsync(["--operation", "publish", "--step", "publish-manifest", "--output-path", output.Path, "--clear-cache", "true"]);
        Assert.True(failure is null, $"The manifest publish failed: {failure}\n{logged}");

        var fresh = RebaseProjectPaths(File.ReadAllText(Path.Combine(output.Path, "aspire-manifest.json")), output.Path);
        var checkedIn = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "aspire-manifest.json")));
        Assert.True(JsonNode.DeepEquals(checkedIn, fresh), $"aspire-manifest.json is stale; refresh it from the repository root with: {RefreshCommand}");
    }

    [Fact]
    public void CheckedInManifestHoldsNoSecretValue()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "aspire-manifest.json")))!;
        var password = manifest["resources"]!["quote-store-password"]!;

        Assert.Equal("{quote-store-password.inputs.value}", password["value"]!.GetValue<string>());
        Assert.True(password["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.NotNull(password["inputs"]!["value"]!["default"]!["generate"]);
    }

    // Project paths are written relative to the output folder; make them relative to the repository root.
    private static JsonNode RebaseProjectPaths(string json, string outputDirectory)
    {
        var manifest = JsonNode.Parse(json)!;
        foreach (var (_, resource) in manifest["resources"]!.AsObject())
        {
            if (resource?["path"] is JsonValue path)
            {
                var absolute = Path.GetFullPath(Path.Combine(outputDirectory, path.GetValue<string>()));
                resource["path"] = Path.GetRelativePath(Repository.Root, absolute).Replace('\\', '/');
            }
        }

        return manifest;
    }
}
