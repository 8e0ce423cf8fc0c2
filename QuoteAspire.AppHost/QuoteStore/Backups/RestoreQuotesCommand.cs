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

        return store.WithRedisRestoreCommand(Name, DisplayName, settings, BackupJobUsers.Contents, new(
            folder => $"Replaces the quotes and idempotency records with those of the newest backup in {folder.Path}.",
            $"Replace every quote in {store.Resource.Name} with those of its latest backup? Quotes added since it was taken are lost.",
            BackupQuotesCommand.DisplayName,
            (restored, backup) => string.Create(CultureInfo.InvariantCulture,
                $"Restored {restored.ListLength} quotes and {restored.Records} idempotency records from {backup}.")));
    }
}
