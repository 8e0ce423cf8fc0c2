using System.Net;
using Aspire.Hosting.Testing;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// What the running store's processes show: no password on any command line, in the environment or in
/// the arguments the dashboard lists; its configuration file gone once it answers; its data in its folder.
/// </summary>
public abstract class StoreProcessTests<TFixture>(TFixture fixture) where TFixture : QuoteAppFixture
{
    protected TFixture Fixture { get; } = fixture;

    private void SkipUnlessLocalGraph()
    {
        Fixture.SkipWhenUnavailable();
        Fixture.SkipUnlessGraph();
        ProcessTree.SkipUnlessProcFileSystem();
    }

    [Fact]
    public void NoStoreProcessShowsThePasswordOnItsCommandLineOrInItsEnvironment()
    {
        SkipUnlessLocalGraph();

        var processes = ProcessTree.Of(Fixture.App.ProcessIdOf(QuoteAppFixture.Store));

        Assert.NotEmpty(processes);
        Assert.All(processes, pid =>
        {
            Assert.DoesNotContain(Fixture.StorePassword, ProcessTree.CommandLine(pid), StringComparison.Ordinal);
            Assert.DoesNotContain(Fixture.StorePassword, ProcessTree.Environment(pid), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(Fixture.StorePassword, Fixture.App.ArgumentsShownOf(QuoteAppFixture.Store), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoresConfigurationFileIsDeletedOnceTheStoreAnswers()
    {
        SkipUnlessLocalGraph();

        var configFile = Fixture.App.ArgumentsShownOf(QuoteAppFixture.Store).Split(' ')
            .Single(arg => arg.EndsWith(".conf", StringComparison.Ordinal));

        Assert.StartsWith(Path.GetTempPath(), configFile, StringComparison.Ordinal);
        // The deletion follows the health check, a moment after the fixture saw the store healthy.
        await Bounded.UntilAsync(
            () => Task.FromResult(!Directory.Exists(Path.GetDirectoryName(configFile))),
            Bounded.RecoveryAfterOutage,
            $"the folder of {configFile} to be deleted");
    }

    [Fact]
    public async Task AcknowledgedQuotesAreInTheStoresAppendOnlyFileInItsDataFolder()
    {
        SkipUnlessLocalGraph();
        using var client = Fixture.CreateFrontendClient();
        var quote = $"On disk before the reply {Guid.NewGuid():N}";

        using var response = await client.PostFormAsync(quote);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Both servers write the command's arguments into their log as they are.
        var logged = StoreFiles.AnyHolds(Fixture.StoreDataDirectory, quote);
        Assert.True(logged, $"'{quote}' is in a file under {Fixture.StoreDataDirectory}.");
    }
}

[Collection(RedisServerGraph.Name)]
public sealed class StoreProcessOnRedisServerTests(RedisServerAppFixture fixture) : StoreProcessTests<RedisServerAppFixture>(fixture)
{
    [Fact]
    public async Task RedisServerRunsWithTheAppendOnlyFileForcedToDiskEverySecondOnLoopbackOnly()
    {
        Fixture.SkipWhenUnavailable();
        Fixture.SkipUnlessGraph();
        await using var redis = await Fixture.App.ConnectToStoreAsync();

        var settings = (await redis.GetServers().Single().ConfigGetAsync("*")).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        Assert.Equal("yes", settings["appendonly"]);
        Assert.Equal("everysec", settings["appendfsync"]);
        Assert.Equal("127.0.0.1", settings["bind"]);
        Assert.Equal(Fixture.StoreDataDirectory, settings["dir"]);
    }
}

[Collection(GarnetGraph.Name)]
public sealed class StoreProcessOnGarnetTests(GarnetAppFixture fixture) : StoreProcessTests<GarnetAppFixture>(fixture);
