using System.Text.RegularExpressions;
using QuoteAspire.Tests.Containers;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Docs;

/// <summary>
/// The commands the docs give are the ones that run: the README's run command is what the tests that run the AppHost
/// as a developer does start (<see cref="RunningAppHost"/> reads it from the README), its image build what the image
/// tests build (<see cref="FrontendImageFixture"/>), its test command what CI runs; and every script the docs name is
/// there to run.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DocumentedCommandsTests
{
    private static readonly string[] Documents =
    [
        "README.md", "CONTRIBUTING.md",
        .. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(file => Path.GetRelativePath(Repository.Root, file)),
    ];

    [Fact]
    public void TheReadmesTestCommandIsTheOneCiRuns()
    {
        Assert.Equal(["dotnet", "test"], ReadmeCommand.Find("dotnet test"));

        var ci = File.ReadAllLines(Path.Combine(Repository.Root, ".ci", "run"));
        Assert.Contains(ci, line => CiTestCommand().IsMatch(line));
    }

    [Fact]
    public void TheReadmesRunCommandIsTheOneTheAppHostTestsStart() =>
        Assert.Equal(RunningAppHost.RunCommand.Split(' '), ReadmeCommand.Find(RunningAppHost.RunCommand));

    [Fact]
    public void EveryScriptTheDocsNameIsThereAndRunnable()
    {
        var named = Documents
            .SelectMany(document => ScriptPath().Matches(File.ReadAllText(Path.Combine(Repository.Root, document)))
                .Select(match => (Document: document, Script: match.Groups["path"].Value)))
            .Distinct()
            .ToList();
        Assert.NotEmpty(named);

        var missing = named
            .Where(entry => !File.Exists(Path.Combine(Repository.Root, entry.Script))
                || !File.GetUnixFileMode(Path.Combine(Repository.Root, entry.Script)).HasFlag(UnixFileMode.UserExecute))
            .Select(entry => $"{entry.Document}: {entry.Script}")
            .ToList();
        Assert.True(missing.Count == 0, $"Scripts the docs name that are not in the repository, or not executable:\n{string.Join('\n', missing)}");
    }

    // CI's own test run: the command alone on its line, whatever it does with the exit status after it.
    [GeneratedRegex(@"^\s*dotnet test( \|\||$)")]
    private static partial Regex CiTestCommand();

    // A script of the repository's own folders, as the docs write it: tools/refresh-screenshots.sh, bench/run.sh.
    [GeneratedRegex(@"(?<![\w/.-])(?:\./)?(?<path>(?:tools|bench|\.ci)/[\w./-]+?\.sh)\b")]
    private static partial Regex ScriptPath();
}
