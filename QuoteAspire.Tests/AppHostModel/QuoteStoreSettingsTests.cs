using Aspire.Hosting;
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
        Assert.Equal(expected, AppendFsyncSetting.Parse(value));

    [Theory]
    [InlineData("no")]
    [InlineData("every-second")]
    public void AnUnknownAppendFsyncIsRejectedNamingTheSettingAndTheValuesThatWork(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AppendFsyncSetting.Parse(value));

        Assert.Contains($"QuoteStore:AppendFsync is '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("everysec, always", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void DataLivesUnderDotDataInTheAppHostFolderByDefault(string? value) =>
        Assert.Equal(
            Path.Combine(s_appHostDirectory, ".data", "quote-store", "redis-server"),
            DataDirectorySetting.For(value, s_appHostDirectory, "quote-store", QuoteStoreHost.RedisServer));

    [Fact]
    public void ARelativeDataDirectoryIsResolvedAgainstTheAppHostFolder() =>
        Assert.Equal(
            Path.Combine(Path.GetTempPath(), "repo", "store-data", "quote-store", "garnet"),
            DataDirectorySetting.For(Path.Combine("..", "store-data"), s_appHostDirectory, "quote-store", QuoteStoreHost.Garnet));

    [Fact]
    public void AnAbsoluteDataDirectoryIsUsedAsItIs()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");

        Assert.Equal(
            Path.Combine(absolute, "quote-store", "garnet"),
            DataDirectorySetting.For(absolute, s_appHostDirectory, "quote-store", QuoteStoreHost.Garnet));
    }

    [Theory]
    [InlineData(null, "docker.io", "library/redis", "8.6")]
    [InlineData("redis:7.4", "docker.io", "library/redis", "7.4")]
    [InlineData("bitnami/redis:7.4", "docker.io", "bitnami/redis", "7.4")]
    [InlineData("mirror.example.com/library/redis:8.6", "mirror.example.com", "library/redis", "8.6")]
    [InlineData("registry.internal:5000/cache/redis:8.6-alpine", "registry.internal:5000", "cache/redis", "8.6-alpine")]
    [InlineData("localhost/quoteaspire-test/redis:bookworm", "localhost", "quoteaspire-test/redis", "bookworm")]
    public void StoreImagesAreReadAsDockerReadsThem(string? value, string registry, string repository, string tag) =>
        Assert.Equal(new ImageReference(registry, repository, tag), StoreImageSetting.Parse(value));

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
        var error = Assert.Throws<ArgumentException>(() => StoreImageSetting.Parse(value));

        Assert.Contains($"QuoteStore:Image is '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("registry/repository:tag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "quoteaspire-quote-store-data")]
    [InlineData(" quotes_2.backup-a ", "quotes_2.backup-a")]
    public void TheDataVolumeIsNamedAfterTheStoreUnlessSet(string? value, string expected) =>
        Assert.Equal(expected, DataVolumeSetting.For(value, "quote-store"));

    [Theory]
    [InlineData("-quotes")]
    [InlineData("quotes/data")]
    [InlineData("q")]
    public void ADataVolumeNameDockerWouldRefuseIsRejected(string value) =>
        Assert.Contains("QuoteStore:DataVolume", Assert.Throws<ArgumentException>(() => DataVolumeSetting.For(value, "quote-store")).Message, StringComparison.Ordinal);
}
