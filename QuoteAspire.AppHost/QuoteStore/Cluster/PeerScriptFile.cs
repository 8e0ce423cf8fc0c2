using System.Reflection;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>A shell script of <c>Scripts/</c>, embedded in this assembly, where shellcheck reads it too.</summary>
public static class PeerScriptFile
{
    /// <summary>The data node's preStop: a planned stop of the primary hands it over first.</summary>
    public const string PreStop = "peer-prestop.sh";

    /// <summary>The data node's readiness: a replica is ready once it is linked and synced.</summary>
    public const string Readiness = "peer-ready.sh";

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
