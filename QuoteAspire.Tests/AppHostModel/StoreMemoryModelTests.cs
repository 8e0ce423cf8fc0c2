using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// <c>QuoteStore:MaxMemory</c> bounds Redis, which then refuses new quotes (see <c>StoreFullTests</c>); Garnet cannot be
/// bounded without losing quotes, so the setting is refused for it. Read from the model without starting anything.
/// </summary>
public sealed class StoreMemoryModelTests
{
    private static async Task<IDistributedApplicationTestingBuilder> BuildModelAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(args, TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");

    [Fact]
    public async Task AMemoryBoundForGarnetStopsTheAppHostSayingWhyAndWhatToDoInstead()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildModelAsync("QuoteStore:Host=garnet", "QuoteStore:MaxMemory=4mb"));
        var message = (error as AggregateException)?.InnerException?.Message ?? error.Message;

        Assert.Contains("QuoteStore:MaxMemory is '4mb', but the store is Garnet", message, StringComparison.Ordinal);
        Assert.Contains("lost acknowledged quotes", message, StringComparison.Ordinal);
        Assert.Contains("Remove QuoteStore:MaxMemory", message, StringComparison.Ordinal);
        Assert.Contains("redis-server or container", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarnetWithoutTheSettingKeepsItsRecordsInTheDefaultMemory()
    {
        await using var builder = await BuildModelAsync("QuoteStore:Host=garnet");

        var store = Assert.IsType<RedisCompatibleServerResource>(Assert.Single(builder.Resources, resource => resource.Name == QuoteAppFixture.Store));
        using var options = JsonDocument.Parse(store.Config.Render("model-test-password"));

        Assert.Equal("393216k", options.RootElement.GetProperty("LogMemorySize").GetString());
    }
}
