namespace Aspire.Hosting.ApplicationModel;

/// <summary>What an app's backups of a store hold, and who takes and restores them: the app's own names.</summary>
/// <param name="BackupUser">The backup job's user: it copies the data as a replica would, and writes nothing.</param>
/// <param name="RestoreUser">The restore job's user: it may touch the restored keys only.</param>
/// <param name="ListKey">The list the restore puts back in batches.</param>
/// <param name="RecordPatterns">The other keys the restore puts back, as <c>SCAN</c> patterns.</param>
public sealed record RedisBackupContents(RedisAclUser BackupUser, RedisAclUser RestoreUser, string ListKey, IReadOnlyList<string> RecordPatterns);
