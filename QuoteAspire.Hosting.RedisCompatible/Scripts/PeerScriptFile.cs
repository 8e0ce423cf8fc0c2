using System.Reflection;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// A shell script of <c>Scripts/</c>, embedded in this assembly, where shellcheck reads it too. A container runs one as
/// <c>sh -c "$(the file)" NAME ARGUMENTS...</c> (<see cref="ShellArguments"/>); each file's header says what it takes.
/// </summary>
internal static class PeerScriptFile
{
    /// <summary>
    /// A store's start, the same in a local container as in a pod: the single server, a replicated set's data node or
    /// its Sentinel, and a local container member's address in the set's shared hosts file.
    /// </summary>
    public const string StoreStart = "store-start.sh";

    /// <summary>The store's probes and a client's wait for it: the store answers PING, to the administrator or to a user.</summary>
    public const string StorePing = "store-ping.sh";

    /// <summary>The data node's preStop: a planned stop of the primary hands it over first.</summary>
    public const string PreStop = "peer-prestop.sh";

    /// <summary>The data node's readiness: a replica is ready once it is linked and synced.</summary>
    public const string Readiness = "peer-ready.sh";

    /// <summary>The Sentinel's readiness: it knows every other data node and every other Sentinel.</summary>
    public const string SentinelReadiness = "sentinel-ready.sh";

    /// <summary>The backup job: a whole RDB copy or a failed job, never a partial file.</summary>
    public const string Backup = "backup.sh";

    /// <summary>The restore job: a backup's list and records onto the primary, the list in batches.</summary>
    public const string Restore = "restore.sh";

    /// <summary>The text of the script <paramref name="fileName"/>.</summary>
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RedisCompatible.Scripts.{fileName}")
            ?? throw new ArgumentException($"No script named {fileName} is embedded.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What <c>sh</c> takes to run the script <paramref name="fileName"/> with <paramref name="arguments"/>: <c>-c</c>, the
    /// script's text, then its name (its <c>$0</c>) and its arguments.
    /// </summary>
    public static IReadOnlyList<string> ShellArguments(string fileName, params IEnumerable<string> arguments) =>
        ["-c", Read(fileName), fileName, .. arguments];
}
