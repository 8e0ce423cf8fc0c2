using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore.Backups;

/// <summary>
/// The users the cluster's backup and restore jobs sign in as: each may do its job and nothing else, so a job's
/// credentials (a Secret key its pod can read) cannot empty or reconfigure the store. Each job's pod gets its user's
/// name in <c>REDIS_USER</c> and its password in <c>REDIS_PASSWORD</c>; the store never gives them the administrator's.
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

    /// <summary>
    /// Defines <paramref name="user"/> on <paramref name="store"/>'s containers (every data node of a replicated set),
    /// whose scripts read its password from <see cref="RedisAclUser.PasswordVariable"/>, and gives it a secret parameter
    /// of its own, <c>STORE-USER-password</c> without the <c>quote-</c>: set in configuration, or generated.
    /// </summary>
    public static IResourceBuilder<ParameterResource> DefineOn(IResourceBuilder<ContainerResource> store, RedisAclUser user)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(user);

        var password = store.ApplicationBuilder.AddParameter(
            $"{store.Resource.Name}-{user.Name.Replace("quote-", string.Empty, StringComparison.Ordinal)}-password",
            new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true,
            persist: false);
        store.Resource.Annotations.Add(new RedisAclUserAnnotation(user, password.Resource));
        store.WithEnvironment(user.PasswordVariable, password);
        return password;
    }
}
