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
        // Both servers write the command's arguments into their log as they are. Garnet has before it replies; Redis
        // (appendfsync everysec) has too, unless a background fsync is running on a busy disk: then it may put the write
        // off for up to two seconds and reply anyway. So the promise is "in the file within that window", not "at once".
        var window = Fixture.WritesAtRiskWhenTheStoreIsKilled;
        var waited = await Bounded.UntilAsync(
            () => Task.FromResult(StoreFiles.AnyHolds(Fixture.StoreDataDirectory, quote)),
            window,
            $"'{quote}' to be in a file under {Fixture.StoreDataDirectory}, which the store promises within {window.TotalSeconds:F0} s of its reply");
        TestContext.Current.TestOutputHelper?.WriteLine($"In the append-only file {waited.TotalMilliseconds:F0} ms after the 201 (promised within {window.TotalSeconds:F0} s).");
    }
}

[Trait(Tier.Name, Tier.Graph)]
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

[Trait(Tier.Name, Tier.Graph)]
[Collection(GarnetGraph.Name)]
public sealed class StoreProcessOnGarnetTests(GarnetAppFixture fixture) : StoreProcessTests<GarnetAppFixture>(fixture);
