using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>Which host <c>QuoteStore:Host</c> leads to, in each situation a machine can be in.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class QuoteStoreHostSelectorTests
{
    private static readonly ContainerRuntimeStatus s_healthyRuntime = new(true, "docker answers", "docker");
    private static readonly ContainerRuntimeStatus s_noRuntime = new(false, "docker is not installed and podman is not installed");
    private static readonly ImageReference s_image = new("mirror.example.com", "library/redis", "8.6");
    private static readonly ImageAvailability s_imagePresent = new(true, "docker has the image mirror.example.com/library/redis:8.6");
    private static readonly ImageAvailability s_imageUnreachable = new(false, "docker has no image mirror.example.com/library/redis:8.6 and could not pull it (no such host)");

    private static RedisStoreHostEnvironment Machine(ContainerRuntimeStatus runtime, string? redisServerPath, ImageAvailability? image = null) =>
        new(
            () => runtime,
            program => program == "redis-server" ? redisServerPath : null,
            (runtimeName, reference) =>
            {
                Assert.Equal((runtime.Runtime, s_image), (runtimeName, reference));
                return image ?? throw new InvalidOperationException("The image was asked for although no runtime answers.");
            });

    // A machine that fails the test if it is asked anything: an explicit local host needs no probing.
    private static readonly RedisStoreHostEnvironment s_unaskedMachine = new(
        () => throw new InvalidOperationException("The container runtime was probed although the host was given."),
        _ => throw new InvalidOperationException("The PATH was searched although the host was given."),
        (_, _) => throw new InvalidOperationException("The image was asked for although the host was given."));

    private static RedisStoreHostChoice Choose(RedisStoreHost requested, RedisStoreHostEnvironment machine, bool isPublishMode = false) =>
        RedisStoreHostSelector.Choose(requested, isPublishMode, machine, s_image, new QuoteStoreOptions());

    [Fact]
    public void AutoPicksTheContainerWhenARuntimeAnswersAndHasTheImage()
    {
        var choice = Choose(RedisStoreHost.Auto, Machine(s_healthyRuntime, "/usr/bin/redis-server", s_imagePresent));

        Assert.Equal(RedisStoreHost.Container, choice.Host);
        Assert.Equal("docker", choice.ContainerRuntime);
        Assert.Contains("docker has the image mirror.example.com/library/redis:8.6", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoFallsBackWhenTheRuntimeAnswersButCannotGetTheImage()
    {
        var choice = Choose(RedisStoreHost.Auto, Machine(s_healthyRuntime, "/usr/bin/redis-server", s_imageUnreachable));

        Assert.Equal(RedisStoreHost.RedisServer, choice.Host);
        Assert.Null(choice.ContainerRuntime);
        Assert.Contains("docker answers, but docker has no image mirror.example.com/library/redis:8.6 and could not pull it", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoPicksRedisServerWhenNoRuntimeAnswersButRedisServerIsInstalled()
    {
        var choice = Choose(RedisStoreHost.Auto, Machine(s_noRuntime, "/usr/bin/redis-server"));

        Assert.Equal(RedisStoreHost.RedisServer, choice.Host);
        Assert.Contains("/usr/bin/redis-server", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("docker is not installed", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoPicksGarnetWhenThereIsNeitherARuntimeNorRedisServer()
    {
        var choice = Choose(RedisStoreHost.Auto, Machine(s_noRuntime, redisServerPath: null));

        Assert.Equal(RedisStoreHost.Garnet, choice.Host);
        Assert.Contains("redis-server is not on the PATH", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisStoreHost.RedisServer)]
    [InlineData(RedisStoreHost.Garnet)]
    public void AnExplicitLocalHostIsUsedWithoutProbingTheMachine(RedisStoreHost requested)
    {
        var choice = Choose(requested, s_unaskedMachine);

        Assert.Equal(requested, choice.Host);
    }

    [Fact]
    public void AnExplicitContainerIsUsedWhenTheRuntimeHasTheImage()
    {
        var choice = Choose(RedisStoreHost.Container, Machine(s_healthyRuntime, redisServerPath: null, s_imagePresent));

        Assert.Equal((RedisStoreHost.Container, "docker"), (choice.Host, choice.ContainerRuntime));
    }

    [Fact]
    public void AnExplicitContainerThatCannotGetItsImageStopsNamingTheImageAndTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Choose(RedisStoreHost.Container, Machine(s_healthyRuntime, "/usr/bin/redis-server", s_imageUnreachable)));

        Assert.Contains("mirror.example.com/library/redis:8.6", error.Message, StringComparison.Ordinal);
        Assert.Contains("QuoteStore:Image", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitContainerWithoutARuntimeStopsSayingWhatToStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Choose(RedisStoreHost.Container, Machine(s_noRuntime, "/usr/bin/redis-server")));

        Assert.Contains("docker is not installed and podman is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Start Docker or Podman", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisStoreHost.Auto)]
    [InlineData(RedisStoreHost.Container)]
    [InlineData(RedisStoreHost.RedisServer)]
    [InlineData(RedisStoreHost.Garnet)]
    public void PublishingAlwaysDescribesTheRedisContainer(RedisStoreHost requested)
    {
        var choice = Choose(requested, s_unaskedMachine, isPublishMode: true);

        Assert.Equal(RedisStoreHost.Container, choice.Host);
    }

    [Theory]
    [InlineData(null, RedisStoreHost.Auto)]
    [InlineData("", RedisStoreHost.Auto)]
    [InlineData("auto", RedisStoreHost.Auto)]
    [InlineData("container", RedisStoreHost.Container)]
    [InlineData("redis-server", RedisStoreHost.RedisServer)]
    [InlineData("Garnet", RedisStoreHost.Garnet)]
    public void SettingNamesAreReadWithoutRegardToCase(string? value, RedisStoreHost expected) =>
        Assert.Equal(expected, new QuoteStoreOptions { Host = value }.RequestedHost);

    [Fact]
    public void AnUnknownSettingIsRejectedWithTheNamesThatWork()
    {
        var error = Assert.Single(SettingProblems.Of(new QuoteStoreOptions { Host = "memcached" }));

        Assert.Contains("memcached", error, StringComparison.Ordinal);
        Assert.Contains("auto, container, redis-server, garnet", error, StringComparison.Ordinal);
    }
}
