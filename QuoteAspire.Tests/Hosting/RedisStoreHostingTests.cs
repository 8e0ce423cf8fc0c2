using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Tests.Infrastructure;

#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001 // The store container's command line is set whole: the test reads that it is.

namespace QuoteAspire.Tests.Hosting;

/// <summary>
/// The store topologies of QuoteAspire.Hosting.RedisCompatible on a model of its own, as Aspire tests its hosting packages:
/// settings named under the app's section, the store each host gives, its client users, its published shape and backups,
/// with no app of ours and no process. Each host is given, so no test asks the machine.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class RedisStoreHostingTests
{
    private const string Password = "hosting-test-password";

    private static readonly RedisAclUser s_apiUser = new("api", ["+@connection", "+get"], ["entries"], []);
    private static readonly RedisBackupContents s_contents = new(
        new RedisAclUser("copier", ["+@connection", "+sync"], [], []),
        new RedisAclUser("restorer", ["+@connection", "+restore"], ["entries", "entries:*"], []),
        "entries",
        ["entries:meta:*"]);

    /// <summary>An app's settings, under its own section and volume prefix.</summary>
    private sealed class CacheOptions() : RedisStoreOptions("Cache", "shop");

    private static IDistributedApplicationBuilder NewBuilder(bool publish = false) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = publish ? ["--operation", "publish"] : [], DisableDashboard = true });

    private static CacheOptions Settings(string? highAvailability = null) => new()
    {
        HighAvailability = highAvailability,
        DataDirectory = Path.Combine(Path.GetTempPath(), "quoteaspire-hosting-tests", "stores"),
    };

    private static IResourceBuilder<IResourceWithConnectionString> AddCache(
        IDistributedApplicationBuilder builder, RedisStoreHost host, CacheOptions settings, Func<string, bool, int, IEnumerable<KubernetesAlert>>? alerts = null) =>
        builder.AddRedisStore("cache", builder.AddParameter("cache-password", Password, secret: true), settings, new RedisStoreHostChoice(host, "given by the test"), alerts);

    [Fact]
    public void SettingsAreNamedUnderTheAppsSectionAndVolumesUnderItsPrefix()
    {
        var problems = new RedisStoreOptionsValidator().Validate(null, new CacheOptions { Host = "memcached", Backup = new() { Keep = "0" } }).Failures;

        Assert.Equal(
            ["Cache:Host is 'memcached'", "Cache:Backup:Keep is '0'"],
            problems!.Select(problem => problem[..(problem.IndexOf('\'', problem.IndexOf('\'', StringComparison.Ordinal) + 1) + 1)]));
        Assert.Equal("shop-cache-data", new CacheOptions().DataVolumeFor("cache"));
    }

    [Fact]
    public void AReplicatedStoreOnGarnetIsRefusedNamingTheSettingsToChange()
    {
        var builder = NewBuilder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.ChooseRedisStoreHost(new CacheOptions { Host = "garnet", HighAvailability = "true" }));

        Assert.StartsWith("Cache:HighAvailability is true, but Cache:Host is 'garnet': Garnet has no Sentinel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerProgramKeepsItsDataInAFolderOfItsNameAndHostAndSaysSo()
    {
        var settings = Settings();

        var store = AddCache(NewBuilder(), RedisStoreHost.RedisServer, settings).Resource;

        Assert.IsType<RedisCompatibleServerResource>(store);
        var where = Assert.Single(store.Annotations.OfType<RedisStoreHostAnnotation>());
        Assert.Equal((RedisStoreHost.RedisServer, Path.Combine(settings.DataRootIn(Path.GetTempPath()), "cache", "redis-server")), (where.Choice.Host, where.DataLocation));
    }

    [Fact]
    public async Task ASingleContainerRunsTheStoreScriptOnItsNamedVolumeWithoutPublishedAlertsWhenRunning()
    {
        var alerted = false;

        var store = Assert.IsType<RedisResource>(AddCache(NewBuilder(), RedisStoreHost.Container, Settings(), (_, _, _) =>
        {
            alerted = true;
            return [];
        }).Resource);

        Assert.False(store.ShellExecution);
        var image = Assert.Single(store.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "library/redis", "8.6"), (image.Registry, image.Image, image.Tag));
        Assert.Contains(store.Annotations.OfType<ContainerMountAnnotation>(), mount => (mount.Source, mount.Target) == ("shop-cache-data", "/data"));
        var arguments = (await ModelInspection.GetArgumentsAsync(store)).Cast<string>().ToList();
        Assert.Equal(["-c", "store-start.sh", "server", "--appendfsync", "everysec", "--dir", "/data", "--maxmemory", "384mb"], [arguments[0], .. arguments.Skip(2)]);
        Assert.Equal(2, store.Annotations.OfType<KubernetesExecProbeAnnotation>().Count());
        Assert.False(alerted);
        Assert.Empty(store.Annotations.OfType<KubernetesAlertsAnnotation>());
    }

    [Fact]
    public void APublishedReplicatedStoreIsThreePeersWithASentinelEachTheExporterAndTheAppsAlerts()
    {
        (string Name, bool Replicated, int Replicas)? asked = null;

        var store = Assert.IsType<RedisReplicatedContainerResource>(AddCache(NewBuilder(publish: true), RedisStoreHost.Container, Settings(), (name, replicated, replicas) =>
        {
            asked = (name, replicated, replicas);
            return [new KubernetesAlert("CacheDown", "up == 0", "1m", "critical", "down", "down")];
        }).Resource);

        Assert.Equal(3, Assert.Single(store.Annotations.OfType<KubernetesPeersAnnotation>()).Replicas);
        Assert.Equal(["sentinel", RedisExporterExtensions.ExporterContainer], store.Annotations.OfType<KubernetesSidecarAnnotation>().Select(sidecar => sidecar.Name));
        Assert.Equal(("cache", true, 3), asked);
        Assert.Equal("CacheDown", Assert.Single(Assert.Single(store.Annotations.OfType<KubernetesAlertsAnnotation>()).Alerts).Name);
    }

    [Fact]
    public async Task AClientUserSignsInByNameAndTheContainersScriptReadsItsPassword()
    {
        var builder = NewBuilder();
        var store = AddCache(builder, RedisStoreHost.Container, Settings());

        var login = store.AddClientUser("cache-as-api", s_apiUser, builder.AddParameter("api-password", "api-secret", secret: true)).Resource;

        Assert.IsType<RedisClientUserResource>(login);
        // Credentials, not a process: not a row of the dashboard's own, where its state would read Unknown.
        Assert.True(Assert.Single(login.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot.IsHidden);
        Assert.Contains(",user=api,password=", login.ConnectionStringExpression.ValueExpression, StringComparison.Ordinal);
        Assert.Equal("api", Assert.Single(store.Resource.Annotations.OfType<RedisAclUserAnnotation>()).User.Name);
        Assert.True((await ModelInspection.GetEnvironmentAsync(store.Resource)).ContainsKey(s_apiUser.PasswordVariable));
        Assert.Contains("--user", (await ModelInspection.GetArgumentsAsync(store.Resource)).Cast<string>());
    }

    [Fact]
    public async Task ClientsOfAReplicatedStoreAreToldHowManyReplicasConfirmAWriteAndOfASingleOneNothing()
    {
        var builder = NewBuilder(publish: true);
        var replicated = AddCache(builder, RedisStoreHost.Container, Settings());
        var single = AddCache(NewBuilder(), RedisStoreHost.Container, Settings(highAvailability: "false"));

        var api = builder.AddContainer("api", "api-image").WithWritesConfirmedByReplicas(replicated, "Acks").WithWritesConfirmedByReplicas(single, "SingleAcks");

        var environment = await ModelInspection.GetEnvironmentAsync(api.Resource);
        Assert.Equal("1", environment["Acks"]);
        Assert.False(environment.ContainsKey("SingleAcks"));
    }

    [Fact]
    public void ScheduledBackupsArePublishedAsJobsThatSignInAsTheirOwnUsersAndAddNothingWhenRunning()
    {
        var builder = NewBuilder(publish: true);
        var store = AddCache(builder, RedisStoreHost.Container, Settings(highAvailability: "false"));
        var running = NewBuilder();
        var runningStore = AddCache(running, RedisStoreHost.Container, Settings());

        builder.AddScheduledBackups("cache-backup", store, restoreJob: "cache-restore", Settings(), s_contents);
        running.AddScheduledBackups("cache-backup", runningStore, restoreJob: "cache-restore", Settings(), s_contents);

        var backup = Assert.Single(builder.Resources, resource => resource.Name == "cache-backup");
        Assert.Equal("0 */6 * * *", Assert.Single(backup.Annotations.OfType<KubernetesScheduleAnnotation>()).Schedule);
        var restore = Assert.Single(builder.Resources, resource => resource.Name == "cache-restore");
        Assert.Single(restore.Annotations.OfType<KubernetesOnDemandJobAnnotation>());
        Assert.Contains(builder.Resources, resource => resource.Name == "cache-backup-password");
        Assert.Equal(["copier", "restorer"], store.Resource.Annotations.OfType<RedisAclUserAnnotation>().Select(user => user.User.Name));
        Assert.DoesNotContain(running.Resources, resource => resource.Name is "cache-backup" or "cache-restore" or "cache-backup-password");
    }

    [Fact]
    public void TheBackupFolderNeverGivesOneNameTwiceAndKeepsTheNewest()
    {
        var folder = new RedisBackupFolder(Path.Combine(Path.GetTempPath(), "quoteaspire-hosting-tests", $"backups-{Guid.NewGuid():N}"), keep: 1);
        var now = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        try
        {
            var first = folder.ClaimNewFile("cache", now);
            var second = folder.ClaimNewFile("cache", now);
            File.Move(first + RedisBackupFolder.PartialSuffix, first);
            File.Move(second + RedisBackupFolder.PartialSuffix, second);

            Assert.NotEqual(first, second);
            Assert.Equal((1, second), (folder.Prune("cache"), folder.Latest("cache")));
        }
        finally
        {
            Directory.Delete(folder.Path, recursive: true);
        }
    }

    [Fact]
    public void TheStaleBackupsAlertCarriesTheAppsNameAndWordsAndNamesItsSettingWhenItCannotReadTheSchedule()
    {
        var alert = RedisBackupAlerts.Stale("ShopBackupsStale", "the orders", "cache-backup", "0 * * * *", "Cache:Backup:Schedule");
        var error = Assert.Throws<ArgumentException>(() => RedisBackupAlerts.Stale("ShopBackupsStale", "the orders", "cache-backup", "@daily", "Cache:Backup:Schedule"));

        Assert.Equal(("ShopBackupsStale", "No backup of the orders has succeeded in 2 h"), (alert.Name, alert.Summary));
        Assert.Contains("> 7200", alert.Expression, StringComparison.Ordinal);
        Assert.StartsWith("Cache:Backup:Schedule is '@daily'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClearListCommandCarriesTheAppsWordsAndAsksBeforeItRuns()
    {
        var store = AddCache(NewBuilder(), RedisStoreHost.RedisServer, Settings())
            .WithClearListCommand("clear-entries", "Clear entries", "entries", "Deletes every entry.", "Delete every entry?", removed => $"Removed {removed} entries.");

        var command = Assert.Single(store.Resource.Annotations.OfType<ResourceCommandAnnotation>(), command => command.Name == "clear-entries");
        Assert.Equal(("Clear entries", "Deletes every entry.", "Delete every entry?"), (command.DisplayName, command.DisplayDescription, command.ConfirmationMessage));
        Assert.Throws<ArgumentException>(() => store.WithClearListCommand("clear-entries", "Clear entries", " ", "Deletes every entry.", "Delete every entry?", removed => ""));
    }

    [Fact]
    public async Task BackupCommandsCarryTheAppsWordsSendARestoreWithoutBackupToTheBackupCommandAndSkipGarnet()
    {
        var settings = Settings();
        settings.DataDirectory = Path.Combine(Path.GetTempPath(), "quoteaspire-hosting-tests", $"stores-{Guid.NewGuid():N}");
        var texts = new RedisRestoreCommandTexts(folder => $"Restores from {folder.Path}.", "Replace every entry?", "Back up entries", (restored, file) => $"Restored {restored.ListLength}.");
        var builder = NewBuilder();
        var store = AddCache(builder, RedisStoreHost.RedisServer, settings)
            .WithRedisBackupCommand("backup-entries", "Back up entries", settings, folder => $"Copies to {folder.Path}, keeping {folder.Keep}.")
            .WithRedisRestoreCommand("restore-entries", "Restore entries", settings, s_contents, texts);
        var garnet = AddCache(NewBuilder(), RedisStoreHost.Garnet, settings)
            .WithRedisBackupCommand("backup-entries", "Back up entries", settings, folder => "")
            .WithRedisRestoreCommand("restore-entries", "Restore entries", settings, s_contents, texts);

        var commands = store.Resource.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(command => command.Name);
        var folder = RedisBackupFolder.From(settings, builder.AppHostDirectory);
        Assert.Equal($"Copies to {folder.Path}, keeping {folder.Keep}.", commands["backup-entries"].DisplayDescription);
        Assert.Null(commands["backup-entries"].ConfirmationMessage);
        Assert.Equal(($"Restores from {folder.Path}.", "Replace every entry?"), (commands["restore-entries"].DisplayDescription, commands["restore-entries"].ConfirmationMessage));
        var restore = await commands["restore-entries"].ExecuteCommand(new ExecuteCommandContext
        {
            ResourceName = "cache",
            Services = EmptyServices,
            Arguments = default!,
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            CancellationToken = TestContext.Current.CancellationToken,
        });
        Assert.False(restore.Success);
        Assert.Equal($"There is no backup of cache in {folder.Path}; take one with \"Back up entries\".", restore.Message);
        Assert.DoesNotContain(garnet.Resource.Annotations.OfType<ResourceCommandAnnotation>(), command => command.Name is "backup-entries" or "restore-entries");
    }

    [Fact]
    public void StoreAlertsCarryTheAppsNamesAndWordsAndOnlyAReplicatedStoreWatchesItsFailoverAndReplicas()
    {
        var texts = new RedisStoreAlertTexts(
            new("CacheNoPrimary", "no primary", "none"), new("CacheFull", "full", "trim"), new("CacheFailoverStuck", "stuck", "votes"), new("CacheReplicaDown", "behind", "links"));

        var lone = RedisStoreAlerts.For("cache", replicated: false, replicas: 1, memoryThreshold: 0.8, texts).ToList();
        var replicated = RedisStoreAlerts.For("cache", replicated: true, replicas: 3, memoryThreshold: 0.8, texts).ToList();

        Assert.Equal(["CacheNoPrimary", "CacheFull"], lone.Select(alert => alert.Name));
        Assert.Equal(["CacheNoPrimary", "CacheFull", "CacheFailoverStuck", "CacheReplicaDown"], replicated.Select(alert => alert.Name));
        Assert.Equal(("critical", "1m", "no primary", "none"), (lone[0].Severity, lone[0].For, lone[0].Summary, lone[0].Description));
        Assert.Contains("pod=~\"cache-[0-9]+\"", lone[0].Expression, StringComparison.Ordinal);
        Assert.Contains("/ redis_memory_max_bytes{", lone[1].Expression, StringComparison.Ordinal);
        Assert.Contains(" > 0.8 and ", lone[1].Expression, StringComparison.Ordinal);
        Assert.EndsWith("max(redis_connected_slaves{namespace=\"$namespace\", pod=~\"cache-[0-9]+\", scrape_target=\"data\"}) < 2", replicated[3].Expression, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RedisStoreAlerts.For("cache", replicated: false, replicas: 1, memoryThreshold: 1.5, texts).ToList());
    }

    [Fact]
    public void TheLibrarysUsersGrantWhatTheirClientOrJobSendsAndNothingThatEmptiesTheStore()
    {
        var client = RedisAclUser.StackExchangeClient("api", ["+get"], ["entries"]);
        var copier = RedisAclUser.BackupCopier("copier");
        var restorer = RedisAclUser.BackupRestorer("restorer", ["entries", "entries:*"]);

        Assert.Equal(["+@connection", "+info", "+role", "+get", "+subscribe", "+unsubscribe"], client.Commands);
        Assert.Equal(["entries"], client.KeyPatterns);
        Assert.Equal(["__Booksleeve_MasterChanged"], client.Channels);
        Assert.Equal(["+@connection", "+info", "+role", "+replconf", "+sync", "+psync"], copier.Commands);
        Assert.Empty(copier.KeyPatterns);
        Assert.Contains("+restore", restorer.Commands);
        Assert.Equal(["entries", "entries:*"], restorer.KeyPatterns);
        Assert.All<RedisAclUser>([client, copier, restorer], user => Assert.DoesNotContain(user.Commands, command => command is "+flushall" or "+config" or "+keys" or "+@all"));
        Assert.Throws<ArgumentException>(() => RedisAclUser.BackupCopier(" "));
    }

    [Fact]
    public void AStorePasswordIsASecretGeneratedAnewAndNeverSaved()
    {
        var builder = NewBuilder();

        var password = builder.AddStorePassword("cache-password").Resource;

        Assert.True(password.Secret);
        var generated = Assert.IsType<GenerateParameterDefault>(password.Default);
        Assert.Equal((32, false), (generated.MinLength, generated.Special));
        Assert.Throws<ArgumentNullException>(() => RedisStorePasswordExtensions.AddStorePassword(null!, "cache-password"));
    }

    private static readonly IServiceProvider EmptyServices = new Microsoft.Extensions.DependencyInjection.ServiceCollection().BuildServiceProvider();
}
