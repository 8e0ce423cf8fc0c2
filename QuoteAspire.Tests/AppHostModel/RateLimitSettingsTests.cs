using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>The AppHost's <c>QuoteFrontend:RateLimit</c> settings reach the frontend, or stop the AppHost when wrong.</summary>
public sealed class RateLimitSettingsTests
{
    private static async Task<IReadOnlyDictionary<string, object>> FrontendEnvironmentAsync(params string[] args)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
            ["QuoteStore:Host=garnet", .. args], TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");
        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);
        return await ModelInspection.GetEnvironmentAsync(frontend);
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
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FrontendEnvironmentAsync($"QuoteFrontend:RateLimit:Burst={value}"));

        var message = (error as AggregateException)?.InnerException?.Message ?? error.Message;
        Assert.Contains("QuoteFrontend:RateLimit:Burst", message, StringComparison.Ordinal);
        Assert.Contains("at least 1", message, StringComparison.Ordinal);
    }
}
