using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// The AppHost's <c>QuoteFrontend:RateLimit</c> and <c>QuoteFrontend:TrustedProxies</c> settings reach the frontend's
/// replicas, or stop the AppHost when wrong.
/// </summary>
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
