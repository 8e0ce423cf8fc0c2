using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// The store as a container, read from the model without starting it. Choosing the container asks the
/// machine's runtime for the store's image, so these tests run on Podman with the test images.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class StoreContainerModelTests
{
    // Nothing listens on port 1, so a pull from there fails at once, as it would without network.
    private const string UnreachableImage = "localhost:1/quoteaspire-test/absent:never";

    private static async Task<IDistributedApplicationTestingBuilder> BuildModelAsync(params string[] args)
    {
        TestImages.SkipUnlessAvailable();
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
                [$"{RedisStoreBuilderExtensions.ContainerRuntimeKey}={TestImages.Runtime}", .. args], TestContext.Current.CancellationToken)
            .WaitAsync(Bounded.AppStart, "the AppHost model to build");
    }

    private static IResource Store(IDistributedApplicationTestingBuilder builder) =>
        Assert.Single(builder.Resources, resource => resource.Name == QuoteAppFixture.Store);

    private static string[] ContainerWithTestImage(params string[] more) =>
        ["QuoteStore:Host=container", $"QuoteStore:Image={TestImages.Redis}", .. more];

    [Fact]
    public async Task TheContainerGetsItsShellCommandAsWrittenNotWrappedInASecondShellString()
    {
        await using var builder = await BuildModelAsync(ContainerWithTestImage());

        var store = Assert.IsType<RedisResource>(Store(builder));
        var args = await ModelInspection.GetArgumentsAsync(store);

        // Aspire runs a container with ShellExecution as: entrypoint -c "<every argument joined>".
#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001 // The AppHost turns it off; the test checks that it stays off.
        Assert.NotEqual(true, store.ShellExecution);
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001
        Assert.Equal("/bin/sh", store.Entrypoint);
        // With the frontend's user, whose password the script reads from the container's environment.
        Assert.Equal(RedisContainerExtensions.RedisServerArguments(AppendFsync.EverySecond, users: [QuoteFrontendUser.Rules]), args.Cast<string>());
    }

    [Theory]
    [InlineData(null, "everysec")]
    [InlineData("always", "always")]
    public async Task TheContainerIsToldTheAppendFsyncSettingAndKeepsItsDataInANamedVolume(string? setting, string expected)
    {
        await using var builder = await BuildModelAsync(ContainerWithTestImage(setting is null ? [] : [$"QuoteStore:AppendFsync={setting}"]));

        var store = Assert.IsType<RedisResource>(Store(builder));
        var command = string.Join(' ', await ModelInspection.GetArgumentsAsync(store));
        var volume = Assert.Single(store.Annotations.OfType<ContainerMountAnnotation>());

        Assert.Contains($"--appendfsync {expected} --dir /data", command, StringComparison.Ordinal);
        Assert.Contains("--appendonly yes --appendfsync \"$appendfsync\" --dir \"$dir\"", command, StringComparison.Ordinal);
        Assert.Equal((ContainerMountType.Volume, "quoteaspire-quote-store-data", "/data"), (volume.Type, volume.Source, volume.Target));
    }

    [Fact]
    public async Task ThePasswordReachesRedisOnStandardInputNotOnItsCommandLine()
    {
        await using var builder = await BuildModelAsync(ContainerWithTestImage());

        var store = Assert.IsType<RedisResource>(Store(builder));
        var args = await ModelInspection.GetArgumentsAsync(store);
        var script = ScriptCommand.Of(args).Text;
        var environment = await ModelInspection.GetEnvironmentAsync(store);

        Assert.Matches(@"(?m)^\s*exec redis-server - ", script);
        Assert.DoesNotContain("--requirepass", string.Join(' ', args), StringComparison.Ordinal);
        Assert.Contains("escaped=\"$(printf '%s' \"$REDIS_PASSWORD\" | sed", script, StringComparison.Ordinal);
        Assert.Contains("requirepass \"$escaped\"", script, StringComparison.Ordinal);
        Assert.Same(store.PasswordParameter, environment["REDIS_PASSWORD"]);
    }

    [Fact]
    public async Task TheImageSettingReplacesTheContainersImageAndTheDataVolumeSettingItsVolume()
    {
        await using var builder = await BuildModelAsync(ContainerWithTestImage("QuoteStore:DataVolume=quotes-under-test"));

        var store = Assert.IsType<RedisResource>(Store(builder));
        Assert.True(store.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        var expected = new QuoteStoreOptions { Image = TestImages.Redis }.StoreImage;

        Assert.Equal((expected.Registry, expected.Repository, expected.Tag), (image.Registry, image.Image, image.Tag));
        Assert.Equal("quotes-under-test", Assert.Single(store.Annotations.OfType<ContainerMountAnnotation>()).Source);
        Assert.Same(builder.Resources.Single(resource => resource.Name == "quote-store-password"), store.PasswordParameter);
    }

    [Fact]
    public async Task AutoRunsTheStoreAsAProgramWhenTheRuntimeCannotGetTheImageAndSaysWhy()
    {
        await using var builder = await BuildModelAsync("QuoteStore:Host=auto", $"QuoteStore:Image={UnreachableImage}");

        Assert.IsType<RedisCompatibleServerResource>(Store(builder));
        var logs = await ModelInspection.LogsOfInitializingAsync(builder, QuoteAppFixture.Store);
        Assert.Contains(logs, line => line.Contains($"podman answers, but podman has no image {UnreachableImage} and could not pull it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExplicitContainerWhoseImageCannotBeHadStopsTheAppHostNamingTheImageAndTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildModelAsync("QuoteStore:Host=container", $"QuoteStore:Image={UnreachableImage}"));

        var message = error.GetBaseException().Message;
        Assert.Contains(UnreachableImage, message, StringComparison.Ordinal);
        Assert.Contains("QuoteStore:Image", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultImageIsTheOneAspiresRedisIntegrationUses()
    {
        var builder = DistributedApplication.CreateBuilder();
        var redis = builder.AddRedis("redis");

        Assert.True(redis.Resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Equal(QuoteStoreOptions.DefaultImage, new ImageReference(image.Registry!, image.Image, image.Tag!));
    }

    [Fact]
    public void TheRuntimeHasAnImageItHoldsAndCannotPullOneFromNowhere()
    {
        TestImages.SkipUnlessAvailable();

        var present = MachineProbes.ObtainImage(TestImages.Runtime, new QuoteStoreOptions { Image = TestImages.Redis }.StoreImage);
        var absent = MachineProbes.ObtainImage(TestImages.Runtime, new QuoteStoreOptions { Image = UnreachableImage }.StoreImage);

        Assert.True(present.IsAvailable, present.Description);
        Assert.False(absent.IsAvailable, absent.Description);
        Assert.Contains("could not pull it", absent.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HighAvailabilityInContainersRunsEachNodeAndSentinelAsAContainerThatTheFrontendFollowsThroughTheAddressMap()
    {
        await using var builder = await BuildModelAsync(ContainerWithTestImage("QuoteStore:HighAvailability=true"));

        var set = Assert.IsType<RedisReplicatedSetResource>(Store(builder));
        Assert.Equal(["quote-store-0", "quote-store-1", "quote-store-2"], set.Nodes.Select(node => Assert.IsType<RedisReplicatedNodeContainerResource>(node).Name));
        Assert.Equal(["quote-store-sentinel-0", "quote-store-sentinel-1", "quote-store-sentinel-2"],
            set.Sentinels.Select(sentinel => Assert.IsType<RedisSentinelContainerResource>(sentinel).Name));
        Assert.Equal(
            ["quoteaspire-quote-store-data-replicated-0", "quoteaspire-quote-store-data-replicated-1", "quoteaspire-quote-store-data-replicated-2"],
            set.Nodes.Select(node => Assert.Single(node.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume).Source));

        // Every member finds the others in one hosts file they share, not through the container runtime's DNS.
        var hostsFiles = set.Nodes.Cast<IResource>().Concat(set.Sentinels)
            .Select(member => Assert.Single(member.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Target == "/etc/hosts"))
            .ToList();
        Assert.All(hostsFiles, mount => Assert.True(mount.IsReadOnly && mount.Type == ContainerMountType.BindMount, $"{mount.Source} is mounted as a read-only bind mount"));
        Assert.Single(hostsFiles.Select(mount => mount.Source).Distinct());

        // Each node announces its own name, which the Sentinels give clients.
        var firstNode = string.Join(' ', await ModelInspection.GetArgumentsAsync(set.Nodes[0]));
        Assert.Contains("--self quote-store-0", firstNode, StringComparison.Ordinal);
        Assert.Contains("--replica-announce-ip \"$self\"", firstNode, StringComparison.Ordinal);
        // And its address under that name in the hosts file (store-start.sh's announce).
        Assert.Contains("--hosts-file /run/quote-store-peers/hosts", firstNode, StringComparison.Ordinal);

        var connectionString = await set.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, "the set's connection string");
        Assert.Matches("^quote-store-sentinel-0:26379,quote-store-sentinel-1:26379,quote-store-sentinel-2:26379,serviceName=quote-store,password=.+$", connectionString);

        var frontend = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == QuoteAppFixture.Frontend);
        var map = (await ModelInspection.GetEnvironmentAsync(frontend))[QuoteStoreBuilderExtensions.AddressMapVariable];
        Assert.Matches(
            @"^quote-store-0:6379=127\.0\.0\.1:\d+,quote-store-1:6379=127\.0\.0\.1:\d+,quote-store-2:6379=127\.0\.0\.1:\d+," +
            @"quote-store-sentinel-0:26379=127\.0\.0\.1:\d+,quote-store-sentinel-1:26379=127\.0\.0\.1:\d+,quote-store-sentinel-2:26379=127\.0\.0\.1:\d+$",
            map.ToString());
    }
}
