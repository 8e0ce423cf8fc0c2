using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// A dashboard command on the store, "Back up quotes": a consistent copy of the data, as an RDB file from
/// <c>redis-cli --rdb</c> (the snapshot a new replica would get), taken from a replica of a replicated set and written to
/// the backup folder. The file is complete up to the moment the copy began.
/// </summary>
public static class BackupQuotesCommand
{
    public const string Name = "backup-quotes";
    public const string DisplayName = "Back up quotes";

    /// <summary>The program that copies the data: in Debian's redis-tools, which redis-server brings along.</summary>
    public const string RedisCli = "redis-cli";

    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Adds the command, unless the store is Garnet, which serves no copy of its data to redis-cli.</summary>
    public static IResourceBuilder<T> WithBackupQuotesCommand<T>(this IResourceBuilder<T> store, QuoteStoreOptions settings) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        if (!BackupSource.CanCopy(store.Resource))
        {
            return store;
        }

        var folder = QuoteBackupFolder.From(settings, store.ApplicationBuilder.AppHostDirectory);
        return store.WithCommand(Name, DisplayName, context => BackUpAsync(store.Resource, folder, context.CancellationToken), new CommandOptions
        {
            Description = $"Copies every quote and idempotency record to a file in {folder.Path}; the newest {folder.Keep} are kept.",
            IconName = "Save",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> BackUpAsync(IResourceWithConnectionString store, QuoteBackupFolder folder, CancellationToken cancellationToken)
    {
        var sources = await BackupSource.CandidatesAsync(store, cancellationToken).ConfigureAwait(false);
        var file = folder.ClaimNewFile(store.Name, TimeProvider.System.GetUtcNow());
        // Named apart until complete, so an interrupted copy is never taken for a backup; the next node tried writes over
        // what a refused one left, under the same claimed name.
        var partial = file + QuoteBackupFolder.PartialSuffix;
        var refused = new List<string>();
        BackupSource? source = null;
        foreach (var candidate in sources)
        {
            var copy = await BoundedProcess.RunAsync(
                RedisCli,
                ["-h", candidate.Host, "-p", candidate.Port.ToString(CultureInfo.InvariantCulture), "--rdb", partial],
                CopyTimeout,
                onLine: null,
                cancellationToken,
                environment: candidate.Password is null ? null : new Dictionary<string, string> { ["REDISCLI_AUTH"] = candidate.Password }).ConfigureAwait(false);
            if (copy.Succeeded && new FileInfo(partial).Length > 0)
            {
                source = candidate;
                break;
            }

            if (copy.TimedOut)
            {
                File.Delete(partial);
                return CommandResults.Failure($"{RedisCli} --rdb from {candidate.Name} took longer than {CopyTimeout.TotalMinutes:F0} minutes; nothing was kept.");
            }

            // The error is the last line (redis-cli first tells what it sends).
            refused.Add($"{candidate.Name}: {copy.Tail.Split('\n')[^1]}");
        }

        if (source is null)
        {
            File.Delete(partial);
            return CommandResults.Failure($"{RedisCli} --rdb failed from every node tried (install redis-tools if it is missing); nothing was kept. {string.Join("; ", refused)}");
        }

        File.Move(partial, file);
        var removed = folder.Prune(store.Name);
        var size = new FileInfo(file).Length / 1024.0;
        return CommandResults.Success(string.Create(CultureInfo.InvariantCulture,
            $"Backed up {store.Name} from {source.Name} to {file} ({size:F1} KiB).{(removed > 0 ? $" {removed} older backup(s) removed; the newest {folder.Keep} are kept." : "")}{(refused.Count > 0 ? $" Refused first by {string.Join("; ", refused)}" : "")}"));
    }
}
