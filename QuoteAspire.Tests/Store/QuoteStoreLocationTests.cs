using Microsoft.Extensions.Configuration;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>How the frontend finds its store from the configuration it is given.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class QuoteStoreLocationTests
{
    private static QuoteStoreLocation Find(params (string Key, string Value)[] settings) =>
        QuoteStoreLocation.Find(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build());

    [Fact]
    public void TheAspireConnectionStringWinsOverTheKubernetesVariables()
    {
        var location = Find(
            ("ConnectionStrings:quote-store", "store.internal:7000,password=s3cret"),
            ("QUOTE_STORE_SERVICE_HOST", "10.100.234.192"));

        Assert.Equal(QuoteStoreLocationSource.ConnectionString, location.Source);
        Assert.Equal("store.internal:7000,password=s3cret", location.ConnectionString);
    }

    [Fact]
    public void TheKubernetesServiceVariablesAreUsedWhenThereIsNoConnectionString()
    {
        var location = Find(
            ("QUOTE_STORE_SERVICE_HOST", "10.100.234.192"),
            ("QUOTE_STORE_SERVICE_PORT", "6380"),
            ("QUOTE_STORE_PASSWORD", "s3cret"));

        Assert.Equal(QuoteStoreLocationSource.KubernetesServiceVariables, location.Source);
        Assert.Equal("10.100.234.192:6380", location.DescribeEndpoints());
        Assert.Contains("password=s3cret", location.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServicePortDefaultsToRedisPortAsTheArticleAssumed()
    {
        var location = Find(("QUOTE_STORE_SERVICE_HOST", "10.100.234.192"));

        Assert.Equal("10.100.234.192:6379", location.DescribeEndpoints());
        Assert.DoesNotContain("password", location.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNothingConfiguredTheStoreIsLookedForOnLocalhostAsInTheArticle()
    {
        var location = Find();

        Assert.Equal(QuoteStoreLocationSource.LocalhostDefault, location.Source);
        Assert.Equal("localhost:6379", location.DescribeEndpoints());
    }

    [Fact]
    public void DescriptionsForLogsNeverContainThePassword()
    {
        var location = Find(("ConnectionStrings:quote-store", "localhost:6379,password=s3cret"));

        Assert.DoesNotContain("s3cret", location.DescribeEndpoints(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", location.DescribeSource(), StringComparison.Ordinal);
    }
}
