using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>What each store host is told about persistence, read from the model without starting anything.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class StorePersistenceModelTests
{
    private const string Password = "model-test-password";

    private static IResource Store(IDistributedApplicationTestingBuilder builder) =>
        Assert.Single(builder.Resources, resource => resource.Name == "quote-store");

    [Theory]
    [InlineData("redis-server")]
    [InlineData("garnet")]
    public async Task LocalStoresKeepTheirDataUnderDotDataInTheAppHostFolderByDefault(string host)
    {
        await using var builder = await AppHostModels.BuildAsync($"QuoteStore:Host={host}");

        var store = Assert.IsType<RedisCompatibleServerResource>(Store(builder));

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".data", "quote-store", host), store.Config.DataDirectory);
    }

    [Theory]
    [InlineData(null, "everysec")]
    [InlineData("everysec", "everysec")]
    [InlineData("always", "always")]
    public async Task RedisServerIsToldTheAppendFsyncSetting(string? setting, string expected)
    {
        await using var builder = await AppHostModels.BuildAsync(["QuoteStore:Host=redis-server", .. Setting(setting)]);

        var config = Assert.IsType<RedisCompatibleServerResource>(Store(builder)).Config.Render(Password).Split('\n');

        Assert.Contains("appendonly yes", config);
        Assert.Contains($"appendfsync {expected}", config);
        Assert.Contains("bind 127.0.0.1", config);
        Assert.Contains($"requirepass \"{Password}\"", config);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("always")]
    public async Task GarnetWaitsForEachCommitOfItsAppendOnlyFileBeforeReplying(string? setting)
    {
        await using var builder = await AppHostModels.BuildAsync(["QuoteStore:Host=garnet", .. Setting(setting)]);

        var store = Assert.IsType<RedisCompatibleServerResource>(Store(builder));
        using var config = JsonDocument.Parse(store.Config.Render(Password));
        var options = config.RootElement;

        Assert.True(options.GetProperty("EnableAOF").GetBoolean());
        Assert.Equal(0, options.GetProperty("CommitFrequencyMs").GetInt32());
        Assert.True(options.GetProperty("WaitForCommit").GetBoolean());
        Assert.True(options.GetProperty("Recover").GetBoolean());
        Assert.Equal(store.Config.DataDirectory, options.GetProperty("CheckpointDir").GetString());
        Assert.Equal("127.0.0.1", options.GetProperty("Address").GetString());
        Assert.Equal(("Password", Password), (options.GetProperty("AuthenticationMode").GetString(), options.GetProperty("Password").GetString()));
    }

    [Fact]
    public async Task GarnetRunsEachLuaScriptAsATransactionWithThreadsToSpareForItsCommitWaits()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");

        var store = Assert.IsType<RedisCompatibleServerResource>(Store(builder));
        using var config = JsonDocument.Parse(store.Config.Render(Password));

        Assert.True(config.RootElement.GetProperty("EnableLua").GetBoolean());
        Assert.True(config.RootElement.GetProperty("LuaTransactionMode").GetBoolean());
        Assert.True(config.RootElement.GetProperty("ThreadPoolMinThreads").GetInt32() >= 64);
    }

    [Fact]
    public async Task AnUnknownAppendFsyncStopsTheAppHostNamingTheSettingAndTheValuesThatWork()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModels.BuildAsync("QuoteStore:Host=garnet", "QuoteStore:AppendFsync=sometimes"));

        var messages = string.Join('\n', Chain(error).Select(exception => exception.Message));
        Assert.Contains("QuoteStore:AppendFsync is 'sometimes'; use one of: everysec, always", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisServerConfigQuotesValuesSoAnyPasswordAndPathReadBack()
    {
        var config = new RedisServerConfig("/data/with \"quotes\" and spaces", AppendFsync.EverySecond).Render("pa ss\"wo\\rd\n");

        Assert.Contains(@"requirepass ""pa ss\""wo\\rd\x0a""", config, StringComparison.Ordinal);
        Assert.Contains(@"dir ""/data/with \""quotes\"" and spaces""", config, StringComparison.Ordinal);
    }

    private static string[] Setting(string? appendFsync) => appendFsync is null ? [] : [$"QuoteStore:AppendFsync={appendFsync}"];

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
