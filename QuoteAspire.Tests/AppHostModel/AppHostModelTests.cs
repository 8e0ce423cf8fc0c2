using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>The AppHost's model as it is built, inspected without starting any process.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class AppHostModelTests
{
    private static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        Assert.Single(builder.Resources, resource => resource.Name == name);

    [Fact]
    public async Task TheModelHasTheArticlesTwoResourcesAndTheStorePassword()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");

        // Aspire adds helpers of its own (such as a project rebuilder), so check ours are all there.
        Assert.Subset(
            builder.Resources.Select(resource => resource.Name).ToHashSet(),
            new HashSet<string> { "quote-frontend", "quote-store", "quote-store-password" });
        var password = Assert.IsType<ParameterResource>(Resource(builder, "quote-store-password"));
        Assert.True(password.Secret);
    }

    [Theory]
    [InlineData("redis-server", "redis-server")]
    [InlineData("garnet", "dotnet")]
    public async Task LocalHostSettingRunsTheStoreAsAProgram(string host, string command)
    {
        await using var builder = await AppHostModels.BuildAsync($"QuoteStore:Host={host}");

        var store = Assert.IsType<RedisCompatibleServerResource>(Resource(builder, "quote-store"));
        Assert.Equal(command, store.Command);
        Assert.True(store.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var healthChecks), "The store has a health check.");
        Assert.Single(healthChecks);

        // The password and the address are in the configuration file, which the arguments only name.
        var args = await ModelInspection.GetArgumentsAsync(store);
        Assert.DoesNotContain(args, arg => ReferenceEquals(arg, store.PasswordParameter));
        var configFile = Assert.Single(args.OfType<string>(), arg => Path.GetFileName(arg) == store.Config.FileName);
        Assert.StartsWith(Path.GetTempPath(), configFile, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", store.Config.Render("a-password"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANextPasswordForAStoreOfLocalProgramsStopsTheAppHostSayingWhatToDo()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModels.BuildAsync("QuoteStore:Host=redis-server", "Parameters:quote-store-frontend-password-next=next"));

        Assert.Contains("Parameters:quote-store-frontend-password-next is set, but 'quote-store' runs as a program", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAppHostSaysWhichHostItChoseForTheStoreAndWhy()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");

        var logs = await ModelInspection.LogsOfInitializingAsync(builder, "quote-store");

        Assert.Contains(logs, line => line.Contains("quote-store runs as garnet: QuoteStore:Host is 'garnet'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FrontendReferencesWaitsForAndHealthChecksTheStore()
    {
        await using var builder = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");

        var frontend = Assert.IsType<ProjectResource>(Resource(builder, "quote-frontend"));
        var store = Resource(builder, "quote-store");

        Assert.True(frontend.TryGetAnnotationsOfType<WaitAnnotation>(out var waits));
        Assert.Contains(waits, wait => wait.Resource == store);
        Assert.True(frontend.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var healthChecks), "The frontend has a health check.");
        Assert.NotEmpty(healthChecks);

        var environment = await ModelInspection.GetEnvironmentAsync(frontend);
        Assert.True(environment.ContainsKey("ConnectionStrings__quote-store"), "The frontend gets the store's connection string.");
    }

    [Fact]
    public async Task FrontendServesOnTheArticlesPortUnlessConfiguredOtherwise()
    {
        await using var byDefault = await AppHostModels.BuildAsync("QuoteStore:Host=garnet");
        await using var configured = await AppHostModels.BuildAsync("QuoteStore:Host=garnet", "QuoteFrontend:Port=8123");

        Assert.Equal(8000, HttpPort(byDefault));
        Assert.Equal(8123, HttpPort(configured));

        int? HttpPort(IDistributedApplicationTestingBuilder builder) =>
            Resource(builder, "quote-frontend").Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port;
    }

    /// <summary>
    /// Aspire warns on the dashboard ("No trusted development certificate") when no certificate is trusted and a resource
    /// uses TLS: one with an https endpoint, or one whose server certificate is configured for it and not opted out. None
    /// here serves https, so none may ask for it, with each store host and the replicated store alike.
    /// </summary>
    [Theory]
    [InlineData("QuoteStore:Host=redis-server")]
    [InlineData("QuoteStore:Host=garnet")]
    [InlineData("QuoteStore:Host=redis-server", "QuoteStore:HighAvailability=true")]
    public async Task NoResourceUsesTlsSoAFreshMachinesDashboardShowsNoCertificateWarning(params string[] settings)
    {
        await using var builder = await AppHostModels.BuildAsync(settings);

#pragma warning disable ASPIRECERTIFICATES001 // the evaluation annotations Aspire's own check reads
        Assert.All(builder.Resources, resource =>
        {
            Assert.DoesNotContain(resource.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.UriScheme == "https");
            var certificateConfigured = resource.Annotations.OfType<HttpsCertificateConfigurationCallbackAnnotation>().Any();
            var optedOut = resource.Annotations.OfType<HttpsCertificateAnnotation>().LastOrDefault() is { UseDeveloperCertificate: false or null, Certificate: null };
            Assert.False(certificateConfigured && !optedOut, $"{resource.Name} has a server certificate configured for it: the dashboard would warn that none is trusted.");
        });
#pragma warning restore ASPIRECERTIFICATES001
    }

    [Fact]
    public async Task PublishModeDescribesTheRedisContainerWhateverTheLocalSetting()
    {
        using var output = new TemporaryFolder("quoteaspire-model-");
        await using var builder = await AppHostModels.BuildAsync("--publisher", "manifest", "--output-path", output.Path, "QuoteStore:Host=redis-server");

        Assert.True(builder.ExecutionContext.IsPublishMode, "The AppHost runs in publish mode.");
        // Replicated by default when publishing: a cluster's store must outlive its node.
        Assert.IsType<RedisReplicatedContainerResource>(Resource(builder, "quote-store"));
    }

    [Fact]
    public async Task PublishModeWithHighAvailabilityOffDescribesOneRedisContainer()
    {
        using var output = new TemporaryFolder("quoteaspire-model-");
        await using var builder = await AppHostModels.BuildAsync("--publisher", "manifest", "--output-path", output.Path, "QuoteStore:HighAvailability=false");

        Assert.IsType<RedisResource>(Resource(builder, "quote-store"));
    }
}
