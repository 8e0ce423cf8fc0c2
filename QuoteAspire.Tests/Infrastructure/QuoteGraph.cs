using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Starts and stops the whole graph through the real AppHost, with a store host, password and data folder of
/// the caller's, so no run reads the developer's user secrets or writes to their <c>.data</c> folder.
/// </summary>
public static class QuoteGraph
{
    /// <summary>What this machine lacks to run a store on <paramref name="host"/>, or null.</summary>
    public static string? MissingPrerequisite(RedisStoreHost host) => host switch
    {
        RedisStoreHost.RedisServer when MachineProbes.FindProgram(RedisCompatibleServerBuilderExtensions.RedisServerProgram) is null =>
            "redis-server is not on the PATH: install it (apt-get install redis-server, brew install redis) to run these tests",
        RedisStoreHost.Container => TestImages.MissingPrerequisite,
        _ => null,
    };

    /// <summary>
    /// The named volume a container store of a graph keeps its data in: one per data folder, so a graph
    /// started again on the same folder finds its data, and none touches the developer's own volume.
    /// </summary>
    public static string ContainerVolumeFor(string dataDirectory) =>
        $"quoteaspire-test-{Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory))}".ToLowerInvariant();

    /// <summary>Removes what a graph on <paramref name="host"/> kept outside <paramref name="dataDirectory"/>: a container store's volume.</summary>
    public static async Task RemoveStoreDataAsync(RedisStoreHost host, string dataDirectory)
    {
        if (host == RedisStoreHost.Container)
        {
            // The replicated set's volumes, one per node, then the single store's: Podman takes a name that begins
            // others' for ambiguous while they remain.
            var volume = ContainerVolumeFor(dataDirectory);
            await Podman.RunAsync(["volume", "rm", "--force", .. Enumerable.Range(0, 3).Select(node => ReplicatedStoreContainerExtensions.NodeVolume(volume, node))]);
            await Podman.RunAsync("volume", "rm", "--force", volume);
        }
    }

    public const string StorePasswordParameter = "quote-store-password";

    /// <summary>
    /// For a test of the store rather than of the frontend's replicas: one frontend process instead of two, so a
    /// graph it starts (and starts again) costs the shared machine less.
    /// </summary>
    public const string OneFrontendReplica = "QuoteFrontend:Replicas=1";

    /// <summary>
    /// For a test about content rather than timing: the frontends give a store call ten seconds instead of one, so a
    /// store slowed by a busy machine is waited for, where a user's frontend would answer 503. See
    /// <see cref="QuoteAppFixture.StoreTimeoutMadeForContent"/>.
    /// </summary>
    public const string ContentStoreCommandTimeout = $"{QuoteStoreOptions.CommandTimeoutKey}=00:00:10";

    private const int UnlimitedPostsPerSecond = 1_000_000;

