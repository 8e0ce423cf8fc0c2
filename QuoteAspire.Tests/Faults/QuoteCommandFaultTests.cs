using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Faults;

/// <summary>
/// The dashboard's "Add the article's quotes" while the store is away for a moment. The same test runs against every
/// store host: see the classes at the end of this file.
/// </summary>
public abstract class QuoteCommandFaultTests<TFixture>(TFixture fixture) : IAsyncLifetime where TFixture : QuoteAppFixture
{
    // The graph is shared with the other fault tests: start from a store that is up, whatever the test before left.
    public ValueTask InitializeAsync() => new(fixture.EnsureStoreRunningAsync());

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AddTheArticlesQuotesWaitsOutAStoreThatIsBrieflyAwayAndStoresEachQuoteOnce()
    {
        using var client = fixture.CreateGraphClient();
        var before = (await client.GetQuotesAsync()).Length;

        await fixture.App.StopAsync(QuoteAppFixture.Store);
        Task<ExecuteCommandResult> command;
        try
        {
            // Its first post finds the store away and gets 503 with Retry-After; the store comes back meanwhile.
            command = fixture.App.RunCommandAsync(
                QuoteAppFixture.Frontend, AddArticleQuotesCommand.Name, AddArticleQuotesCommand.UnavailableBudget + Bounded.HttpRequest);
        }
        finally
        {
            await fixture.App.StartAgainAsync(QuoteAppFixture.Store);
        }

        var result = await command;
        Assert.True(result.Success, result.Message);
        Assert.Matches("after waiting out [1-9][0-9]* answer", result.Message);
        var after = await client.GetQuotesAfterOutageAsync();
        Assert.Equal(QuoteSamples.ArticleQuotes, after[^3..]);
        Assert.Equal(before + 3, after.Length);
    }
}

[Trait(Tier.Name, Tier.Faults)]
[Collection(RedisServerFaults.Name)]
public sealed class QuoteCommandFaultsOnRedisServerTests(RedisServerFaultsAppFixture fixture)
    : QuoteCommandFaultTests<RedisServerFaultsAppFixture>(fixture);

[Trait(Tier.Name, Tier.Faults)]
[Collection(GarnetFaults.Name)]
public sealed class QuoteCommandFaultsOnGarnetTests(GarnetFaultsAppFixture fixture)
    : QuoteCommandFaultTests<GarnetFaultsAppFixture>(fixture);

[Trait(Tier.Name, Tier.Faults)]
[Collection(ContainerFaults.Name)]
public sealed class QuoteCommandFaultsInContainerTests(ContainerFaultsAppFixture fixture)
    : QuoteCommandFaultTests<ContainerFaultsAppFixture>(fixture);
