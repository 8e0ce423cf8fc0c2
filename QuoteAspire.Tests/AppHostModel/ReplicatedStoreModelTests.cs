using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>What <c>QuoteStore:HighAvailability</c> puts in the AppHost's model, and what it refuses.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ReplicatedStoreModelTests
{
    [Fact]
    public async Task HighAvailabilityMakesTheStoreAPrimaryTwoReplicasAndThreeSentinelsThatTheFrontendReachesThroughTheSentinels()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=redis-server", "QuoteStore:HighAvailability=true");

        var set = Assert.Single(builder.Resources.OfType<RedisReplicatedSetResource>());
        Assert.Equal(QuoteAppFixture.Store, set.Name);
        Assert.Equal(["quote-store-0", "quote-store-1", "quote-store-2"], set.Nodes.Select(node => node.Name));
        Assert.Equal(["quote-store-sentinel-0", "quote-store-sentinel-1", "quote-store-sentinel-2"], set.Sentinels.Select(sentinel => sentinel.Name));
        Assert.Equal(2, set.SentinelConfig.Quorum);

        var connectionString = await set.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, "the set's connection string, from ports fixed before the run");
        Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,serviceName=quote-store,password=.+$", connectionString);

        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);
        var environment = await ModelInspection.GetEnvironmentAsync(frontend);
        Assert.Equal("1", environment[QuoteStoreBuilderExtensions.AcknowledgingReplicasVariable]);
    }

    [Fact]
    public async Task ASingleStoreIsTheDefaultAndItsWritesWaitForNoReplica()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=redis-server");

        Assert.Empty(builder.Resources.OfType<RedisReplicatedSetResource>());
        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);
        Assert.DoesNotContain(QuoteStoreBuilderExtensions.AcknowledgingReplicasVariable, (await ModelInspection.GetEnvironmentAsync(frontend)).Keys);
    }

    [Fact]
    public async Task HighAvailabilityOnGarnetStopsTheAppHostSayingGarnetHasNoSentinel()
    {
        var message = await AppHostModels.RefusalAsync("QuoteStore:Host=garnet", "QuoteStore:HighAvailability=true");

        Assert.Contains("QuoteStore:HighAvailability is true", message, StringComparison.Ordinal);
        Assert.Contains("Garnet has no Sentinel", message, StringComparison.Ordinal);
        Assert.Contains("redis-server", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public void AHighAvailabilityThatIsNeitherTrueNorFalseIsRefusedNamingTheSetting(string value)
    {
        var error = Assert.Single(SettingProblems.Of(new QuoteStoreOptions { HighAvailability = value }));

        Assert.Contains($"QuoteStore:HighAvailability is '{value}'", error, StringComparison.Ordinal);
    }
}
