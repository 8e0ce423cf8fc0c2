namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// A command as a page of the docs gives it in a <c>```sh</c> block: its continued lines joined, a trailing comment
/// dropped, and why no test runs it when the page says so (a <c># Not run by the tests: WHY</c> line above it, with
/// no blank line between).
/// </summary>
public sealed record DocumentedCommand(string Document, int Line, int Block, string Text, string? NotRunBecause)
{
    /// <summary>The words, split on spaces: the commands tests split quote nothing.</summary>
    public IReadOnlyList<string> Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The frontend's address as the docs write it (the article's port).</summary>
    public const string DocumentedFrontend = "http://localhost:8000";

    /// <summary>
    /// Runs the command as typed, through <c>sh</c> from the repository's root, with the docs' frontend address replaced by
    /// <paramref name="frontend"/>'s, each key of <paramref name="replaced"/> by its value, and <paramref name="extra"/>
    /// appended; <paramref name="environment"/> is added to the shell's.
    /// </summary>
    public Task<(int ExitCode, string Output)> RunThroughShellAsync(
        Uri frontend, IReadOnlyDictionary<string, string>? replaced = null, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var typed = Text.Replace(DocumentedFrontend, frontend.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        foreach (var (from, to) in replaced ?? new Dictionary<string, string>())
        {
            typed = typed.Replace(from, to, StringComparison.Ordinal);
        }

        return ExternalTool.RunAsync("sh", ["-c", string.Join(' ', [typed, .. extra])], Repository.Root, ExternalTool.DefaultTimeout, environment);
    }

    public override string ToString() => $"{Document}:{Line}: {Text}";
}

/// <summary>The commands the README, CONTRIBUTING.md and docs/ give, read from the pages so tests run what readers run.</summary>
public static class DocumentedCommands
{
    public const string Readme = "README.md";

    /// <summary>The line that marks the commands after it, up to a blank line, as commands no test runs; the reason follows.</summary>
    public const string NotRunMarker = "# Not run by the tests:";

    /// <summary>Every page with commands, relative to the repository's root.</summary>
    public static IReadOnlyList<string> Documents { get; } =
    [
        Readme, "CONTRIBUTING.md",
        .. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(file => Path.GetRelativePath(Repository.Root, file)),
    ];

    /// <summary>Every command of every page.</summary>
    public static IReadOnlyList<DocumentedCommand> All => [.. Documents.SelectMany(In)];

    /// <summary>The commands in <paramref name="document"/>'s <c>sh</c> blocks, in order.</summary>
    public static IReadOnlyList<DocumentedCommand> In(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, document));
        var commands = new List<DocumentedCommand>();
        var block = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```sh")
            {
                continue;
            }

            block++;
            string? notRunBecause = null;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith(NotRunMarker, StringComparison.Ordinal))
                {
                    notRunBecause = line[NotRunMarker.Length..].Trim();
                }

                if (line.Length == 0)
                {
                    notRunBecause = null;
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    continue;
                }

                var first = i;
                var words = new List<string>();
                while (true)
                {
                    var part = WithoutComment(lines[i].Trim());
                    var continues = part.EndsWith('\\');
                    words.Add(part.TrimEnd('\\').Trim());
                    if (!continues || i + 1 >= lines.Length)
                    {
                        break;
                    }

                    i++;
                }

                commands.Add(new DocumentedCommand(document, first + 1, block, string.Join(' ', words.Where(word => word.Length > 0)), notRunBecause));
            }
        }

        return commands;
    }

    /// <summary>The first command in <paramref name="document"/> that starts with <paramref name="start"/>, which the page must not mark as not run.</summary>
    public static DocumentedCommand Find(string start, string document = Readme)
    {
        var command = In(document).FirstOrDefault(command => command.Text.StartsWith(start, StringComparison.Ordinal));
        Assert.True(command is not null, $"{document} has no command starting with '{start}'.");
        Assert.True(command.NotRunBecause is null, $"{command} is marked as not run by the tests, yet a test runs it.");
        return command;
    }

    /// <summary>
    /// The commands of the block that holds the first command starting with <paramref name="start"/>, from it to the
    /// block's end or its not-run marker.
    /// </summary>
    public static IReadOnlyList<DocumentedCommand> RunFrom(string start, string document = Readme)
    {
        var first = Find(start, document);
        return [.. In(document).Where(command => command.Block == first.Block && command.Line >= first.Line).TakeWhile(command => command.NotRunBecause is null)];
    }

    /// <summary>The value of MSBuild property <paramref name="name"/> given as <c>-p name=value</c> in <paramref name="args"/>.</summary>
    public static string Property(IReadOnlyList<string> args, string name)
    {
        var given = args.Where(arg => arg.StartsWith($"{name}=", StringComparison.Ordinal)).ToList();
        Assert.True(given.Count == 1, $"The command gives {name} {given.Count} times: {string.Join(' ', args)}");
        return given[0][(name.Length + 1)..];
    }

    /// <summary><paramref name="args"/> with the value of setting or property <paramref name="name"/> replaced.</summary>
    public static IReadOnlyList<string> WithProperty(IReadOnlyList<string> args, string name, string value) =>
        [.. args.Select(arg => arg.StartsWith($"{name}=", StringComparison.Ordinal) ? $"{name}={value}" : arg)];

    /// <summary><paramref name="args"/> with the value after option <paramref name="option"/> replaced.</summary>
    public static IReadOnlyList<string> WithOption(IReadOnlyList<string> args, string option, string value)
    {
        var at = args.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < args.Count, $"The command gives no {option}: {string.Join(' ', args)}");
        return [.. args.Take(at + 1), value, .. args.Skip(at + 2)];
    }

    // A comment starts with a # that begins a word outside quotes.
    private static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i].TrimEnd();
            }
        }

        return line;
    }
}
