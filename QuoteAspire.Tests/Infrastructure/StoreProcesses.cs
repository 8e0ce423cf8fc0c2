using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The operating-system processes behind an executable resource, read from Linux's <c>/proc</c>: the process
/// DCP launched and every process it started (Garnet's <c>dotnet tool run</c> starts the server as a child).
/// </summary>
public static class StoreProcesses
{
    /// <summary>The snapshot property in which Aspire reports an executable's process id.</summary>
    public const string PidProperty = "executable.pid";

    /// <summary>The snapshot property that holds the arguments the dashboard shows.</summary>
    public const string ArgsProperty = "executable.args";

    /// <summary>Skips the calling test where there is no <c>/proc</c> to read.</summary>
    public static void SkipUnlessProcFileSystem() =>
        Assert.SkipUnless(Directory.Exists("/proc/self"), "These checks read process command lines from /proc, which only Linux has.");

    /// <summary>The process <paramref name="resource"/> runs now, and all its descendants, parents first.</summary>
    public static IReadOnlyList<int> Of(DistributedApplication app, string resource)
    {
        ArgumentNullException.ThrowIfNull(app);

        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"{resource} has a state.");
        var pid = state.Snapshot.Properties.SingleOrDefault(property => property.Name == PidProperty)?.Value
            ?? throw new InvalidOperationException($"{resource} reports no {PidProperty}; is it running?");
        return SelfAndDescendants(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
    }

    /// <summary>The arguments of <paramref name="resource"/> as its snapshot reports them to the dashboard.</summary>
    public static string DashboardArguments(DistributedApplication app, string resource)
    {
        ArgumentNullException.ThrowIfNull(app);

        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"{resource} has a state.");
        var args = state.Snapshot.Properties.Single(property => property.Name == ArgsProperty).Value;
        return args is IEnumerable<object> list ? string.Join(' ', list) : args?.ToString() ?? string.Empty;
    }

    /// <summary>The command line of <paramref name="pid"/>, its arguments joined by spaces.</summary>
    public static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();

    /// <summary>The environment of <paramref name="pid"/>, one variable a line.</summary>
    public static string Environment(int pid) => File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');

    /// <summary>
    /// Kills every process in <paramref name="pids"/> with SIGKILL, the last started first, so the server dies
    /// before its launcher can pass anything on: a crash, with no chance to flush or shut down.
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

    private static List<int> SelfAndDescendants(int root)
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
