using System.Diagnostics;
using System.Globalization;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// Operating-system processes read from Linux's <c>/proc</c>: a process and every process it started
/// (Garnet's <c>dotnet tool run</c> starts the server as a child), their command lines and environments.
/// </summary>
public static class ProcessTree
{
    /// <summary>Skips the calling test where there is no <c>/proc</c> to read.</summary>
    public static void SkipUnlessProcFileSystem() =>
        Assert.SkipUnless(Directory.Exists("/proc/self"), "These checks read processes from /proc, which only Linux has.");

    /// <summary><paramref name="root"/> and all its descendants, parents first.</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.All(char.IsAsciiDigit))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Parent: ParentOf(name!)))
            .Where(process => process.Parent is not null)
            .ToLookup(process => process.Parent!.Value, process => process.Pid);

        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(children[found[i]]);
        }

        return found;
    }

    /// <summary>The command line of <paramref name="pid"/>, its arguments joined by spaces.</summary>
    public static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();

    /// <summary>The environment of <paramref name="pid"/>, one variable a line.</summary>
    public static string Environment(int pid) => File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');

    /// <summary>
    /// SIGKILLs every process in <paramref name="pids"/>, the last started first, so the server dies before its
    /// launcher can pass anything on: a crash, with no chance to flush or shut down. Synchronous, so a test
    /// can kill at the very moment it gets a reply.
    /// </summary>
    public static void KillAbruptly(IEnumerable<int> pids)
    {
        foreach (var pid in pids.Reverse())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                // Process.Kill sends SIGKILL on Unix.
                process.Kill();
            }
            catch (ArgumentException)
            {
                // A launcher that ended on its own when its child was killed.
            }
        }
    }

    /// <summary>Whether <paramref name="pid"/> still runs: a zombie waiting to be reaped no longer does.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            // No such process any more (FileNotFoundException and DirectoryNotFoundException are IOExceptions).
            return false;
        }
    }

    // Field 4 of /proc/PID/stat, counted after the command name, which is in parentheses and may hold spaces.
    private static int? ParentOf(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // The process ended while the list was read.
            return null;
        }
    }
}
