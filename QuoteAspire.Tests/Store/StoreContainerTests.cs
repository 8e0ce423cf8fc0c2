using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QuoteAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// The store in a container, as Podman runs it for the AppHost: healthy as the dashboard shows it, its
/// password on no command line, its data in its named volume.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(ContainerGraph.Name)]
public sealed class StoreContainerTests(ContainerAppFixture fixture)
{
    private string ContainerId()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        return fixture.App.ContainerIdOf(QuoteAppFixture.Store) ?? throw new InvalidOperationException("quote-store reports no container id.");
    }

    [Fact]
    public void TheDashboardShowsTheStoreContainerRunningAndHealthyFromTheConfiguredImage()
    {
        ContainerId();

        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(QuoteAppFixture.Store, out var current));
        var snapshot = current.Snapshot;
        var image = snapshot.Properties.FirstOrDefault(property => property.Name == "container.image")?.Value;

        Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, snapshot.HealthStatus);
        Assert.Equal("Container", snapshot.ResourceType);
        Assert.Equal(TestImages.Redis, image?.ToString());
    }

    [Fact]
    public async Task TheStorePasswordIsOnNoContainersCommandLineNorOnAnyOfItsProcesses()
    {
        var container = ContainerId();
        ProcessTree.SkipUnlessProcFileSystem();
        var password = fixture.StorePassword;

        var shown = await Podman.RunAsync("inspect", "--format", "{{json .Path}} {{json .Args}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}", container);
        var listed = await Podman.RunAsync("ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Command}}");
        var processes = ProcessTree.Of(fixture.App.ProcessIdOf(QuoteAppFixture.Store));

        Assert.Contains("redis-server -", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(password, shown, StringComparison.Ordinal);
        Assert.Contains(container, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(password, listed, StringComparison.Ordinal);
        Assert.NotEmpty(processes);
        Assert.All(processes, pid => Assert.DoesNotContain(password, ProcessTree.CommandLine(pid), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisRunsWithTheAppendOnlyFileForcedToDiskEverySecondInItsDataFolder()
    {
        ContainerId();
        await using var redis = await fixture.App.ConnectToStoreAsync();

        var settings = (await redis.GetServers().Single().ConfigGetAsync("*")).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        Assert.Equal("yes", settings["appendonly"]);
        Assert.Equal("everysec", settings["appendfsync"]);
        Assert.Equal("/data", settings["dir"]);
    }

    [Fact]
    public async Task AcknowledgedQuotesAreInTheAppendOnlyFileOnTheGraphsNamedVolume()
    {
        var container = ContainerId();
        using var client = fixture.CreateFrontendClient();
        var quote = $"On the volume before the reply {Guid.NewGuid():N}";

        using var response = await client.PostFormAsync(quote);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mounts = await Podman.RunAsync("inspect", "--format", "{{range .Mounts}}{{.Name}}={{.Destination}} {{end}}", container);
        Assert.Contains($"{fixture.DataVolume}=/data", mounts, StringComparison.Ordinal);
        var mountpoint = await Podman.RunAsync("volume", "inspect", "--format", "{{.Mountpoint}}", fixture.DataVolume);
        var logged = StoreFiles.AnyHolds(mountpoint, quote);
        Assert.True(logged, $"'{quote}' is in a file of the volume {fixture.DataVolume}.");
    }
}
