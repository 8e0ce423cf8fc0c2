using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// The users the cluster's backup and restore jobs sign in as: each may do its job and nothing else, so a job's
/// credentials (a Secret key its pod can read) cannot empty or reconfigure the store (<c>AddScheduledBackups</c> defines them).
/// </summary>
public static class BackupJobUsers
{
    /// <summary>The backup: takes a replica's copy as a replica would (<see cref="RedisAclUser.BackupCopier"/>), and writes no key.</summary>
    public static RedisAclUser Backup { get; } = RedisAclUser.BackupCopier("quote-backup");

    /// <summary>The restore: replaces the quotes and the idempotency records with the backup's, on those keys only (<see cref="RedisAclUser.BackupRestorer"/>).</summary>
    public static RedisAclUser Restore { get; } = RedisAclUser.BackupRestorer("quote-restore", [QuoteStoreKeys.Quotes, $"{QuoteStoreKeys.Quotes}:*"]);

    /// <summary>What the quote store's backups hold and who takes them: the list of quotes and the idempotency records.</summary>
    public static RedisBackupContents Contents { get; } = new(
        Backup, Restore, QuoteStoreKeys.Quotes, [$"{QuoteStoreKeys.IdempotencyPrefix}*", $"{QuoteStoreKeys.PendingIdempotencyPrefix}*"]);
}
