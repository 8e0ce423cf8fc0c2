using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;

namespace Aspire.Hosting;

/// <summary>
/// Backups on a cluster: a CronJob that copies the store as <see cref="RedisBackupCommands.BackUpAsync"/> does locally, an
/// RDB from a replica in sync, onto a volume that outlives the store's own claims. Published only; a local run has the
/// app's dashboard commands.
/// </summary>
public static class RedisScheduledBackupExtensions
{
    /// <summary>Where the backup volume is mounted in the job's container.</summary>
    public const string BackupDirectory = "/backups";

    /// <summary>
    /// When publishing, adds <paramref name="name"/>: a CronJob that backs up <paramref name="store"/> on
    /// <c>Backup:Schedule</c>, keeps the newest <c>Backup:Keep</c>, onto the claim <c>Backup:VolumeClaim</c> names (made
    /// by the operator), or else onto a claim of its own name that the manifests hold; and <paramref name="restoreJob"/>: a
    /// Job on the same claim, outside the kustomization, that an operator starts with <c>kubectl create -f</c> to restore
    /// the newest backup (or the one <c>BACKUP_FILE</c> names). Each job signs in as its user of
    /// <paramref name="contents"/>, defined on the store with a secret parameter <c>JOB-password</c>. Running, it adds nothing.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The backup CronJob.</param>
    /// <param name="store">A store added by <c>AddRedisStore</c>.</param>
    /// <param name="restoreJob">The restore Job.</param>
    /// <param name="settings">The store's settings, with its section <c>Backup</c>.</param>
    /// <param name="contents">The users and keys of the app's backups.</param>
    /// <param name="staleAlert">The CronJob's alert, given its name and schedule, when the app publishes one.</param>
    public static IDistributedApplicationBuilder AddScheduledBackups(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<IResourceWithConnectionString> store,
        [ResourceName] string restoreJob, RedisStoreOptions settings, RedisBackupContents contents, Func<string, string, KubernetesAlert>? staleAlert = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(contents);

        // Checked with every other setting before the model is built, in every mode, so a wrong value fails a local run
        // too, not first in a release pipeline.
        var schedule = settings.Backup.CronJobSchedule;
        var keep = settings.Backup.KeepCount;
        var existingClaim = settings.Backup.ExistingClaim;
        var maxMemory = settings.MaxMemorySize;
        var volumeSize = settings.Backup.ClaimSizeFor(maxMemory);
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
        var backupLogin = (contents.BackupUser, DefineJobUser(storeContainers, contents.BackupUser, name));
        var restoreLogin = (contents.RestoreUser, DefineJobUser(storeContainers, contents.RestoreUser, restoreJob));
        string[] existingClaims = existingClaim is null ? [] : [existingClaim];

        var backup = AddStoreJob(
                builder, name, image,
                [PeerScriptFile.Read(PeerScriptFile.Backup), PeerScriptFile.Backup, nodes.SetName, BackupDirectory, keep.ToString(CultureInfo.InvariantCulture), .. nodes.PeerHosts],
                claimName, store, backupLogin, volumeSize)
            .WithKubernetesSchedule(schedule, existingClaims);
        if (staleAlert is not null)
        {
            backup.WithKubernetesAlerts(staleAlert(name, schedule));
        }

        AddStoreJob(
                builder, restoreJob, image,
                [PeerScriptFile.Read(PeerScriptFile.Restore), PeerScriptFile.Restore, nodes.SetName, BackupDirectory, contents.ListKey, string.Join(' ', contents.RecordPatterns), .. nodes.PeerHosts],
                claimName, store, restoreLogin, volumeSize, jobMemory: RedisContainerExtensions.PodMemory(maxMemory))
            // Named here so that an edited copy of the Job's file can pick an older file; empty means the newest.
            .WithEnvironment("BACKUP_FILE", string.Empty)
            .WithKubernetesOnDemandJob(existingClaims);
        return builder;
    }

    /// <summary>
    /// Defines <paramref name="user"/> on <paramref name="store"/>'s containers (every data node of a replicated set), whose
    /// scripts read its password from <see cref="RedisAclUser.PasswordVariable"/>, and gives it a secret parameter of its
    /// own, <c>JOB-password</c>: set in configuration, or generated.
    /// </summary>
    private static IResourceBuilder<ParameterResource> DefineJobUser(IResourceBuilder<ContainerResource> store, RedisAclUser user, string job)
    {
        var password = store.ApplicationBuilder.AddStorePassword($"{job}-password");
        store.Resource.Annotations.Add(new RedisAclUserAnnotation(user, password.Resource));
        store.WithEnvironment(user.PasswordVariable, password);
        return password;
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
}
