using Aspire.Hosting;
using System.Text.RegularExpressions;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.ClusterStandIn;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Scripts;

/// <summary>
/// The repository's shell scripts are files that shellcheck reads, and the production code composes none: containers,
/// probes and jobs run those files, with their settings as arguments.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed partial class ShellScriptsTests
{
    // What a build, a restore or npm leaves in the working tree: not the repository's own.
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git"];

    // Where the shipped code lives: every folder of QuoteAspire.Hosting.* among them.
    private static IEnumerable<string> ProductionFolders =>
    [
        "QuoteAspire.AppHost", "QuoteAspire.ApiService", "QuoteAspire.ServiceDefaults", "Shared",
        .. Directory.GetDirectories(Repository.Root, "QuoteAspire.Hosting.*").Select(Path.GetFileName).OfType<string>(),
    ];

    [Fact]
    public async Task EveryShellScriptPassesShellcheck()
    {
        Assert.SkipUnless(MachineProbes.FindProgram("shellcheck") is not null, "shellcheck is not on the PATH: install it (Debian: apt-get install shellcheck).");
        var scripts = FilesUnder(Repository.Root, "*.sh").Select(file => Path.GetRelativePath(Repository.Root, file)).Order(StringComparer.Ordinal).ToList();
        // The scripts the store's containers, its pods and the frontend's wait run, among the rest.
        Assert.Contains(Path.Combine("QuoteAspire.Hosting.RedisCompatible", "Scripts", "store-start.sh"), scripts);
        Assert.Contains(Path.Combine("QuoteAspire.Hosting.Kubernetes", "Scripts", "wait-for.sh"), scripts);

        // A script is checked in the shell its first line names: bash, or else sh. The store's image runs its scripts
        // with /bin/sh (dash), not bash, so they must be POSIX sh.
        foreach (var (shell, files) in scripts.GroupBy(file => IsBash(file) ? "bash" : "sh").Select(group => (group.Key, group.ToList())))
        {
            var (exitCode, output) = await ExternalTool.RunAsync(
                "shellcheck", [$"--shell={shell}", .. files], Repository.Root, ExternalTool.DefaultTimeout);

            Assert.True(exitCode == 0, $"shellcheck --shell={shell} {string.Join(' ', files)}:\n{output}");
        }
    }

    [Fact]
    public void TheScriptsContainersRunReadTheSameAfterTheKubeletsExpansion()
    {
        // The kubelet expands $(NAME) in a container's command and args to the variable NAME, and $$ to $.
        var scripts = ProductionFolders
            .SelectMany(folder => FilesUnder(Path.Combine(Repository.Root, folder), "*.sh"))
            .Select(file => (Name: Path.GetRelativePath(Repository.Root, file), Text: File.ReadAllText(file)))
            .ToList();
        Assert.NotEmpty(scripts);

        Assert.All(scripts, script =>
        {
            Assert.True(KubeletExpansion.Expand(script.Text, new Dictionary<string, string>()) == script.Text, $"{script.Name} holds $$, which the kubelet turns into $.");
            Assert.False(EnvironmentReference().IsMatch(script.Text), $"{script.Name} holds $(NAME), which the kubelet replaces with the variable NAME.");
        });
    }

    [Fact]
    public void NoProductionCodeFileHoldsAShellScript()
    {
        var found = ProductionFolders
            .SelectMany(folder => FilesUnder(Path.Combine(Repository.Root, folder), "*.cs"))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            // Comments may name what a script does; code may not spell it out.
            .Where(found => !found.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ShellSyntax().IsMatch(found.line))
            .Select(found => $"{Path.GetRelativePath(Repository.Root, found.file)}:{found.number}: {found.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"Shell script text in production code; make it a .sh file of a Scripts/ folder, its settings arguments:\n{string.Join('\n', found)}");
    }

    // What only a shell script spells: errexit, a server started by exec, a password handed to redis-cli, a here-document,
    // a loop's or a condition's keywords after a semicolon, a pipe (not C#'s ||) into a text filter, output thrown away, redis-cli given
    // options in the same string.
    [GeneratedRegex(@"\bset -e|\bexec redis-server\b|REDISCLI_AUTH=|<<-?\s*'?EOF\b|;\s*(do|then|done|fi)\b|(?<!\|)\|(?!\|)\s*(grep|sed|tr|awk|head|tail|cut)\b|>\s*/dev/null|\bredis-cli\s+-")]
    private static partial Regex ShellSyntax();

    // A command substitution the kubelet would take for a variable of the container's environment.
    [GeneratedRegex(@"\$\([A-Z_][A-Z0-9_]*\)")]
    private static partial Regex EnvironmentReference();

    private static bool IsBash(string relativePath) =>
        File.ReadLines(Path.Combine(Repository.Root, relativePath)).FirstOrDefault() is { } shebang
        && shebang.StartsWith("#!", StringComparison.Ordinal) && shebang.Contains("bash", StringComparison.Ordinal);

    private static IEnumerable<string> FilesUnder(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern)
            .Concat(Directory.EnumerateDirectories(folder)
                .Where(child => !SkippedFolders.Contains(Path.GetFileName(child), StringComparer.Ordinal))
                .SelectMany(child => FilesUnder(child, pattern)));
}