    /// <summary>
    /// Builds and starts the graph, and waits until <paramref name="waitFor"/> (by default the store and the
    /// frontend) are healthy. With no <paramref name="storePassword"/> the AppHost generates one, as for a developer.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        RedisStoreHost host,
        string dataDirectory,
        string? storePassword,
        Action<IDistributedApplicationTestingBuilder>? configureModel = null,
        IEnumerable<string>? waitFor = null,
        IEnumerable<string>? settings = null)
    {
        using var cancellation = new CancellationTokenSource(Bounded.AppStart);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
            [
                $"{QuoteStoreOptions.HostKey}={RedisStoreHostSelector.NameOf(host)}",
                $"{QuoteStoreOptions.DataDirectoryKey}={dataDirectory}",
                // A password of the test's own, or one generated for this run: never persisted either way.
                .. storePassword is null ? Array.Empty<string>() : [$"Parameters:{StorePasswordParameter}={storePassword}"],
                // The suite posts hundreds of quotes from one address; the limit itself is tested on a
                // frontend of its own (RedisServerAppFixture.RateLimitedFrontend).
                $"QuoteFrontend:RateLimit:PostsPerSecond={UnlimitedPostsPerSecond}",
                $"QuoteFrontend:RateLimit:Burst={UnlimitedPostsPerSecond}",
                .. host == RedisStoreHost.Container
                    ?
                    [
                        $"{QuoteStoreOptions.ImageKey}={TestImages.Redis}",
                        $"{QuoteStoreOptions.DataVolumeKey}={ContainerVolumeFor(dataDirectory)}",
                        $"{RedisStoreBuilderExtensions.ContainerRuntimeKey}={TestImages.Runtime}",
                    ]
                    : Array.Empty<string>(),
                .. settings ?? [],
            ],
            cancellation.Token).WaitAsync(Bounded.AppStart, "the AppHost model to build");

        configureModel?.Invoke(builder);
        StopProjectsPromptly(builder);

        var app = await builder.BuildAsync(cancellation.Token).WaitAsync(Bounded.AppStart, "the app to build");
        try
        {
            await app.StartAsync(cancellation.Token).WaitAsync(Bounded.AppStart, "the app to start");
            foreach (var resource in waitFor ?? [QuoteAppFixture.Store, QuoteAppFixture.Frontend])
            {
                // What is left of the graph's start budget, not a budget per resource: when the whole suite starts its
                // graphs at once on two cores, one frontend may take most of it, and the next none.
                var left = Bounded.AppStart - clock.Elapsed;
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellation.Token)
                    .WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), $"{resource} to become healthy, within {Bounded.AppStart.TotalSeconds:F0} s of the graph's start");
                if (Replicas.CountOf(app, resource) > 1)
                {
                    await app.WaitForEveryReplicaHealthyAsync(resource, cancellation.Token);
                }
            }

            return app;
        }
        catch (Exception failure)
        {
            try
            {
                await StopAsync(app);
            }
            catch (Exception stopFailure)
            {
                // A host that never started can fail to stop as well; the start's failure is the one to read.
                throw new AggregateException($"The app did not start ({failure.Message}), nor then stop.", failure, stopFailure);
            }

            throw;
        }
    }

    /// <summary>The store password of a started <paramref name="app"/>, whether given or generated.</summary>
    public static async Task<string> StorePasswordOfAsync(DistributedApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var password = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == StorePasswordParameter);
        return await password.GetValueAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(Bounded.ResourceHealthy, "the store password's value") ?? throw new InvalidOperationException("The store password has no value.");
    }

    /// <summary>The Sentinels' resource names of the replicated store named <paramref name="store"/>.</summary>
    public static IEnumerable<string> SentinelsOf(string store) =>
        Enumerable.Range(0, RedisReplicatedSetBuilderExtensions.SentinelCount).Select(index => $"{store}-sentinel-{index}");

    /// <summary>Stops and disposes <paramref name="app"/>, its processes with it.</summary>
    public static async Task StopAsync(DistributedApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        await app.StopAsync().WaitAsync(Bounded.AppStop, "the app to stop");
        await app.DisposeAsync().AsTask().WaitAsync(Bounded.AppStop, "the app to be disposed");
    }

    /// <summary>An HTTP client for the frontend's http endpoint, with the suite's request timeout.</summary>
    public static HttpClient CreateFrontendClient(this DistributedApplication app, string resource = QuoteAppFixture.Frontend)
    {
        var client = app.CreateHttpClient(resource, "http");
        client.Timeout = Bounded.HttpRequest;
        return client;
    }

    /// <summary>
    /// The testing builder turns the dashboard off but leaves the services' OTLP exporter pointed at it,
    /// with Aspire's in-memory retry on: at shutdown each service then keeps retrying for ~10 s, until DCP
    /// kills it. Without the retry setting, the app stops in about a second.
    /// </summary>
    private static void StopProjectsPromptly(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var process in builder.Resources.OfType<IResourceWithEnvironment>().Where(resource => resource is ProjectResource or ExecutableResource))
        {
            builder.CreateResourceBuilder(process)
                .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
        }
    }
}
