using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>How <c>QuoteStore:AppendFsync</c> and <c>QuoteStore:DataDirectory</c> are read.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class QuoteStoreSettingsTests
{
    private static readonly string s_appHostDirectory = Path.Combine(Path.GetTempPath(), "repo", "QuoteAspire.AppHost");

    [Theory]
    [InlineData(null, AppendFsync.EverySecond)]
    [InlineData("", AppendFsync.EverySecond)]
    [InlineData("everysec", AppendFsync.EverySecond)]
    [InlineData(" Always ", AppendFsync.Always)]
    public void AppendFsyncIsEverySecondUnlessSetToAlways(string? value, AppendFsync expected) =>
        Assert.Equal(expected, new QuoteStoreOptions { AppendFsync = value }.AppendFsyncPolicy);

    [Theory]
    [InlineData("no")]
    [InlineData("every-second")]
    public void AnUnknownAppendFsyncIsRejectedNamingTheSettingAndTheValuesThatWork(string value)
    {
        var error = Assert.Single(SettingProblems.Of(new QuoteStoreOptions { AppendFsync = value }));

        Assert.Contains($"QuoteStore:AppendFsync is '{value}'", error, StringComparison.Ordinal);
        Assert.Contains("everysec, always", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void DataLivesUnderDotDataInTheAppHostFolderByDefault(string? value) =>
        Assert.Equal(
            Path.Combine(s_appHostDirectory, ".data", "quote-store", "redis-server"),
            new QuoteStoreOptions { DataDirectory = value }.DataDirectoryFor(s_appHostDirectory, "quote-store", RedisStoreHost.RedisServer));

    [Fact]
    public void ARelativeDataDirectoryIsResolvedAgainstTheAppHostFolder() =>
        Assert.Equal(
            Path.Combine(Path.GetTempPath(), "repo", "store-data", "quote-store", "garnet"),
            new QuoteStoreOptions { DataDirectory = Path.Combine("..", "store-data") }.DataDirectoryFor(s_appHostDirectory, "quote-store", RedisStoreHost.Garnet));

    [Fact]
    public void AnAbsoluteDataDirectoryIsUsedAsItIs()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");

        Assert.Equal(
            Path.Combine(absolute, "quote-store", "garnet"),
            new QuoteStoreOptions { DataDirectory = absolute }.DataDirectoryFor(s_appHostDirectory, "quote-store", RedisStoreHost.Garnet));
    }

    [Theory]
    [InlineData(null, "docker.io", "library/redis", "8.6")]
    [InlineData("redis:7.4", "docker.io", "library/redis", "7.4")]
    [InlineData("bitnami/redis:7.4", "docker.io", "bitnami/redis", "7.4")]
    [InlineData("mirror.example.com/library/redis:8.6", "mirror.example.com", "library/redis", "8.6")]
    [InlineData("registry.internal:5000/cache/redis:8.6-alpine", "registry.internal:5000", "cache/redis", "8.6-alpine")]
    [InlineData("localhost/quoteaspire-test/redis:bookworm", "localhost", "quoteaspire-test/redis", "bookworm")]
    public void StoreImagesAreReadAsDockerReadsThem(string? value, string registry, string repository, string tag) =>
        Assert.Equal(new ImageReference(registry, repository, tag), new QuoteStoreOptions { Image = value }.StoreImage);

    [Theory]
    [InlineData("redis", "names no tag")]
    [InlineData("mirror.example.com:5000/redis", "names no tag")]
    [InlineData("redis:", "names no tag")]
    [InlineData("redis@sha256:abc", "no digest")]
    [InlineData("my redis:8", "no spaces")]
    [InlineData("mirror.example.com/Library/Redis:8", "lowercase")]
    [InlineData("mirror.example.com//redis:8", "lowercase path parts")]
    public void AStoreImageThatIsNoImageIsRejectedSayingWhy(string value, string why)
    {
        var error = Assert.Single(SettingProblems.Of(new QuoteStoreOptions { Image = value }));

        Assert.Contains($"QuoteStore:Image is '{value}'", error, StringComparison.Ordinal);
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Contains("registry/repository:tag", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "quoteaspire-quote-store-data")]
    [InlineData(" quotes_2.backup-a ", "quotes_2.backup-a")]
    public void TheDataVolumeIsNamedAfterTheStoreUnlessSet(string? value, string expected) =>
        Assert.Equal(expected, new QuoteStoreOptions { DataVolume = value }.DataVolumeFor("quote-store"));

    [Theory]
    [InlineData("-quotes")]
    [InlineData("quotes/data")]
    [InlineData("q")]
    public void ADataVolumeNameDockerWouldRefuseIsRejected(string value) =>
        Assert.Contains("QuoteStore:DataVolume", Assert.Single(SettingProblems.Of(new QuoteStoreOptions { DataVolume = value })), StringComparison.Ordinal);
}
