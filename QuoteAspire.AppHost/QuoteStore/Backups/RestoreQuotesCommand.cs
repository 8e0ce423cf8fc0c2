using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// A dashboard command on the store, "Restore the latest backup": the quotes and idempotency records of the newest file
/// in the backup folder replace the store's (<see cref="RedisBackupCommands.RestoreAsync"/>), each record with its time left to live.
/// </summary>
public static class RestoreQuotesCommand
{
    public const string Name = "restore-quotes";
    public const string DisplayName = "Restore the latest backup";

    /// <summary>Adds the command where <see cref="BackupQuotesCommand"/> is: after the dashboard asks, since quotes added since the backup are lost.</summary>
    public static IResourceBuilder<T> WithRestoreQuotesCommand<T>(this IResourceBuilder<T> store, QuoteStoreOptions settings) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        if (!RedisBackupCommands.CanCopy(store.Resource))
        {
            return store;
        }

        var folder = RedisBackupFolder.From(settings, store.ApplicationBuilder.AppHostDirectory);
        return store.WithCommand(Name, DisplayName, context => RestoreAsync(store.Resource, folder, context.CancellationToken), new CommandOptions
        {
            Description = $"Replaces the quotes and idempotency records with those of the newest backup in {folder.Path}.",
            ConfirmationMessage = $"Replace every quote in {store.Resource.Name} with those of its latest backup? Quotes added since it was taken are lost.",
            IconName = "ArrowUndo",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> RestoreAsync(IResourceWithConnectionString store, RedisBackupFolder folder, CancellationToken cancellationToken)
    {
        if (folder.Latest(store.Name) is not { } backup)
        {
            return CommandResults.Failure($"There is no backup of {store.Name} in {folder.Path}; take one with \"{BackupQuotesCommand.DisplayName}\".");
        }

        var contents = BackupJobUsers.Contents;
        var restored = await RedisBackupCommands.RestoreAsync(store, backup, contents.ListKey, contents.RecordPatterns, cancellationToken).ConfigureAwait(false);
        return CommandResults.Success(string.Create(CultureInfo.InvariantCulture,
            $"Restored {restored.ListLength} quotes and {restored.Records} idempotency records from {backup}."));
    }
}
