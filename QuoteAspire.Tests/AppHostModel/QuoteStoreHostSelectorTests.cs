using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>Which host <c>QuoteStore:Host</c> leads to, in each situation a machine can be in.</summary>
public sealed class QuoteStoreHostSelectorTests
{
    private static readonly ContainerRuntimeStatus s_healthyRuntime = new(true, "docker answers");
    private static readonly ContainerRuntimeStatus s_noRuntime = new(false, "docker is not installed and podman is not installed");

    private static QuoteStoreHostEnvironment Machine(ContainerRuntimeStatus runtime, string? redisServerPath) =>
        new(() => runtime, program => program == "redis-server" ? redisServerPath : null);

    // A machine that fails the test if it is asked anything: an explicit choice needs no probing.
    private static readonly QuoteStoreHostEnvironment s_unaskedMachine = new(
        () => throw new InvalidOperationException("The container runtime was probed although the host was given."),
        _ => throw new InvalidOperationException("The PATH was searched although the host was given."));

    [Fact]
    public void AutoPicksTheContainerWhenARuntimeAnswers()
    {
        var choice = QuoteStoreHostSelector.Choose(QuoteStoreHost.Auto, isPublishMode: false, Machine(s_healthyRuntime, "/usr/bin/redis-server"));

        Assert.Equal(QuoteStoreHost.Container, choice.Host);
        Assert.Contains("docker answers", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoPicksRedisServerWhenNoRuntimeAnswersButRedisServerIsInstalled()
    {
        var choice = QuoteStoreHostSelector.Choose(QuoteStoreHost.Auto, isPublishMode: false, Machine(s_noRuntime, "/usr/bin/redis-server"));

        Assert.Equal(QuoteStoreHost.RedisServer, choice.Host);
        Assert.Contains("/usr/bin/redis-server", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("docker is not installed", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoPicksGarnetWhenThereIsNeitherARuntimeNorRedisServer()
    {
        var choice = QuoteStoreHostSelector.Choose(QuoteStoreHost.Auto, isPublishMode: false, Machine(s_noRuntime, redisServerPath: null));

        Assert.Equal(QuoteStoreHost.Garnet, choice.Host);
        Assert.Contains("redis-server is not on the PATH", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(QuoteStoreHost.Container)]
    [InlineData(QuoteStoreHost.RedisServer)]
    [InlineData(QuoteStoreHost.Garnet)]
    public void AnExplicitHostIsUsedWithoutProbingTheMachine(QuoteStoreHost requested)
    {
        var choice = QuoteStoreHostSelector.Choose(requested, isPublishMode: false, s_unaskedMachine);

        Assert.Equal(requested, choice.Host);
    }

    [Theory]
    [InlineData(QuoteStoreHost.Auto)]
    [InlineData(QuoteStoreHost.RedisServer)]
    [InlineData(QuoteStoreHost.Garnet)]
    public void PublishingAlwaysDescribesTheRedisContainer(QuoteStoreHost requested)
    {
        var choice = QuoteStoreHostSelector.Choose(requested, isPublishMode: true, s_unaskedMachine);

        Assert.Equal(QuoteStoreHost.Container, choice.Host);
    }

    [Theory]
    [InlineData(null, QuoteStoreHost.Auto)]
    [InlineData("", QuoteStoreHost.Auto)]
    [InlineData("auto", QuoteStoreHost.Auto)]
    [InlineData("container", QuoteStoreHost.Container)]
    [InlineData("redis-server", QuoteStoreHost.RedisServer)]
    [InlineData("Garnet", QuoteStoreHost.Garnet)]
    public void SettingNamesAreReadWithoutRegardToCase(string? value, QuoteStoreHost expected) =>
        Assert.Equal(expected, QuoteStoreHostSelector.Parse(value));

    [Fact]
    public void AnUnknownSettingIsRejectedWithTheNamesThatWork()
    {
        var error = Assert.Throws<ArgumentException>(() => QuoteStoreHostSelector.Parse("memcached"));

        Assert.Contains("memcached", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto, container, redis-server, garnet", error.Message, StringComparison.Ordinal);
    }
}
