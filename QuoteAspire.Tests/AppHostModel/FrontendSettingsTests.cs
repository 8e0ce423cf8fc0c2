using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// The AppHost's <c>QuoteFrontend:RateLimit</c>, <c>QuoteFrontend:TrustedProxies</c> and <c>QuoteStore:CommandTimeout</c>
/// settings reach the frontend's replicas, or stop the AppHost when wrong.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class FrontendSettingsTests
{
    private static async Task<IReadOnlyDictionary<string, object>> FrontendEnvironmentAsync(params string[] args)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
            ["QuoteStore:Host=garnet", .. args], TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");
        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);
        return await ModelInspection.GetEnvironmentAsync(frontend);
    }

    // Why the AppHost refused to build with SETTING=VALUE: the message its builder threw.
    private static Task<string> RefusalOfAsync(string setting, string value) =>
        AppHostModels.RefusalAsync("QuoteStore:Host=garnet", $"{setting}={value}");

    [Fact]
    public async Task TheFrontendRunsTwoReplicasAsTheArticlesReplicationControllerDid()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
            ["QuoteStore:Host=garnet"], TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");
        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);

        Assert.Equal(2, Assert.Single(frontend.Annotations.OfType<ReplicaAnnotation>()).Replicas);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public async Task AReplicaCountThatIsNotAPositiveWholeNumberStopsTheAppHostNamingTheSetting(string value)
    {
        var message = await RefusalOfAsync("QuoteFrontend:Replicas", value);

        Assert.Contains("QuoteFrontend:Replicas", message, StringComparison.Ordinal);
        Assert.Contains("at least 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoreCommandTimeoutOfTheAppHostBecomesTheFrontendsAndIsLeftToItsDefaultWhenUnset()
    {
        var environment = await FrontendEnvironmentAsync("QuoteStore:CommandTimeout=0:0:2.5");
        var byDefault = await FrontendEnvironmentAsync();

        Assert.Equal("00:00:02.5000000", environment["QuoteStore__CommandTimeout"]);
        Assert.DoesNotContain("QuoteStore__CommandTimeout", byDefault.Keys);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("00:00:00.05")]
    [InlineData("00:02:00")]
    [InlineData("soon")]
    public async Task AStoreCommandTimeoutOutsideATenthOfASecondToAMinuteStopsTheAppHostSayingWhatToWrite(string value)
    {
        var message = await RefusalOfAsync("QuoteStore:CommandTimeout", value);

        Assert.Contains($"QuoteStore:CommandTimeout is '{value}'", message, StringComparison.Ordinal);
        Assert.Contains("such as 00:00:05", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedProxiesOfTheAppHostBecomeTheFrontendsEnvironmentAndNothingTrustsForwardedHeadersByDefault()
    {
        var environment = await FrontendEnvironmentAsync("QuoteFrontend:TrustedProxies=10.42.0.0/16 ::1");
        var byDefault = await FrontendEnvironmentAsync();

        Assert.Equal("10.42.0.0/16,::1", environment["TrustedProxies"]);
        Assert.DoesNotContain("TrustedProxies", byDefault.Keys);
        Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED", byDefault.Keys);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.0/8,all")]
    public async Task ATrustedProxyThatIsNeitherAnAddressNorARangeStopsTheAppHostNamingTheSetting(string value)
    {
        var message = await RefusalOfAsync("QuoteFrontend:TrustedProxies", value);

        Assert.Contains("QuoteFrontend:TrustedProxies", message, StringComparison.Ordinal);
        Assert.Contains("CIDR range", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitSettingsOfTheAppHostBecomeTheFrontendsEnvironment()
    {
        var environment = await FrontendEnvironmentAsync("QuoteFrontend:RateLimit:PostsPerSecond=5", "QuoteFrontend:RateLimit:Burst=7");

        Assert.Equal("5", environment["RateLimit__PostsPerSecond"]);
        Assert.Equal("7", environment["RateLimit__Burst"]);
    }

    [Fact]
    public async Task UnsetRateLimitSettingsLeaveTheFrontendsOwnDefaults()
    {
        var environment = await FrontendEnvironmentAsync();

        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("RateLimit__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    public async Task ARateLimitThatIsNotAPositiveWholeNumberStopsTheAppHostNamingTheSetting(string value)
    {
        var message = await RefusalOfAsync("QuoteFrontend:RateLimit:Burst", value);

        Assert.Contains("QuoteFrontend:RateLimit:Burst", message, StringComparison.Ordinal);
        Assert.Contains("at least 1", message, StringComparison.Ordinal);
    }
}
