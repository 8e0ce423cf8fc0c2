using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The whole graph, started once per test class (or collection) through the real AppHost with the store on
/// <see cref="StoreHost"/> and its data in a temporary folder. Starting and stopping an Aspire app takes
/// seconds, so tests share it and each test owns only the quotes it creates.
/// </summary>
public abstract class QuoteAppFixture : IAsyncLifetime
{
    public const string Frontend = "quote-frontend";
    public const string Store = "quote-store";

    /// <summary>
    /// Set to the URL of a running quote frontend (a cluster's, say) to run the HTTP contract tests
    /// against it instead of a graph started here; tests that need the graph itself are then skipped.
    /// </summary>
    public const string BaseUrlVariable = "QUOTEASPIRE_BASE_URL";

    public static Uri? ExternalBaseUrl { get; } =
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? new Uri(url) : null;

    private DistributedApplication? _app;
    private GraphData? _data;

    /// <summary>The store host this fixture runs, as written in <c>QuoteStore:Host</c>.</summary>
    protected abstract RedisStoreHost StoreHost { get; }

    /// <summary>Why the fixture could not start its store on this machine, or null when it runs.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>
    /// The store's password in this run, so tests can check where it must never appear: the fixture's own,
    /// or the one the AppHost generated when <see cref="LetTheAppHostGenerateThePassword"/> is set.
    /// </summary>
    public string StorePassword { get; private set; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    /// <summary>Whether the AppHost generates the store password, as it does for a developer, instead of the fixture giving one.</summary>
    protected virtual bool LetTheAppHostGenerateThePassword => false;

    /// <summary>Everything the AppHost logged in this run.</summary>
    public CapturedLogs AppHostLogs { get; } = new();

    public DistributedApplication App => _app ?? throw new InvalidOperationException(SkipReason ?? "The app has not started.");

    /// <summary>The <c>QuoteStore:DataDirectory</c> of this graph: a temporary folder of its own, deleted on dispose.</summary>
    public string DataDirectory => _data?.Path ?? throw new InvalidOperationException(SkipReason ?? "The app has not started.");

    /// <summary>Where this graph's store keeps its files: one folder per resource and host inside <see cref="DataDirectory"/>.</summary>
    public string StoreDataDirectory => Path.Combine(DataDirectory, Store, RedisStoreHostSelector.NameOf(StoreHost));

    public async ValueTask InitializeAsync()
    {
        SkipReason = ExternalBaseUrl is null ? QuoteGraph.MissingPrerequisite(StoreHost) ?? await PrepareAsync() : SkipReasonAgainstExternalUrl();
        if (SkipReason is not null || ExternalBaseUrl is not null)
        {
            return;
        }

        _data = new GraphData(StoreHost, "quoteaspire-data-");
        _app = await QuoteGraph.StartAsync(
            StoreHost,
            _data.Path,
            LetTheAppHostGenerateThePassword ? null : StorePassword,
            builder =>
            {
                builder.Services.AddLogging(logging => logging.AddProvider(AppHostLogs));
                ConfigureModel(builder);
            },
            ResourcesToWaitFor,
            StoreTimeoutMadeForContent ? [.. Settings, QuoteGraph.ContentStoreCommandTimeout] : Settings);
        StorePassword = await QuoteGraph.StorePasswordOfAsync(_app);
    }

    /// <summary>
    /// How long before a SIGKILL of the store an acknowledged write may still be lost. Redis with
    /// <c>appendfsync everysec</c> (the default) writes each command to its file before replying, except while an
    /// fsync is still running: then it puts the write off for up to 2 s (counted in whole seconds, so just under 3)
    /// and replies anyway, so on a busy disk a killed process loses what it put off. Garnet replies only once its
    /// commit is written.
    /// </summary>
    public virtual TimeSpan WritesAtRiskWhenTheStoreIsKilled => TimeSpan.FromSeconds(3);

    /// <summary>AppHost settings of this graph beyond the store host, password and data folder.</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>
    /// Whether this graph's frontends get <see cref="QuoteGraph.ContentStoreCommandTimeout"/> (the default), so a machine
    /// busy with the rest of the suite cannot turn a slow store call into a 503 in a test about content; false keeps the
    /// one second users get, for the fault tests, which time how soon callers learn of an outage.
    /// </summary>
    protected virtual bool StoreTimeoutMadeForContent => true;

    /// <summary>Resources that must be healthy before any test runs.</summary>
    protected virtual IEnumerable<string> ResourcesToWaitFor => [Store, Frontend];

    /// <summary>Lets a fixture prepare what its graph needs; returns why it cannot run here, or null.</summary>
    protected virtual ValueTask<string?> PrepareAsync() => ValueTask.FromResult<string?>(null);

    /// <summary>Lets a fixture add to the AppHost's model before it starts.</summary>
    protected virtual void ConfigureModel(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>Why this fixture's tests do not run against <see cref="BaseUrlVariable"/>, or null when they do.</summary>
    protected virtual string? SkipReasonAgainstExternalUrl() => null;

    /// <summary>An HTTP client for the frontend's http endpoint, or for <see cref="BaseUrlVariable"/> when set.</summary>
    public HttpClient CreateFrontendClient(string resource = Frontend)
    {
        if (resource != Frontend)
        {
            SkipUnlessGraph();
        }

        return ExternalBaseUrl is not null && resource == Frontend
            ? new HttpClient { BaseAddress = ExternalBaseUrl, Timeout = Bounded.HttpRequest }
            : App.CreateFrontendClient(resource);
    }

    /// <summary>
    /// A client for a test of the HTTP contract alone: it runs against the graph, or against <see cref="BaseUrlVariable"/>
    /// when set, and is skipped when the fixture could not run here.
    /// </summary>
    public HttpClient CreateContractClient()
    {
        SkipWhenUnavailable();
        return CreateFrontendClient();
    }

    /// <summary>
    /// Before a fault test: the store started again if an earlier test left it stopped, and healthy. Nothing to do where
    /// the graph did not start (the test skips itself).
    /// </summary>
    public Task EnsureStoreRunningAsync() => _app is null ? Task.CompletedTask : _app.EnsureRunningAsync(Store);

    /// <summary>A client for a test that also needs the graph itself (its store, its logs): skipped against <see cref="BaseUrlVariable"/>.</summary>
    public HttpClient CreateGraphClient()
    {
        SkipWhenUnavailable();
        SkipUnlessGraph();
        return CreateFrontendClient();
    }

    /// <summary>Skips a test that needs the graph started here (its logs, its resources), not just HTTP.</summary>
    public void SkipUnlessGraph() =>
        Assert.SkipWhen(ExternalBaseUrl is not null && _app is null, $"This test needs the graph started by Aspire; {BaseUrlVariable} points the suite at {ExternalBaseUrl}.");

    /// <summary>Fails the calling test as skipped when the fixture could not run here.</summary>
    public void SkipWhenUnavailable() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await QuoteGraph.StopAsync(_app);
        }

        // Only once the store has stopped writing to it.
        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The graph with the machine's redis-server as the store, plus a second frontend that finds the
/// store the way a Kubernetes pod does: through the <c>quote-store</c> Service variables only.
/// </summary>
public class RedisServerAppFixture : QuoteAppFixture
{
    public const string FrontendByServiceVariables = "quote-frontend-by-service-variables";

    /// <summary>
    /// A frontend with the rate limit a test can reach (<see cref="RateLimitBurst"/> quotes, then one a second), in two
    /// replicas, trusting no proxy: the default.
    /// </summary>
    public const string RateLimitedFrontend = "quote-frontend-rate-limited";
    public const int RateLimitBurst = 3;
    public const int RateLimitPostsPerSecond = 1;

    /// <summary>A frontend with a limit of its own (<see cref="TrustingFrontendBurst"/>, then one a second) that trusts this machine as its proxy.</summary>
    public const string TrustingFrontend = "quote-frontend-behind-proxy";
    public const int TrustingFrontendBurst = 4;

    protected override RedisStoreHost StoreHost => RedisStoreHost.RedisServer;

    protected override IEnumerable<string> ResourcesToWaitFor => [.. base.ResourcesToWaitFor, FrontendByServiceVariables, RateLimitedFrontend, TrustingFrontend];

    protected override void ConfigureModel(IDistributedApplicationTestingBuilder builder)
    {
        var store = builder.CreateResourceBuilder<RedisCompatibleServerResource>(Store);
        var endpoint = store.GetEndpoint(RedisCompatibleServerResource.PrimaryEndpointName);
        builder.AddProject<Projects.QuoteAspire_ApiService>(FrontendByServiceVariables)
            .WithEnvironment("QUOTE_STORE_SERVICE_HOST", endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("QUOTE_STORE_SERVICE_PORT", endpoint.Property(EndpointProperty.Port))
            .WithEnvironment("QUOTE_STORE_PASSWORD", store.Resource.PasswordParameter)
            .WithStoreCommandTimeout(QuoteStoreOptions.Bind(builder.Configuration))
            .WaitFor(store)
            .WithHttpHealthCheck("/health");

        AddRateLimitedFrontend(builder, RateLimitedFrontend, RateLimitBurst, trustedProxies: null).WithReplicas(2);
        AddRateLimitedFrontend(builder, TrustingFrontend, TrustingFrontendBurst, "127.0.0.1, ::1");
    }

    private static IResourceBuilder<ProjectResource> AddRateLimitedFrontend(IDistributedApplicationTestingBuilder builder, string name, int burst, string? trustedProxies)
    {
        var store = builder.CreateResourceBuilder<RedisCompatibleServerResource>(Store);
        var frontend = builder.AddProject<Projects.QuoteAspire_ApiService>(name)
            .WithReference(store)
            .WithEnvironment("RateLimit__PostsPerSecond", RateLimitPostsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RateLimit__Burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithStoreCommandTimeout(QuoteStoreOptions.Bind(builder.Configuration))
            .WaitFor(store)
            .WithHttpHealthCheck("/health");
        return trustedProxies is null ? frontend : frontend.WithEnvironment("TrustedProxies", trustedProxies);
    }
}

/// <summary>The graph with Garnet, from the local tool manifest, as the store.</summary>
public class GarnetAppFixture : QuoteAppFixture
{
    protected override RedisStoreHost StoreHost => RedisStoreHost.Garnet;

    /// <inheritdoc />
    public override TimeSpan WritesAtRiskWhenTheStoreIsKilled => TimeSpan.Zero;

    // One graph runs as a developer's does, with a password the AppHost made up, for the tests that hunt for it.
    protected override bool LetTheAppHostGenerateThePassword => true;

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the contract tests run once against it, in the redis-server classes.";
}

/// <summary>
/// The graph with the store in a container, as most developers run it: Podman with the test Redis image, its
/// data in a named volume of the graph's own.
/// </summary>
public class ContainerAppFixture : QuoteAppFixture
{
    protected override RedisStoreHost StoreHost => RedisStoreHost.Container;

    /// <summary>The named volume the store keeps its data in.</summary>
    public string DataVolume => QuoteGraph.ContainerVolumeFor(DataDirectory);

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the contract tests run once against it, in the redis-server classes.";
}

/// <summary>
/// The graph with the store replicated (<c>QuoteStore:HighAvailability</c>): a redis-server primary, two replicas and three
/// Sentinels, as local programs, and one frontend that reaches the primary through the Sentinels.
/// </summary>
public class ReplicatedRedisServerAppFixture : QuoteAppFixture
{
    // Its fault tests time outages (the backup tests beside them are about content, and run alone with them).
    protected override bool StoreTimeoutMadeForContent => false;

    protected override RedisStoreHost StoreHost => RedisStoreHost.RedisServer;

    protected override IEnumerable<string> Settings => [$"{QuoteStoreOptions.HighAvailabilityKey}=true", QuoteGraph.OneFrontendReplica];

    // The tests start once every Sentinel knows the whole set, as a failover needs.
    protected override IEnumerable<string> ResourcesToWaitFor => [.. base.ResourcesToWaitFor, .. QuoteGraph.SentinelsOf(Store)];

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the replicated store's tests need the graph started here.";
}

/// <summary>
/// The graph with the machine's redis-server as the store and <c>quote-frontend</c> run from the Native AOT executable
/// the image ships, published here: the HTTP contract and hostile-input tests run against the native build too.
/// </summary>
public class NativeFrontendAppFixture : QuoteAppFixture
{
    private string _executable = string.Empty;

    protected override RedisStoreHost StoreHost => RedisStoreHost.RedisServer;

    protected override async ValueTask<string?> PrepareAsync()
    {
        if (NativeFrontendBuild.MissingPrerequisite is { } missing)
        {
            return missing;
        }

        _executable = await NativeFrontendBuild.PublishAsync();
        return null;
    }

    protected override void ConfigureModel(IDistributedApplicationTestingBuilder builder) =>
        NativeFrontendModel.RunFromExecutable(builder, Frontend, _executable);

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the contract tests run once against it, in the redis-server classes.";
}

/// <summary>
/// The graph with the store replicated in containers: a primary, two replicas and three Sentinels, each a container of
/// the test Redis image on Podman, and one frontend that follows the Sentinels through the set's address map.
/// </summary>
public class ReplicatedContainerAppFixture : QuoteAppFixture
{
    // Its fault tests time outages (the backup tests beside them are about content, and run alone with them).
    protected override bool StoreTimeoutMadeForContent => false;

    protected override RedisStoreHost StoreHost => RedisStoreHost.Container;

    protected override IEnumerable<string> Settings => [$"{QuoteStoreOptions.HighAvailabilityKey}=true", QuoteGraph.OneFrontendReplica];

    // The tests start once every Sentinel knows the whole set, as a failover needs.
    protected override IEnumerable<string> ResourcesToWaitFor => [.. base.ResourcesToWaitFor, .. QuoteGraph.SentinelsOf(Store)];

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the replicated store's tests need the graph started here.";
}

/// <summary>
/// The graph with redis-server as the store for the fault tests: the frontends keep the store timeout users get, and one
/// more frontend is given <see cref="PatientTimeout"/> instead, through its own <c>QuoteStore:CommandTimeout</c>.
/// </summary>
public class RedisServerFaultsAppFixture : QuoteAppFixture
{
    public const string PatientFrontend = "quote-frontend-patient";
    public const string PatientTimeout = "00:00:05";

    protected override RedisStoreHost StoreHost => RedisStoreHost.RedisServer;

    protected override bool StoreTimeoutMadeForContent => false;

    protected override IEnumerable<string> ResourcesToWaitFor => [.. base.ResourcesToWaitFor, PatientFrontend];

    protected override void ConfigureModel(IDistributedApplicationTestingBuilder builder)
    {
        var store = builder.CreateResourceBuilder<RedisCompatibleServerResource>(Store);
        builder.AddProject<Projects.QuoteAspire_ApiService>(PatientFrontend)
            .WithReference(store)
            .WithEnvironment(StoreCommandTimeoutVariable, PatientTimeout)
            .WaitFor(store)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>The frontend's own name for <c>QuoteStore:CommandTimeout</c>, as a user sets it in a pod's environment.</summary>
    private const string StoreCommandTimeoutVariable = "QuoteStore__CommandTimeout";

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the fault tests need the graph started here.";
}

/// <summary>The Garnet graph for the fault tests: the frontends keep the store timeout users get.</summary>
public class GarnetFaultsAppFixture : GarnetAppFixture
{
    protected override bool StoreTimeoutMadeForContent => false;
}

/// <summary>The container graph for the fault tests: the frontends keep the store timeout users get.</summary>
public class ContainerFaultsAppFixture : ContainerAppFixture
{
    protected override bool StoreTimeoutMadeForContent => false;
}
