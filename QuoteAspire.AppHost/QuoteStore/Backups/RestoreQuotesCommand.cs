using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// A dashboard command on the store, "Restore the latest backup": the quotes and idempotency records of the newest file
/// in the backup folder replace the store's, through the primary, so a replicated set's replicas follow. The backup is
/// read by a throwaway redis-server and copied key by key (DUMP, RESTORE), with each record's time left to live.
/// </summary>
public static class RestoreQuotesCommand
{
    public const string Name = "restore-quotes";
    public const string DisplayName = "Restore the latest backup";

    /// <summary>The keys that hold quotes: the list, and the idempotency records and notes (QuoteRepository in the ApiService).</summary>
    public static IReadOnlyList<string> QuoteDataPatterns { get; } = [QuoteStoreKeys.Quotes, $"{QuoteStoreKeys.IdempotencyPrefix}*", $"{QuoteStoreKeys.PendingIdempotencyPrefix}*"];

    /// <summary>Adds the command where <see cref="BackupQuotesCommand"/> is: after the dashboard asks, since quotes added since the backup are lost.</summary>
    public static IResourceBuilder<T> WithRestoreQuotesCommand<T>(this IResourceBuilder<T> store, QuoteStoreOptions settings) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        if (!BackupSource.CanCopy(store.Resource))
        {
            return store;
        }

        var folder = QuoteBackupFolder.From(settings, store.ApplicationBuilder.AppHostDirectory);
        return store.WithCommand(Name, DisplayName, context => RestoreAsync(store.Resource, folder, context.CancellationToken), new CommandOptions
        {
            Description = $"Replaces the quotes and idempotency records with those of the newest backup in {folder.Path}.",
            ConfirmationMessage = $"Replace every quote in {store.Resource.Name} with those of its latest backup? Quotes added since it was taken are lost.",
            IconName = "ArrowUndo",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> RestoreAsync(IResourceWithConnectionString store, QuoteBackupFolder folder, CancellationToken cancellationToken)
    {
        if (folder.Latest(store.Name) is not { } backup)
        {
            return CommandResults.Failure($"There is no backup of {store.Name} in {folder.Path}; take one with \"{BackupQuotesCommand.DisplayName}\".");
        }

        await using var dump = await RedisDumpFile.OpenAsync(backup, cancellationToken).ConfigureAwait(false);
        var saved = await ReadQuoteDataAsync(dump.Connection).ConfigureAwait(false);

        var options = await StoreClientOptions.ForAsync(store, cancellationToken).ConfigureAwait(false);
        await using var live = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var primary = live.GetServers().First(server => server is { IsConnected: true, IsReplica: false });
        var database = live.GetDatabase();

        // What the backup does not hold goes too: a record whose quote is not in the restored list would answer a retry wrongly.
        foreach (var pattern in QuoteDataPatterns)
        {
            await foreach (var key in primary.KeysAsync(pattern: pattern).ConfigureAwait(false))
            {
                await database.KeyDeleteAsync(key, CommandFlags.DemandMaster).ConfigureAwait(false);
            }
        }

        foreach (var (key, payload, timeToLive) in saved)
        {
            await database.KeyRestoreAsync(key, payload, timeToLive, CommandFlags.DemandMaster).ConfigureAwait(false);
        }

        var quotes = await database.ListLengthAsync(ClearQuotesCommand.QuotesKey, CommandFlags.DemandMaster).ConfigureAwait(false);
        return CommandResults.Success(string.Create(CultureInfo.InvariantCulture,
            $"Restored {quotes} quotes and {saved.Count(entry => entry.Key != ClearQuotesCommand.QuotesKey)} idempotency records from {backup}."));
    }

    private static async Task<List<(RedisKey Key, byte[] Payload, TimeSpan? TimeToLive)>> ReadQuoteDataAsync(ConnectionMultiplexer dump)
    {
        var server = dump.GetServers()[0];
        var database = dump.GetDatabase();
        var saved = new List<(RedisKey, byte[], TimeSpan?)>();
        foreach (var pattern in QuoteDataPatterns)
        {
            await foreach (var key in server.KeysAsync(pattern: pattern).ConfigureAwait(false))
            {
                // The time left as the backup was taken: a record restored later lives no longer than it would have.
                var timeToLive = await database.KeyTimeToLiveAsync(key).ConfigureAwait(false);
                if (await database.KeyDumpAsync(key).ConfigureAwait(false) is { } payload)
                {
                    saved.Add((key, payload, timeToLive));
                }
            }
        }

        return saved;
    }
}
