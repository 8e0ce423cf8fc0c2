using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using QuoteAspire.AppHost.QuoteStore.Cluster;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// Backups on a cluster: a CronJob that copies the store as "Back up quotes" does locally, an RDB from a replica in
/// sync, onto a volume that outlives the store's own claims. Published only; a local run has the dashboard command.
/// </summary>
public static partial class ScheduledBackupExtensions
{
    public const string ScheduleConfigurationKey = "QuoteStore:Backup:Schedule";
    public const string VolumeClaimConfigurationKey = "QuoteStore:Backup:VolumeClaim";
    public const string VolumeSizeConfigurationKey = "QuoteStore:Backup:VolumeSize";

    /// <summary>Every six hours, on the hour: at most six hours of quotes lost with every copy of the data.</summary>
    public const string DefaultSchedule = "0 */6 * * *";

    /// <summary>Where the backup volume is mounted in the job's container.</summary>
    public const string BackupDirectory = "/backups";

    /// <summary>
    /// When publishing, adds <paramref name="name"/>: a CronJob that backs up <paramref name="store"/> on
    /// <c>QuoteStore:Backup:Schedule</c>, keeps the newest <c>QuoteStore:Backup:Keep</c>, onto the claim
    /// <c>QuoteStore:Backup:VolumeClaim</c> names (made by the operator), or else onto a claim of its own name that the
    /// manifests hold; and <paramref name="restoreJob"/>: a Job on the same claim, outside the kustomization, that an operator
    /// starts with <c>kubectl create -f</c> to restore the newest backup (or the one <c>BACKUP_FILE</c> names). Running, it
    /// adds nothing.
    /// </summary>
    public static IDistributedApplicationBuilder AddScheduledQuoteBackups(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<IResourceWithConnectionString> store,
        [ResourceName] string restoreJob)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);

        // Read in every mode, so a wrong value fails a local run too, not first in a release pipeline.
        var schedule = ParseSchedule(builder.Configuration[ScheduleConfigurationKey]);
        var keep = QuoteBackupFolder.From(builder.Configuration, builder.AppHostDirectory).Keep;
        var existingClaim = builder.Configuration[VolumeClaimConfigurationKey] is { Length: > 0 } claim ? claim.Trim() : null;
        var maxMemory = MaxMemorySetting.Parse(builder.Configuration[MaxMemorySetting.ConfigurationKey]);
        var volumeSize = ParseVolumeSize(builder.Configuration[VolumeSizeConfigurationKey], keep, maxMemory);
        if (!builder.ExecutionContext.IsPublishMode || store.Resource is not ContainerResource container
            || !container.TryGetLastAnnotation<ContainerImageAnnotation>(out var image))
        {
            return builder;
        }

        var nodes = store.Resource is RedisReplicatedContainerResource replicated
            ? ReplicatedStoreKubernetesExtensions.ScriptsFor(replicated)
            : new RedisPeerScripts(store.Resource.Name, [store.Resource.Name], Quorum: 1);
        var claimName = existingClaim ?? $"{name}s";
        // Each job signs in as a user of its own, which the store's containers define: never as the administrator.
        var storeContainers = builder.CreateResourceBuilder(container);
        var backupLogin = (BackupJobUsers.Backup, BackupJobUsers.DefineOn(storeContainers, BackupJobUsers.Backup));
        var restoreLogin = (BackupJobUsers.Restore, BackupJobUsers.DefineOn(storeContainers, BackupJobUsers.Restore));
        string[] existingClaims = existingClaim is null ? [] : [existingClaim];

        AddStoreJob(
                builder, name, image,
                [PeerScriptFile.Read(PeerScriptFile.Backup), PeerScriptFile.Backup, nodes.SetName, BackupDirectory, keep.ToString(CultureInfo.InvariantCulture), .. nodes.PeerHosts],
                claimName, store, backupLogin, volumeSize)
            .WithKubernetesSchedule(schedule, existingClaims)
            .WithKubernetesAlerts(BackupAlerts.Stale(name, schedule));
        string[] recordPatterns = [.. RestoreQuotesCommand.QuoteDataPatterns.Where(pattern => pattern != ClearQuotesCommand.QuotesKey)];
        AddStoreJob(
                builder, restoreJob, image,
                [PeerScriptFile.Read(PeerScriptFile.Restore), PeerScriptFile.Restore, nodes.SetName, BackupDirectory, ClearQuotesCommand.QuotesKey, string.Join(' ', recordPatterns), .. nodes.PeerHosts],
                claimName, store, restoreLogin, volumeSize, jobMemory: RedisContainerExtensions.PodMemory(maxMemory))
            // Named here so that an edited copy of the Job's file can pick an older file; empty means the newest.
            .WithEnvironment("BACKUP_FILE", string.Empty)
            .WithKubernetesOnDemandJob(existingClaims);
        return builder;
    }

    /// <summary>
    /// A job on the store's image that runs <paramref name="script"/> (the script, then its <c>$0</c> and arguments), reaches
    /// the store as <paramref name="login"/>'s user (<c>REDIS_USER</c>, <c>REDIS_PASSWORD</c>) and mounts the backup claim, in <paramref name="jobMemory"/>: the backup streams its copy
    /// to the claim in little, the restore reads the whole copy into a redis-server of its own, as large as the store.
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddStoreJob(
        IDistributedApplicationBuilder builder, string name, ContainerImageAnnotation image, string[] script, string claimName,
        IResourceBuilder<IResourceWithConnectionString> store, (RedisAclUser User, IResourceBuilder<ParameterResource> Password) login, string volumeSize,
        string jobMemory = "128Mi") =>
        builder.AddContainer(name, image.Image, image.Tag ?? "latest")
            .WithImageRegistry(image.Registry)
            .WithEntrypoint("/bin/sh")
            .WithArgs(["-c", .. script])
            .WithEnvironment("REDIS_USER", login.User.Name)
            .WithEnvironment("REDIS_PASSWORD", login.Password)
            .WithVolume(claimName, BackupDirectory)
            .WithReferenceRelationship(store.Resource)
            .WithKubernetesSettings(new KubernetesResourceSettings { RunAsUser = RedisContainerExtensions.RedisImageUser, MemoryLimit = jobMemory, StorageSize = volumeSize });

    /// <summary>
    /// Reads the backups claim's size: a quantity in Mi, Gi or Ti; absent means room for <paramref name="keep"/> copies
    /// and the one being written, each as large as the store may grow (<paramref name="maxMemory"/>; an RDB copy is
    /// smaller than the memory it comes from).
    /// </summary>
    /// <exception cref="ArgumentException">Not such a quantity.</exception>
    public static string ParseVolumeSize(string? value, int keep, string maxMemory)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            const long MiB = 1 << 20;
            var bytes = (keep + 1) * MaxMemorySetting.Bytes(maxMemory);
            return $"{(bytes + MiB - 1) / MiB}Mi";
        }

        return VolumeQuantity().IsMatch(value.Trim())
            ? value.Trim()
            : throw new ArgumentException(
                $"{VolumeSizeConfigurationKey} is '{value}'; give a size in Mi, Gi or Ti, such as 4Gi, or leave it out for room for {keep + 1} copies of {maxMemory}.",
                nameof(value));
    }

    [GeneratedRegex("^[1-9][0-9]*(Mi|Gi|Ti)$")]
    private static partial Regex VolumeQuantity();

    /// <summary>Reads the schedule: five cron fields; absent means <see cref="DefaultSchedule"/>.</summary>
    /// <exception cref="ArgumentException">Not five fields.</exception>
    public static string ParseSchedule(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultSchedule
        : CronFields().IsMatch(value.Trim()) ? value.Trim()
        : throw new ArgumentException(
            $"{ScheduleConfigurationKey} is '{value}'; use a cron schedule of five fields, minute hour day month weekday, such as '{DefaultSchedule}'.",
            nameof(value));

    [GeneratedRegex(@"^\S+( \S+){4}$")]
    private static partial Regex CronFields();
}
