using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.AppHost.Settings;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.AppHostModel;

/// <summary>
/// Wrong settings stop the AppHost before anything is added, running or publishing, with one error that lists every one
/// by its key, values of the wrong kind among them.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class AppHostSettingsTests
{
    // One wrong value in each area, and in each kind of setting: a name, a switch, a count, a schedule, a typed Kubernetes value.
    private static readonly string[] s_wrongSettings =
    [
        "QuoteStore:AppendFsync=sometimes",
        "QuoteStore:HighAvailability=maybe",
        "QuoteStore:Backup:Schedule=daily",
        "QuoteFrontend:Replicas=two",
        "QuoteFrontend:TrustedProxies=10.0.0.0/8 proxy.example.com",
        "Kubernetes:Monitoring:Enabled=perhaps",
    ];

    private static readonly string[] s_wrongKeys = [.. s_wrongSettings.Select(setting => setting[..setting.IndexOf('=', StringComparison.Ordinal)])];

    [Theory]
    [InlineData]
    [InlineData("--operation", "publish")]
    public async Task SeveralWrongSettingsStopTheAppHostWithOneErrorThatNamesEachKey(params string[] mode)
    {
        var error = await AppHostModels.RefusingErrorAsync(["QuoteStore:Host=garnet", .. mode, .. s_wrongSettings]);

        var settings = Assert.IsType<AppHostSettingsException>(error);
        TestContext.Current.TestOutputHelper?.WriteLine(settings.Message);
        Assert.Equal(s_wrongKeys.Length, settings.Failures.Count());
        Assert.All(s_wrongKeys, key => Assert.Single(settings.Failures, failure => failure.StartsWith($"{key} ", StringComparison.Ordinal)));
        Assert.StartsWith($"{s_wrongKeys.Length} settings of the AppHost are wrong", settings.Message, StringComparison.Ordinal);
        // One a line, each saying what the setting accepts.
        Assert.All(settings.Failures, failure => Assert.Contains($"{Environment.NewLine}- {failure}", settings.Message, StringComparison.Ordinal));
        Assert.Contains("use one of: everysec, always", settings.Message, StringComparison.Ordinal);
        Assert.Contains("set it to a whole number of at least 1", settings.Message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:Monitoring:Enabled is 'perhaps'; use true or false.", settings.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueOfTheWrongKindIsListedWithTheOthersNotThrownAloneByTheBinder()
    {
        var message = await AppHostModels.RefusalAsync(
            "QuoteStore:Host=garnet",
            "Kubernetes:Resources:quote-frontend:Replicas=three",
            "Kubernetes:Resources:quote-store:RunAsUser=redis",
            "Kubernetes:Otlp:Protocol=udp",
            "QuoteFrontend:Port=eighty");

        Assert.DoesNotContain("Failed to convert configuration value", message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:Resources:quote-frontend:Replicas is 'three'; use a whole number.", message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:Resources:quote-store:RunAsUser is 'redis'", message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:Otlp:Protocol is 'udp'; use one of: grpc, http/protobuf.", message, StringComparison.Ordinal);
        Assert.Contains("QuoteFrontend:Port is 'eighty'; set it to a port number from 1 to 65535.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStoresValidatorListsEveryWrongSettingOfTheSection()
    {
        var problems = SettingProblems.Of(new QuoteStoreOptions
        {
            Host = "memcached",
            HighAvailability = "maybe",
            MaxMemory = "lots",
            ExporterImage = "exporter",
            CommandTimeout = "soon",
            Backup = new() { Keep = "0", VolumeSize = "3GB" },
        });

        Assert.Equal(
            [
                "QuoteStore:Host is 'memcached'",
                "QuoteStore:HighAvailability is 'maybe'",
                "QuoteStore:MaxMemory is 'lots'",
                "QuoteStore:ExporterImage is 'exporter'",
                "QuoteStore:CommandTimeout is 'soon'",
                "QuoteStore:Backup:Keep is '0'",
                "QuoteStore:Backup:VolumeSize is '3GB'",
            ],
            problems.Select(problem => problem[..(problem.IndexOf('\'', problem.IndexOf('\'', StringComparison.Ordinal) + 1) + 1)]));
        // The exporter's image is refused as an exporter, with the exporter's default as the example.
        Assert.Contains("for example docker.io/oliver006/redis_exporter:v1.91.1", problems[3], StringComparison.Ordinal);
    }

    [Fact]
    public void TheFrontendsValidatorListsEveryWrongSettingAndEachWrongProxy()
    {
        var problems = SettingProblems.Of(new QuoteFrontendOptions
        {
            Port = "70000",
            Replicas = "",
            TrustedProxies = "proxy-a, 10.0.0.1, proxy-b",
            RateLimit = new() { PostsPerSecond = "-3", Burst = "+5" },
        });

        Assert.Equal(
            [
                "QuoteFrontend:Port is '70000'",
                "QuoteFrontend:Replicas is ''",
                "QuoteFrontend:TrustedProxies has 'proxy-a'",
                "QuoteFrontend:TrustedProxies has 'proxy-b'",
                "QuoteFrontend:RateLimit:PostsPerSecond is '-3'",
                "QuoteFrontend:RateLimit:Burst is '+5'",
            ],
            problems.Select(problem => problem[..(problem.IndexOf('\'', problem.IndexOf('\'', StringComparison.Ordinal) + 1) + 1)]));
    }

    [Fact]
    public void SettingsLeftOutKeepTheirDefaults()
    {
        var store = new QuoteStoreOptions();
        var frontend = new QuoteFrontendOptions();

        Assert.Empty(SettingProblems.Of(store));
        Assert.Empty(SettingProblems.Of(frontend));
        Assert.Equal(
            (RedisStoreHost.Auto, false, true, Aspire.Hosting.AppendFsync.EverySecond, "384mb", "docker.io/library/redis:8.6", "docker.io/oliver006/redis_exporter:v1.91.1", "quoteaspire-quote-store-data", (TimeSpan?)null),
            (store.RequestedHost, store.IsReplicated(publishing: false), store.IsReplicated(publishing: true), store.AppendFsyncPolicy, store.MaxMemorySize, store.StoreImage.ToString(), store.StoreExporterImage.ToString(), store.DataVolumeFor("quote-store"), store.CommandTimeoutToPassOn));
        Assert.Equal(("0 */6 * * *", 7, (string?)null, "3072Mi"), (store.Backup.CronJobSchedule, store.Backup.KeepCount, store.Backup.ExistingClaim, store.Backup.ClaimSizeFor(store.MaxMemorySize)));
        Assert.Equal((8000, 2, (string?)null), (frontend.PortNumber, frontend.ReplicaCount, frontend.TrustedProxyList));
        Assert.Empty(frontend.RateLimit.Given());
    }

    [Fact]
    public void ASettingReadDespiteItsProblemThrowsThatProblem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new QuoteStoreOptions { AppendFsync = "no" }.AppendFsyncPolicy);

        Assert.StartsWith("QuoteStore:AppendFsync is 'no'; use one of: everysec, always", error.Message, StringComparison.Ordinal);
    }
}
