using System.Text.RegularExpressions;
using QuoteAspire.Tests.AppHostModel;
using QuoteAspire.Tests.Containers;
using QuoteAspire.Tests.Dashboard;
using QuoteAspire.Tests.Infrastructure;
using QuoteAspire.Tests.Kubernetes;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Docs;

/// <summary>
/// The commands the docs give are the ones that run. Each command in a <c>sh</c> block of the README, CONTRIBUTING.md
/// and docs/ is one of: read from its page and run by a test (the run, the curl lines, the image build, the deploy,
/// the dashboard's opt-in, the manifest refresh, the OpenAPI linters, a restore of an older backup up to its pipe);
/// an AppHost command, run here in process (a publish into a temporary folder, any other the model built with its
/// settings); a build or test command, whose tiers, classes, projects and variables are checked here to exist; a line
/// of <c>.ci/run</c>; or marked on its page as one no test runs, saying why.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DocumentedCommandsTests
{
    private const string AppHostCommand = "dotnet run --project QuoteAspire.AppHost";

    private static readonly string[] s_ciLines = File.ReadAllLines(Path.Combine(Repository.Root, ".ci", "run"));

    [Fact]
    public void TheReadmesTestCommandIsTheOneCiRuns()
    {
        Assert.Equal(["dotnet", "test"], DocumentedCommands.Find("dotnet test").Words);

        Assert.Contains(s_ciLines, line => CiTestCommand().IsMatch(line));
    }

    [Fact]
    public void TheReadmesRunCommandIsTheOneTheAppHostTestsStart() =>
        Assert.Equal(RunningAppHost.RunCommand.Split(' '), DocumentedCommands.Find(RunningAppHost.RunCommand).Words);

    [Fact]
    public void EveryCommandTheDocsGiveIsRunOrCheckedByATestOrSaysWhyNot()
    {
        var commands = DocumentedCommands.All;
        Assert.NotEmpty(commands);
        var readByTests = ReadByTests().Select(command => command.Text).ToHashSet(StringComparer.Ordinal);

        var unaccounted = commands
            .Where(command => command.NotRunBecause is null
                && !readByTests.Contains(command.Text)
                && !IsAppHostCommand(command)
                && !IsBuildOrTestCommand(command)
                && !RunByCi(command))
            .ToList();

        Assert.True(
            unaccounted.Count == 0,
            "Commands the docs give that no test runs or checks; have a test run them, or mark them in their block with "
            + $"'{DocumentedCommands.NotRunMarker} WHY':\n{string.Join('\n', unaccounted)}");
        Assert.All(commands.Where(command => command.NotRunBecause is not null), command => Assert.False(string.IsNullOrWhiteSpace(command.NotRunBecause), $"{command}: the marker gives no reason."));
    }

    // The AppHost commands no test reads and runs as a process: these run here, in process.
    public static TheoryData<string, int> AppHostCommands()
    {
        var readByTests = ReadByTests().Select(command => command.Text).ToHashSet(StringComparer.Ordinal);
        return [.. DocumentedCommands.All
            .Where(command => command.NotRunBecause is null && IsAppHostCommand(command) && !readByTests.Contains(command.Text))
            .Select(command => (command.Document, command.Line))];
    }

    [Theory]
    [MemberData(nameof(AppHostCommands))]
    public async Task AnAppHostCommandTheDocsGiveBuildsItsModelOrPublishes(string document, int line)
    {
        var command = DocumentedCommands.In(document).Single(command => command.Line == line);
        var args = AppHostArguments(command);
        // An unknown key is no error to .NET's configuration: the settings must be ones the reference lists for this use.
        var use = args.Contains("publish") ? "publish" : "run";
        foreach (var key in args.Where(arg => !arg.StartsWith('-') && arg.Contains('=')).Select(arg => arg[..arg.IndexOf('=')]))
        {
            var where = ConfigurationReferenceTests.WhereApplies(key);
            Assert.True(where is not null, $"{command}: docs/configuration.md lists no setting {key}.");
            Assert.True(where.Contains(use), $"{command}: {key} applies to {string.Join(", ", where)}, not to a {use}.");
        }

        if (args.Contains("publish"))
        {
            using var output = new TemporaryFolder("quoteaspire-documented-publish-");
            // Into a temporary folder rather than the page's, and without Aspire's saved state, which holds a developer's own passwords.
            args = [.. DocumentedCommands.WithOption(args, "--output-path", output.Path), .. args.Contains("--clear-cache") ? [] : (string[])["--clear-cache", "true"]];
            var (failure, logged) = await KubernetesPublish.RunStepAsync([.. args]);
            Assert.True(failure is null, $"{command} failed: {failure}\n{logged}");
            Assert.NotEmpty(Directory.GetFiles(output.Path));
        }
        else
        {
            await using var builder = await AppHostModels.BuildAsync([.. args]);
            Assert.NotEmpty(builder.Resources);
        }
    }

    [Fact]
    public void TheBuildAndTestCommandsTheDocsGiveNameTiersClassesProjectsAndVariablesThatExist()
    {
        var testTypes = typeof(DocumentedCommandsTests).Assembly.GetTypes().Select(type => type.FullName ?? type.Name).ToList();
        var testSources = string.Join('\n', Directory.GetFiles(Path.Combine(Repository.Root, "QuoteAspire.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var commands = DocumentedCommands.All.Where(command => command.NotRunBecause is null && IsBuildOrTestCommand(command)).ToList();
        Assert.NotEmpty(commands);

        var wrong = new List<string>();
        foreach (var command in commands)
        {
            var words = command.Words.Select(word => word.Trim('"')).ToList();
            foreach (var variable in words.TakeWhile(IsAssignment))
            {
                Check(testSources.Contains($"\"{variable.Split('=')[0]}\"", StringComparison.Ordinal), command, $"no test reads {variable.Split('=')[0]}");
            }

            for (var i = 0; i + 1 < words.Count; i++)
            {
                var (option, value) = (words[i], words[i + 1]);
                if (option is "--filter" or "-trait" && value.StartsWith($"{Tier.Name}=", StringComparison.Ordinal))
                {
                    Check(Tier.All.Contains(value[(Tier.Name.Length + 1)..]), command, $"no tier {value}");
                }
                else if (option == "--filter" && value.StartsWith("FullyQualifiedName~", StringComparison.Ordinal))
                {
                    Check(testTypes.Any(type => type.Contains(value["FullyQualifiedName~".Length..], StringComparison.Ordinal)), command, $"no test class matches {value}");
                }
                else if (option == "-class")
                {
                    Check(testTypes.Any(type => type.EndsWith(value.TrimStart('*'), StringComparison.Ordinal)), command, $"no test class matches {value}");
                }
                else if (option == "cd")
                {
                    // The test assembly's own folder, as a Debug build writes it.
                    Check(value == Path.GetRelativePath(Repository.Root, AppContext.BaseDirectory).TrimEnd('/').Replace($"/{Repository.Configuration}/", "/Debug/", StringComparison.Ordinal), command, $"the tests are not built into {value}");
                }
                else if (option == "build")
                {
                    Check(File.Exists(Path.Combine(Repository.Root, value, $"{value}.csproj")), command, $"no project {value}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"Build and test commands in the docs that name what does not exist:\n{string.Join('\n', wrong)}");

        void Check(bool holds, DocumentedCommand command, string why)
        {
            if (!holds)
            {
                wrong.Add($"{command}: {why}");
            }
        }
    }

    [Fact]
    public void EveryScriptTheDocsNameIsThereAndRunnable()
    {
        var named = DocumentedCommands.Documents
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

    // The commands tests read from their pages and run; the same text on another page is the same command.
    private static IEnumerable<DocumentedCommand> ReadByTests() =>
    [
        DocumentedCommands.Find(RunningAppHost.RunCommand),
        .. DocumentedCommands.RunFrom(QuoteSamples.ReadmeFirstCurl),
        .. DocumentedCommands.RunFrom(OpenApiLintTests.DownloadCommand, OpenApiLintTests.LintCommandsDocument),
        DocumentedCommands.Find(FrontendImageFixture.ReadmeCommandStart),
        DocumentedCommands.Find(KubernetesDeployTests.ReadmeDeployStart),
        DocumentedCommands.Find(DashboardAccessTests.AnonymousAccessVariable, DashboardAccessTests.AnonymousAccessDocument),
        DocumentedCommands.Find(AspireManifestTests.RefreshCommandStart, AspireManifestTests.RefreshCommandDocument),
        DocumentedCommands.Find(KubernetesOutputCheckedByToolsTests.OlderBackupCommandStart, KubernetesOutputCheckedByToolsTests.OlderBackupDocument),
    ];

    private static bool IsAssignment(string word) => EnvironmentAssignment().IsMatch(word);

    private static IEnumerable<string> WithoutAssignments(DocumentedCommand command) => command.Words.SkipWhile(IsAssignment);

    // Runs the AppHost; a deploy builds, pushes and applies, which only the deploy test does (against a stand-in).
    private static bool IsAppHostCommand(DocumentedCommand command) =>
        string.Join(' ', WithoutAssignments(command)).StartsWith(AppHostCommand, StringComparison.Ordinal)
        && !command.Words.Contains("deploy-kubernetes");

    // The arguments after `--`, with the variables set before the command as settings (QuoteStore__Host=x is QuoteStore:Host=x).
    private static IReadOnlyList<string> AppHostArguments(DocumentedCommand command) =>
    [
        .. command.Words.TakeWhile(IsAssignment).Select(variable => variable.Replace("__", ":", StringComparison.Ordinal)),
        .. command.Words.SkipWhile(word => word != "--").Skip(1),
    ];

    private static bool IsBuildOrTestCommand(DocumentedCommand command)
    {
        var words = WithoutAssignments(command).ToList();
        if (words is ["cd", _, "&&", ..])
        {
            words = words[3..];
        }

        return words is ["dotnet", "test" or "build" or "QuoteAspire.Tests.dll", ..];
    }

    // A line of .ci/run holds the command's words in a row, with no variable set just before them that the page leaves out.
    private static bool RunByCi(DocumentedCommand command)
    {
        var words = command.Words.SkipWhile(word => word == "sudo").ToList();
        return s_ciLines
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(line => Enumerable.Range(0, Math.Max(0, line.Length - words.Count + 1))
                .Any(at => line.Skip(at).Take(words.Count).SequenceEqual(words) && (at == 0 || !IsAssignment(line[at - 1]))));
    }

    // CI's own test run: the command alone on its line, whatever it does with the exit status after it.
    [GeneratedRegex(@"^\s*dotnet test( \|\||$)")]
    private static partial Regex CiTestCommand();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex EnvironmentAssignment();

    // A script of the repository's own folders, as the docs write it: tools/refresh-screenshots.sh, bench/run.sh.
    [GeneratedRegex(@"(?<![\w/.-])(?:\./)?(?<path>(?:tools|bench|\.ci)/[\w./-]+?\.sh)\b")]
    private static partial Regex ScriptPath();
}
