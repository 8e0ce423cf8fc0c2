using System.Text.Json.Nodes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>The checked-in aspire-manifest.json is what the AppHost publishes today.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class AspireManifestTests
{
    /// <summary>Where the docs give the refresh command; the test runs the arguments given there, in process.</summary>
    public const string RefreshCommandDocument = "docs/kubernetes.md";

    public const string RefreshCommandStart = "dotnet run --project QuoteAspire.AppHost -- --operation publish --step publish-manifest";

    [Fact]
    public async Task CheckedInManifestIsCurrent()
    {
        var refresh = DocumentedCommands.Find(RefreshCommandStart, RefreshCommandDocument);
        using var output = new TemporaryFolder("quoteaspire-manifest-");
        // The page's arguments, with a temporary folder in place of the repository's root.
        var args = DocumentedCommands.WithOption(refresh.Words.SkipWhile(word => word != "--").Skip(1).ToList(), "--output-path", output.Path);
        var (failure, logged) = await KubernetesPublish.RunStepAsync([.. args]);
        Assert.True(failure is null, $"The manifest publish failed: {failure}\n{logged}");

        var fresh = RebaseProjectPaths(File.ReadAllText(Path.Combine(output.Path, "aspire-manifest.json")), output.Path);
        var checkedIn = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "aspire-manifest.json")));
        Assert.True(JsonNode.DeepEquals(checkedIn, fresh), $"aspire-manifest.json is stale; refresh it from the repository root with: {refresh.Text}");
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
