using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Hosting.RedisCompatible;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace Aspire.Hosting;

/// <summary>
/// What a store's backup and restore commands do, for the app to offer in its own words: a consistent copy of the data,
/// as an RDB file from <c>redis-cli --rdb</c> (the snapshot a new replica would get), taken from a replica of a replicated
/// set, and the keys of the newest copy put back through the primary, so a set's replicas follow.
/// </summary>
public static class RedisBackupCommands
{
    /// <summary>The program that copies the data: in Debian's redis-tools, which redis-server brings along.</summary>
    public const string RedisCli = "redis-cli";

    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="store"/> can be copied with redis-cli: all but Garnet, which serves it no copy of its data.</summary>
    public static bool CanCopy(IResource store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return BackupSource.CanCopy(store);
    }

    /// <summary>
    /// Copies <paramref name="store"/> to a new file of <paramref name="folder"/>, from each node in turn (a replica in sync
    /// first) until one serves it, then keeps the newest <see cref="RedisBackupFolder.Keep"/>. The file is complete up to
    /// the moment the copy began; an interrupted copy leaves nothing.
    /// </summary>
    public static async Task<ExecuteCommandResult> BackUpAsync(IResourceWithConnectionString store, RedisBackupFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(folder);

        var sources = await BackupSource.CandidatesAsync(store, cancellationToken).ConfigureAwait(false);
        return await BackUpFromAsync(store.Name, sources, folder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the store <paramref name="storeName"/> from <paramref name="sources"/>, the first that serves it, into a new
    /// file of <paramref name="folder"/>, then keeps the newest <see cref="RedisBackupFolder.Keep"/>.
    /// </summary>
    internal static async Task<ExecuteCommandResult> BackUpFromAsync(
        string storeName, IReadOnlyList<BackupSource> sources, RedisBackupFolder folder, CancellationToken cancellationToken)
    {
        var file = folder.ClaimNewFile(storeName, TimeProvider.System.GetUtcNow());
        // Named apart until complete, so an interrupted copy is never taken for a backup; the next node tried writes over
        // what a refused one left, under the same claimed name.
        var partial = file + RedisBackupFolder.PartialSuffix;
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
        var removed = folder.Prune(storeName);
        var size = new FileInfo(file).Length / 1024.0;
        return CommandResults.Success(string.Create(CultureInfo.InvariantCulture,
            $"Backed up {storeName} from {source.Name} to {file} ({size:F1} KiB).{(removed > 0 ? $" {removed} older backup(s) removed; the newest {folder.Keep} are kept." : "")}{(refused.Count > 0 ? $" Refused first by {string.Join("; ", refused)}" : "")}"));
    }

    /// <summary>
    /// Replaces the list <paramref name="listKey"/> of <paramref name="store"/>, and its keys that match
    /// <paramref name="recordPatterns"/>, with those of <paramref name="backup"/> (an RDB file), through the primary: the
    /// store's matching keys that the backup does not hold go too. The file is read by a throwaway redis-server and copied
    /// key by key (DUMP, RESTORE), with each key's time left to live as the backup was taken.
    /// </summary>
    public static async Task<RedisRestoreResult> RestoreAsync(
        IResourceWithConnectionString store, string backup, string listKey, IReadOnlyList<string> recordPatterns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(backup);
        ArgumentException.ThrowIfNullOrWhiteSpace(listKey);
        ArgumentNullException.ThrowIfNull(recordPatterns);

        string[] patterns = [listKey, .. recordPatterns];
        await using var dump = await RedisDumpFile.OpenAsync(backup, cancellationToken).ConfigureAwait(false);
        var saved = await ReadAsync(dump.Connection, patterns).ConfigureAwait(false);

        var options = await StoreClientOptions.ForAsync(store, cancellationToken).ConfigureAwait(false);
        await using var live = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var primary = live.GetServers().First(server => server is { IsConnected: true, IsReplica: false });
        var database = live.GetDatabase();

        // What the backup does not hold goes too: a record whose entry is not in the restored list would answer wrongly.
        foreach (var pattern in patterns)
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

        var length = await database.ListLengthAsync(listKey, CommandFlags.DemandMaster).ConfigureAwait(false);
        return new(length, saved.Count(entry => entry.Key != listKey));
    }

    private static async Task<List<(RedisKey Key, byte[] Payload, TimeSpan? TimeToLive)>> ReadAsync(ConnectionMultiplexer dump, string[] patterns)
    {
        var server = dump.GetServers()[0];
        var database = dump.GetDatabase();
        var saved = new List<(RedisKey, byte[], TimeSpan?)>();
        foreach (var pattern in patterns)
        {
            await foreach (var key in server.KeysAsync(pattern: pattern).ConfigureAwait(false))
            {
                // The time left as the backup was taken: a key restored later lives no longer than it would have.
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
