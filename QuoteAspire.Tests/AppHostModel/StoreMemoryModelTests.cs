using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// <c>QuoteStore:MaxMemory</c> bounds Redis, which then refuses new quotes (see <c>StoreFullTests</c>); Garnet cannot be
/// bounded without losing quotes, so the setting is refused for it. Read from the model without starting anything.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class StoreMemoryModelTests
{
    [Fact]
    public async Task AMemoryBoundForGarnetStopsTheAppHostSayingWhyAndWhatToDoInstead()
    {
        var message = await AppHostModels.RefusalAsync("QuoteStore:Host=garnet", "QuoteStore:MaxMemory=4mb");

        Assert.Contains("QuoteStore:MaxMemory is '4mb', but the store is Garnet", message, StringComparison.Ordinal);
        Assert.Contains("lost acknowledged quotes", message, StringComparison.Ordinal);
        Assert.Contains("Remove QuoteStore:MaxMemory", message, StringComparison.Ordinal);
        Assert.Contains("redis-server or container", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarnetWithoutTheSettingKeepsItsRecordsInTheDefaultMemory()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");

        var store = Assert.IsType<RedisCompatibleServerResource>(Assert.Single(builder.Resources, resource => resource.Name == QuoteAppFixture.Store));
        using var options = JsonDocument.Parse(store.Config.Render("model-test-password"));

        Assert.Equal("393216k", options.RootElement.GetProperty("LogMemorySize").GetString());
    }
}
