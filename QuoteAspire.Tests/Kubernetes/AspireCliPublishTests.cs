using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>
/// The Aspire CLI from the repository's tool manifest (<c>dotnet tool run aspire</c>, Aspire.Cli 13.6.5), run from the
/// repository root as a developer would: it finds the AppHost through the committed <c>aspire.config.json</c>, with no
/// search and no prompt, and <c>aspire publish</c> writes the same manifests as the AppHost's own publish step.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class AspireCliPublishTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);
    private static readonly string GoldenDirectory = Path.Combine(Repository.Root, "QuoteAspire.Tests", "Kubernetes", "Golden");
    private static readonly string ConfigFile = Path.Combine(Repository.Root, "aspire.config.json");

    [Fact]
    public async Task AspirePublishFromTheRepositoryRootFindsTheAppHostWithNoPromptAndWritesTheManifests()
    {
        using var output = new TemporaryFolder("quoteaspire-cli-publish-");
        var configBefore = await File.ReadAllTextAsync(ConfigFile, TestContext.Current.CancellationToken);

        var (exitCode, printed) = await ExternalTool.RunAsync(
            "dotnet",
            [
                "tool", "run", "aspire", "--", "publish", "--non-interactive", "--nologo",
                // The suite's build, as the other tests use it; a build of its own would race theirs.
                "--no-build",
                "--output-path", output.Path,
                // Arguments for the AppHost: neither read nor write the developer's saved deployment state.
                "--", "--clear-cache", "true",
            ],
            Repository.Root,
            PublishTimeout,
            new Dictionary<string, string> { ["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "true" });

        Assert.True(exitCode == 0, $"aspire publish exited with {exitCode}:\n{printed}");
        // With the file committed, the CLI neither searches for an AppHost nor writes a file of its own.
        Assert.DoesNotContain("Finding AppHosts", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Created settings file", printed, StringComparison.Ordinal);
        Assert.Equal(configBefore, await File.ReadAllTextAsync(ConfigFile, TestContext.Current.CancellationToken));

        var published = Directory.EnumerateFiles(output.Path, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var golden = Directory.EnumerateFiles(GoldenDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(golden, published);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(GoldenDirectory, "kustomization.yaml"), TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync(Path.Combine(output.Path, "kustomization.yaml"), TestContext.Current.CancellationToken));
    }
}
