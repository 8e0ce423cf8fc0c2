using System.Reflection;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>A shell script of <c>Scripts/</c>, embedded in this assembly, where shellcheck reads it too.</summary>
public static class PeerScriptFile
{
    /// <summary>The data node's preStop: a planned stop of the primary hands it over first.</summary>
    public const string PreStop = "peer-prestop.sh";

    /// <summary>The data node's readiness: a replica is ready once it is linked and synced.</summary>
    public const string Readiness = "peer-ready.sh";

    /// <summary>A local container member's first step: its address under its name in the set's shared hosts file.</summary>
    public const string PeerHosts = "peer-hosts.sh";

    /// <summary>A local container member's wait for its primary's line in the set's shared hosts file.</summary>
    public const string PeerHostsWait = "peer-hosts-wait.sh";

    /// <summary>The Sentinel's readiness: it knows every other data node and every other Sentinel.</summary>
    public const string SentinelReadiness = "sentinel-ready.sh";

    /// <summary>The backup job: a whole RDB copy or a failed job, never a partial file.</summary>
    public const string Backup = "backup.sh";

    /// <summary>The restore job: a backup's quotes and records onto the primary, the list in batches.</summary>
    public const string Restore = "restore.sh";

    /// <summary>The text of the script <paramref name="fileName"/>.</summary>
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"QuoteStore.Scripts.{fileName}")
            ?? throw new ArgumentException($"No script named {fileName} is embedded.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
