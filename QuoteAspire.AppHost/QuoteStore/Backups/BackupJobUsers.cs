using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// The users the cluster's backup and restore jobs sign in as: each may do its job and nothing else, so a job's
/// credentials (a Secret key its pod can read) cannot empty or reconfigure the store (<c>AddScheduledBackups</c> defines them).
/// </summary>
public static class BackupJobUsers
{
    /// <summary>
    /// The backup: finds a replica in sync (<c>INFO replication</c>) and takes its copy as a replica would (<c>redis-cli
    /// --rdb</c>: <c>REPLCONF</c>, then <c>SYNC</c>). It reads every key that way, which is what a backup is, and writes none.
    /// </summary>
    public static RedisAclUser Backup { get; } = new("quote-backup", ["+@connection", "+info", "+role", "+replconf", "+sync", "+psync"], [], []);

    /// <summary>
    /// The restore: finds the primary, then replaces the quotes and the idempotency records with the backup's, on those
    /// keys only: <c>SCAN</c> and <c>UNLINK</c> for the records, <c>RESTORE</c> for what the job's own server sends over
    /// (<c>MIGRATE</c>, which selects the database first), its scripts' list commands, and the swap of the lists.
    /// </summary>
    public static RedisAclUser Restore { get; } = new(
        "quote-restore",
        ["+@connection", "+info", "+role", "+select", "+scan", "+unlink", "+del", "+exists", "+llen", "+eval", "+lrange", "+rpush",
         "+rename", "+multi", "+exec", "+restore"],
        [QuoteStoreKeys.Quotes, $"{QuoteStoreKeys.Quotes}:*"],
        []);

    /// <summary>What the quote store's backups hold and who takes them: the list of quotes and the idempotency records.</summary>
    public static RedisBackupContents Contents { get; } = new(
        Backup, Restore, QuoteStoreKeys.Quotes, [$"{QuoteStoreKeys.IdempotencyPrefix}*", $"{QuoteStoreKeys.PendingIdempotencyPrefix}*"]);
}
