using System.Reflection;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// A shell script of <c>Scripts/</c>, embedded in this assembly, where shellcheck reads it too: run in a container as
/// <c>sh -c "$(the file)" NAME ARGUMENTS...</c>; each file's header says what it takes.
/// </summary>
internal static class KubernetesScriptFile
{
    /// <summary>An init container's wait: runs a check every 2 s until it succeeds.</summary>
    public const string WaitFor = "wait-for.sh";

    /// <summary>The text of the script <paramref name="fileName"/>.</summary>
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Kubernetes.Scripts.{fileName}")
            ?? throw new ArgumentException($"No script named {fileName} is embedded.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What <c>sh</c> takes to run the script <paramref name="fileName"/> with <paramref name="arguments"/>: <c>-c</c>, the
    /// script's text, then its name (its <c>$0</c>) and its arguments.
    /// </summary>
    public static IReadOnlyList<string> ShellArguments(string fileName, IEnumerable<string> arguments) =>
        ["-c", Read(fileName), fileName, .. arguments];
}
