using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>Publishing with no password given, as a user first does: the generated one lands in its Secret only.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class GeneratedPasswordPublishingTests
{
    [Fact]
    public async Task AGeneratedStorePasswordIsWrittenOnlyIntoItsSecret()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-generated-");
        var printed = await KubernetesPublish.RunAsync(output.Path);
        var (files, objects) = PublishedManifests.Read(output.Path);

        var secret = Assert.IsType<V1Secret>(objects["secret-quote-store-password.yaml"]);
        var password = secret.StringData["value"];
        Assert.True(password.Length >= 32, "The generated password is at least 32 characters.");
        Assert.NotEqual(PublishedManifests.StorePassword, password);
        Assert.Equal(["secret-quote-store-password.yaml"], files.Where(file => file.Value.Contains(password, StringComparison.Ordinal)).Select(file => file.Key));
        Assert.DoesNotContain(password, printed, StringComparison.Ordinal);
    }
}
