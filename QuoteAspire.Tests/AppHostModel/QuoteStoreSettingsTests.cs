using Aspire.Hosting;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>How <c>QuoteStore:AppendFsync</c> and <c>QuoteStore:DataDirectory</c> are read.</summary>
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
}
