using System.Net;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Dashboard;

/// <summary>
/// The app's dashboard commands, run through Aspire's resource command service as the dashboard runs them.
/// The same tests run against every store host: see the classes at the end of this file.
/// </summary>
public abstract class QuoteCommandTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    private Task<ExecuteCommandResult> RunCommandAsync(string resource, string command) =>
        fixture.App.RunCommandAsync(resource, command, Bounded.HttpRequest);

    [Fact]
    public async Task AddTheArticlesQuotesPostsTheArticlesThreeQuotesInOrder()
    {
        using var client = fixture.CreateGraphClient();

        var result = await RunCommandAsync(QuoteAppFixture.Frontend, AddArticleQuotesCommand.Name);

        Assert.True(result.Success, result.Message);
        Assert.Equal(QuoteSamples.ArticleQuotes, (await client.GetQuotesAsync())[^3..]);
    }

    [Fact]
    public async Task ClearQuotesEmptiesTheListAndSaysHowManyItRemoved()
    {
        using var client = fixture.CreateGraphClient();
        using (var posted = await client.PostFormAsync($"About to be cleared {Guid.NewGuid()}"))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var before = (await client.GetQuotesAsync()).Length;

        var result = await RunCommandAsync(QuoteAppFixture.Store, ClearQuotesCommand.Name);

        Assert.True(result.Success, result.Message);
        Assert.Equal($"Removed {before} quotes.", result.Message);
        Assert.Empty(await client.GetQuotesAsync());
        using var after = await client.PostFormAsync("The first quote after clearing");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(["The first quote after clearing"], await client.GetQuotesAsync());
    }

    [Fact]
    public void ClearQuotesAsksForConfirmationAndAddingDoesNot()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        ResourceCommandAnnotation Command(string resource, string name) =>
            Assert.Single(fixture.App.ResourceNamed(resource).Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == name);

        var clear = Command(QuoteAppFixture.Store, ClearQuotesCommand.Name);
        var add = Command(QuoteAppFixture.Frontend, AddArticleQuotesCommand.Name);

        Assert.Equal("Clear quotes", clear.DisplayName);
        Assert.Contains("cannot be undone", clear.ConfirmationMessage, StringComparison.Ordinal);
        Assert.Equal("Add the article's quotes", add.DisplayName);
        Assert.Null(add.ConfirmationMessage);
    }
}

[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class QuoteCommandsOnRedisServerTests(RedisServerAppFixture fixture)
    : QuoteCommandTests<RedisServerAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class QuoteCommandsOnGarnetTests(GarnetAppFixture fixture)
    : QuoteCommandTests<GarnetAppFixture>(fixture);

[Trait(Tier.Name, Tier.Graph)]
[Collection(ContainerGraph.Name)]
public sealed class QuoteCommandsInContainerTests(ContainerAppFixture fixture)
    : QuoteCommandTests<ContainerAppFixture>(fixture);
