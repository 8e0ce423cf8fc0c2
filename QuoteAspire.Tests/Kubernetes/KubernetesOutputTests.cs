using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>The published folder as a whole, pinned by golden files.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubernetesOutputTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    private static readonly string GoldenDirectory = Path.Combine(Repository.Root, "QuoteAspire.Tests", "Kubernetes", "Golden");

    [Fact]
    public void OutputMatchesTheGoldenFiles()
    {
        const string refresh = "If the change is intended, run ./tools/refresh-golden-manifests.sh and review the diff.";
        var golden = Directory.EnumerateFiles(GoldenDirectory, "*.yaml").ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);

        Assert.True(
            golden.Keys.Order(StringComparer.Ordinal).SequenceEqual(published.Files.Keys.Order(StringComparer.Ordinal)),
            $"Published files [{string.Join(", ", published.Files.Keys.Order(StringComparer.Ordinal))}] differ from the golden ones. {refresh}");
        Assert.All(golden, file => Assert.True(
            file.Value == published.Files[file.Key],
            $"{file.Key} differs from its golden file. {refresh}"));
    }

    [Fact]
    public void EveryPublishedFileEndsWithOneNewline()
    {
        Assert.All(published.Files, file => Assert.True(
            file.Value.EndsWith('\n') && !file.Value.EndsWith("\n\n", StringComparison.Ordinal),
            $"{file.Key} does not end with exactly one newline."));
    }
}
