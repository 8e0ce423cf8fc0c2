using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging;
using QuoteAspire.AppHost.QuoteStore;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The whole graph, started once per test class through the real AppHost with the store on
/// <see cref="StoreHost"/>. Starting and stopping an Aspire app takes seconds, so tests share it
/// and each test owns only the quotes it creates.
/// </summary>
public abstract class QuoteAppFixture : IAsyncLifetime
{
    public const string Frontend = "quote-frontend";
    public const string Store = "quote-store";
    public const string StorePasswordParameter = "quote-store-password";

    /// <summary>
    /// Set to the URL of a running quote frontend (a cluster's, say) to run the HTTP contract tests
    /// against it instead of a graph started here; tests that need the graph itself are then skipped.
    /// </summary>
    public const string BaseUrlVariable = "QUOTEASPIRE_BASE_URL";

    public static Uri? ExternalBaseUrl { get; } =
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? new Uri(url) : null;

    private const int UnlimitedPostsPerSecond = 1_000_000;

    private DistributedApplication? _app;

    /// <summary>The store host this fixture runs, as written in <c>QuoteStore:Host</c>.</summary>
    protected abstract QuoteStoreHost StoreHost { get; }

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

    public async ValueTask InitializeAsync()
    {
        SkipReason = ExternalBaseUrl is null ? MissingPrerequisite() : SkipReasonAgainstExternalUrl();
        if (SkipReason is not null || ExternalBaseUrl is not null)
        {
            return;
        }

        using var cancellation = new CancellationTokenSource(Bounded.AppStart);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.QuoteAspire_AppHost>(
            [
                $"{QuoteStoreHostSelector.ConfigurationKey}={QuoteStoreHostSelector.NameOf(StoreHost)}",
                // A password of the test's own unless the fixture tests generation (never persisted either way).
                .. LetTheAppHostGenerateThePassword ? Array.Empty<string>() : [$"Parameters:quote-store-password={StorePassword}"],
                // The suite posts hundreds of quotes from one address; the limit itself is tested on a
                // frontend of its own (RedisServerAppFixture.RateLimitedFrontend).
                $"QuoteFrontend:RateLimit:PostsPerSecond={UnlimitedPostsPerSecond}",
                $"QuoteFrontend:RateLimit:Burst={UnlimitedPostsPerSecond}",
            ],
            cancellation.Token).WaitAsync(Bounded.AppStart, "the AppHost model to build");

        builder.Services.AddLogging(logging => logging.AddProvider(AppHostLogs));
        ConfigureModel(builder);
        StopProjectsPromptly(builder);

        _app = await builder.BuildAsync(cancellation.Token).WaitAsync(Bounded.AppStart, "the app to build");
        await _app.StartAsync(cancellation.Token).WaitAsync(Bounded.AppStart, "the app to start");
        var password = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == StorePasswordParameter);
        StorePassword = await password.GetValueAsync(cancellation.Token) ?? throw new InvalidOperationException("The store password has no value.");

        foreach (var resource in ResourcesToWaitFor)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellation.Token)
                .WaitAsync(Bounded.ResourceHealthy, $"{resource} to become healthy");
        }
    }

    /// <summary>Resources that must be healthy before any test runs.</summary>
    protected virtual IEnumerable<string> ResourcesToWaitFor => [Store, Frontend];

    /// <summary>
    /// The testing builder turns the dashboard off but leaves the services' OTLP exporter pointed at it,
    /// with Aspire's in-memory retry on: at shutdown each service then keeps retrying for ~10 s, until DCP
    /// kills it. Without the retry setting, the app stops in about a second.
    /// </summary>
    private static void StopProjectsPromptly(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
        }
    }

    /// <summary>Lets a fixture add to the AppHost's model before it starts.</summary>
    protected virtual void ConfigureModel(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>What this machine lacks to run the fixture's store, or null.</summary>
    protected virtual string? MissingPrerequisite() => null;

    /// <summary>Why this fixture's tests do not run against <see cref="BaseUrlVariable"/>, or null when they do.</summary>
    protected virtual string? SkipReasonAgainstExternalUrl() => null;

    /// <summary>An HTTP client for the frontend's http endpoint, or for <see cref="BaseUrlVariable"/> when set.</summary>
    public HttpClient CreateFrontendClient(string resource = Frontend)
    {
        if (resource != Frontend)
        {
            SkipUnlessGraph();
        }

        var client = ExternalBaseUrl is not null && resource == Frontend
            ? new HttpClient { BaseAddress = ExternalBaseUrl }
            : App.CreateHttpClient(resource, "http");
        client.Timeout = Bounded.HttpRequest;
        return client;
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
            await _app.StopAsync().WaitAsync(Bounded.AppStop, "the app to stop");
            await _app.DisposeAsync().AsTask().WaitAsync(Bounded.AppStop, "the app to be disposed");
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

    /// <summary>A frontend with the rate limit a test can reach: <see cref="RateLimitBurst"/> quotes, then one a second.</summary>
    public const string RateLimitedFrontend = "quote-frontend-rate-limited";
    public const int RateLimitBurst = 3;

    protected override QuoteStoreHost StoreHost => QuoteStoreHost.RedisServer;

    protected override IEnumerable<string> ResourcesToWaitFor => [.. base.ResourcesToWaitFor, FrontendByServiceVariables, RateLimitedFrontend];

    protected override void ConfigureModel(IDistributedApplicationTestingBuilder builder)
    {
        var store = builder.CreateResourceBuilder<RedisCompatibleServerResource>(Store);
        var endpoint = store.GetEndpoint(RedisCompatibleServerResource.PrimaryEndpointName);
        builder.AddProject<Projects.QuoteAspire_ApiService>(FrontendByServiceVariables)
            .WithEnvironment("QUOTE_STORE_SERVICE_HOST", endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("QUOTE_STORE_SERVICE_PORT", endpoint.Property(EndpointProperty.Port))
            .WithEnvironment("QUOTE_STORE_PASSWORD", store.Resource.PasswordParameter)
            .WaitFor(store)
            .WithHttpHealthCheck("/health");

        builder.AddProject<Projects.QuoteAspire_ApiService>(RateLimitedFrontend)
            .WithReference(store)
            .WithEnvironment("RateLimit__PostsPerSecond", "1")
            .WithEnvironment("RateLimit__Burst", RateLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WaitFor(store)
            .WithHttpHealthCheck("/health");
    }

    protected override string? MissingPrerequisite() =>
        MachineProbes.FindProgram("redis-server") is null
            ? "redis-server is not on the PATH: install it (apt-get install redis-server, brew install redis) to run these tests"
            : null;
}

/// <summary>The graph with Garnet, from the local tool manifest, as the store.</summary>
public class GarnetAppFixture : QuoteAppFixture
{
    protected override QuoteStoreHost StoreHost => QuoteStoreHost.Garnet;

    // One graph runs as a developer's does, with a password the AppHost made up, for the tests that hunt for it.
    protected override bool LetTheAppHostGenerateThePassword => true;

    protected override string? SkipReasonAgainstExternalUrl() =>
        $"{BaseUrlVariable} is set: the contract tests run once against it, in the redis-server classes.";
}
