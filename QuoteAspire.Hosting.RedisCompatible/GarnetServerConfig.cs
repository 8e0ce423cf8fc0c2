using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>The JSON options file Garnet reads with <c>--config-import-path</c>, in its own option names.</summary>
/// <remarks>
/// Garnet has no once-a-second mode that survives a process kill: with its default (a commit issued per
/// operation, the reply not waiting for it) a SIGKILL lost writes that had been acknowledged. So both
/// <see cref="AppendFsync"/> values wait for each commit before the reply. Garnet writes its log with direct
/// I/O and never calls fsync, so <see cref="AppendFsync.Always"/> is the nearest it gets, not an exact match.
/// </remarks>
public sealed record GarnetServerConfig(string DataDirectory, AppendFsync AppendFsync)
    : RedisCompatibleServerConfig(DataDirectory, AppendFsync)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public override string FileName => "garnet.conf";

    /// <summary>Garnet's default log memory is 16 GB; a development store needs a sliver of that.</summary>
    public const long DefaultMemoryBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The memory Garnet keeps its records in (<c>LogMemorySize</c>, its counterpart of <c>maxmemory</c>). Past it,
    /// Garnet moves the oldest records to its log on disk, in the data directory, and keeps accepting writes.
    /// </summary>
    public long MemoryBytes { get; init; } = DefaultMemoryBytes;

    // Garnet wants at least four pages in memory; its default page is 16 MB. Pages are powers of two.
    private long PageBytes => Math.Min(16L * 1024 * 1024, 1L << BitOperations.Log2((ulong)Math.Max(MemoryBytes / 4, 4096)));

    /// <inheritdoc />
    public override string Render(string password, IReadOnlyList<(RedisAclUser User, string Password)>? users = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (users is { Count: > 0 } && AclFilePath is null)
        {
            throw new InvalidOperationException("Garnet reads its users from an ACL file of their own: set AclFilePath and write RenderAclFile there.");
        }

        var options = new JsonObject
        {
            ["Address"] = LoopbackAddress,
        };
        if (users is { Count: > 0 })
        {
            // With users, every password is in the ACL file, the administrator's (default) too.
            options["AuthenticationMode"] = "ACL";
            options["AclFile"] = AclFilePath;
        }
        else
        {
            options["AuthenticationMode"] = "Password";
            options["Password"] = password;
        }

        var settings = new JsonObject
        {
            // Idempotent writes run as a Lua script, which Garnet serves only when asked to, and runs atomically
            // only as a transaction: otherwise ten racing scripts with one key pushed the same value six times on average.
            ["EnableLua"] = true,
            ["LuaTransactionMode"] = true,
            // A script waits for its commit while it holds its keys' locks; with the default pool, four clients
            // starved it to about one script a second. Threads are made only as they are needed.
            ["ThreadPoolMinThreads"] = 64,
            ["LogMemorySize"] = Kilobytes(MemoryBytes),
            ["PageSize"] = Kilobytes(PageBytes),
            ["IndexMemorySize"] = "16m",
            // Without a storage tier, records pushed out of memory are dropped: silently, with every reply OK, whole
            // lists with them (seen here within 10 s of passing the limit, and again after replaying the file).
            // With it, they move to the log on disk and are read back from there.
            ["EnableStorageTier"] = true,
            ["LogDir"] = DataDirectory,
            // The append-only file, committed per operation, each reply sent only once its commit is written.
            ["EnableAOF"] = true,
            ["CommitFrequencyMs"] = 0,
            ["WaitForCommit"] = true,
            ["CheckpointDir"] = DataDirectory,
            // Replay the file at start, and refuse to start rather than serve an empty store if that fails.
            ["Recover"] = true,
            ["FailOnRecoveryError"] = true,
            // The default device on Linux is native and needs libaio, which many machines lack; this one is managed.
            ["DeviceType"] = "RandomAccess",
        };
        foreach (var (key, value) in settings.ToList())
        {
            settings.Remove(key);
            options[key] = value;
        }

        return options.ToJsonString(s_indented) + "\n";
    }

    /// <summary>Where Garnet reads its users from, when it has users besides the administrator; written at each start.</summary>
    public string? AclFilePath { get; init; }

    /// <summary>
    /// The ACL file: the administrator (<c>default</c>, every command) and each of <paramref name="users"/>, limited by
    /// command only, since Garnet refuses key patterns; commands Garnet does not serve (<c>WAIT</c>) are left out.
    /// </summary>
    public static string RenderAclFile(string password, IReadOnlyList<(RedisAclUser User, string Password)> users)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(users);
        return string.Join('\n', [$"user default on >{password} +@all", .. users.Select(user => user.User.GarnetAclLine(user.Password, "+wait"))]) + "\n";
    }

    private static string Kilobytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024}k");
}
