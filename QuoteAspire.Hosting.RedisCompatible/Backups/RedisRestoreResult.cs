namespace Aspire.Hosting.ApplicationModel;

/// <summary>What a restore put back (<c>RedisBackupCommands.RestoreAsync</c>).</summary>
/// <param name="ListLength">The length of the restored list.</param>
/// <param name="Records">How many other keys were restored.</param>
public sealed record RedisRestoreResult(long ListLength, int Records);
