using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A store's backup and restore as dashboard commands, in the app's words (<see cref="RedisBackupCommands"/> does the work):
/// neither is added to a store that cannot be copied (Garnet, which serves redis-cli no copy of its data).
/// </summary>
public static class RedisBackupCommandExtensions
{
    /// <summary>
    /// Adds the command <paramref name="name"/>, which copies <paramref name="store"/> to a new file of its backup folder
    /// (<see cref="RedisBackupFolder.From"/> of <paramref name="settings"/>) and keeps the newest.
    /// </summary>
    /// <typeparam name="T">The store's resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="displayName">The command's name in the dashboard.</param>
    /// <param name="settings">The store's settings, which name the backup folder and how many backups it keeps.</param>
    /// <param name="description">What the command does, given the folder, in the app's words.</param>
    /// <returns>The store's builder.</returns>
    public static IResourceBuilder<T> WithRedisBackupCommand<T>(
        this IResourceBuilder<T> store, string name, string displayName, RedisStoreOptions settings, Func<RedisBackupFolder, string> description)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(description);
        if (!RedisBackupCommands.CanCopy(store.Resource))
        {
            return store;
        }

        var folder = RedisBackupFolder.From(settings, store.ApplicationBuilder.AppHostDirectory);
        return store.WithCommand(name, displayName, context => RedisBackupCommands.BackUpAsync(store.Resource, folder, context.CancellationToken), new CommandOptions
        {
            Description = description(folder),
            IconName = "Save",
            IconVariant = IconVariant.Regular,
            UpdateState = ResourceCommandStates.EnabledWhenHealthy,
        });
    }

    /// <summary>
    /// Adds the command <paramref name="name"/>, which replaces <paramref name="contents"/>' list and records with those of
    /// the newest backup in the folder (<see cref="RedisBackupCommands.RestoreAsync"/>), after the dashboard asks: what was
    /// added since the backup is lost.
    /// </summary>
    /// <typeparam name="T">The store's resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="displayName">The command's name in the dashboard.</param>
    /// <param name="settings">The store's settings, which name the backup folder.</param>
    /// <param name="contents">What a backup holds: the list and the records' key patterns.</param>
    /// <param name="texts">The command's words.</param>
    /// <returns>The store's builder.</returns>
    public static IResourceBuilder<T> WithRedisRestoreCommand<T>(
        this IResourceBuilder<T> store, string name, string displayName, RedisStoreOptions settings, RedisBackupContents contents, RedisRestoreCommandTexts texts)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(texts);
        if (!RedisBackupCommands.CanCopy(store.Resource))
        {
            return store;
        }

        var folder = RedisBackupFolder.From(settings, store.ApplicationBuilder.AppHostDirectory);
        return store.WithCommand(name, displayName, context => RestoreAsync(store.Resource, folder, contents, texts, context.CancellationToken), new CommandOptions
        {
            Description = texts.Description(folder),
            ConfirmationMessage = texts.ConfirmationMessage,
            IconName = "ArrowUndo",
            IconVariant = IconVariant.Regular,
            UpdateState = ResourceCommandStates.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> RestoreAsync(
        IResourceWithConnectionString store, RedisBackupFolder folder, RedisBackupContents contents, RedisRestoreCommandTexts texts, CancellationToken cancellationToken)
    {
        if (folder.Latest(store.Name) is not { } backup)
        {
            return CommandResults.Failure($"There is no backup of {store.Name} in {folder.Path}; take one with \"{texts.BackupCommandDisplayName}\".");
        }

        var restored = await RedisBackupCommands.RestoreAsync(store, backup, contents.ListKey, contents.RecordPatterns, cancellationToken).ConfigureAwait(false);
        return CommandResults.Success(texts.RestoredMessage(restored, backup));
    }
}

/// <summary>The words of a restore command (<see cref="RedisBackupCommandExtensions.WithRedisRestoreCommand"/>), the app's own.</summary>
/// <param name="Description">What the command does, given the backup folder.</param>
/// <param name="ConfirmationMessage">What the dashboard asks before it runs.</param>
/// <param name="BackupCommandDisplayName">The backup command a user is sent to when there is no backup yet.</param>
/// <param name="RestoredMessage">The result, given what was restored and from which file.</param>
public sealed record RedisRestoreCommandTexts(
    Func<RedisBackupFolder, string> Description, string ConfirmationMessage, string BackupCommandDisplayName, Func<RedisRestoreResult, string, string> RestoredMessage);
