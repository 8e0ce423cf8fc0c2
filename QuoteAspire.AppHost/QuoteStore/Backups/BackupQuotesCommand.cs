using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// A dashboard command on the store, "Back up quotes": a consistent copy of the data, an RDB file taken from a replica of
/// a replicated set (<see cref="RedisBackupCommands.BackUpAsync"/>), written to the backup folder.
/// </summary>
public static class BackupQuotesCommand
{
    public const string Name = "backup-quotes";
    public const string DisplayName = "Back up quotes";

    /// <summary>Adds the command, unless the store is Garnet, which serves no copy of its data to redis-cli.</summary>
    public static IResourceBuilder<T> WithBackupQuotesCommand<T>(this IResourceBuilder<T> store, QuoteStoreOptions settings) where T : IResourceWithConnectionString =>
        store.WithRedisBackupCommand(Name, DisplayName, settings,
            folder => $"Copies every quote and idempotency record to a file in {folder.Path}; the newest {folder.Keep} are kept.");
}
