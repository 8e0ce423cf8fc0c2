using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Docs;

/// <summary>
/// The documentation a reader finds first stays true to the repository: every relative link leads to a file that is
/// there (and to a heading that is there), and the README stays short, with the run and test commands near its top.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed partial class DocumentationLinksTests
{
    private const int ReadmeMaxLines = 250;
    private const int CommandsWithinLines = 60;

    // The README's commands, as a newcomer copies them; .ci/run runs the same test command.
    private const string RunCommand = RunningAppHost.RunCommand;
    private const string TestCommand = "dotnet test";

    private static IEnumerable<string> Documents =>
    [
        "README.md", "CONTRIBUTING.md", "CHANGELOG.md",
        .. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(file => Path.GetRelativePath(Repository.Root, file)).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void EveryRelativeLinkLeadsToAFileOrFolderOfTheRepository()
    {
        var broken = Links()
            .Where(link => link.Path is not null && !File.Exists(link.Path) && !Directory.Exists(link.Path))
            .Select(link => $"{link.Document}:{link.Line}: {link.Target} (no {Path.GetRelativePath(Repository.Root, link.Path!)})")
            .ToList();

        Assert.True(broken.Count == 0, $"Links to files that are not in the repository:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void EveryLinkToAHeadingOfAPageNamesAHeadingThatPageHas()
    {
        var anchored = Links().Where(link => link.Anchor is not null && link.Path is not null && link.Path.EndsWith(".md", StringComparison.Ordinal) && File.Exists(link.Path)).ToList();
        Assert.NotEmpty(anchored);

        var broken = anchored
            .Where(link => !Anchors(link.Path!).Contains(link.Anchor!))
            .Select(link => $"{link.Document}:{link.Line}: {link.Target} (no heading '#{link.Anchor}' in {Path.GetRelativePath(Repository.Root, link.Path!)})")
            .ToList();

        Assert.True(broken.Count == 0, $"Links to headings that are not there (GitHub's anchors: lower case, punctuation dropped, spaces as '-'):\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void TheReadmeIsShort()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md")).Length;

        Assert.True(lines <= ReadmeMaxLines, $"README.md has {lines} lines, more than {ReadmeMaxLines}: move the detail to a page of docs/ and link to it.");
    }

    [Theory]
    [InlineData(RunCommand)]
    [InlineData(TestCommand)]
    public void TheReadmeGivesTheCommandNearItsTop(string command)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        var at = Array.FindIndex(lines, line => line.Trim() == command);

        Assert.True(at >= 0, $"README.md has no line that is the command '{command}'.");
        Assert.True(at < CommandsWithinLines, $"README.md gives '{command}' on line {at + 1}; a newcomer should find it within the first {CommandsWithinLines}.");
    }

    [Theory]
    [InlineData("## Run it", "run-it")]
    [InlineData("### The `dotnet test` tiers", "the-dotnet-test-tiers")]
    [InlineData("## Where the store runs: `auto`, Docker & Podman", "where-the-store-runs-auto-docker--podman")]
    [InlineData("### [Deploy](docs/kubernetes.md) to Kubernetes", "deploy-to-kubernetes")]
    [InlineData("## What breaks, on purpose", "what-breaks-on-purpose")]
    public void HeadingsGetGitHubsAnchors(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(HeadingText(heading)!));

    private sealed record Link(string Document, int Line, string Target, string? Path, string? Anchor);

    /// <summary>Every link and image of the documents outside code, with the file it leads to (null for a web address).</summary>
    private static IEnumerable<Link> Links()
    {
        foreach (var document in Documents)
        {
            var full = Path.Combine(Repository.Root, document);
            Assert.True(File.Exists(full), $"{document} is missing.");
            var folder = Path.GetDirectoryName(full)!;
            foreach (var (line, number) in OutsideCode(full))
            {
                foreach (Match match in LinkPattern().Matches(CodeSpan().Replace(line, "``")))
                {
                    var target = match.Groups["target"].Value;
                    if (Scheme().IsMatch(target))
                    {
                        continue;
                    }

                    var hash = target.IndexOf('#', StringComparison.Ordinal);
                    var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                    var anchor = hash < 0 ? null : target[(hash + 1)..];
                    var resolved = path.Length == 0 ? full
                        : Path.GetFullPath(path.StartsWith('/') ? Path.Combine(Repository.Root, path.TrimStart('/')) : Path.Combine(folder, path));
                    Assert.True(
                        resolved.StartsWith(Repository.Root, StringComparison.Ordinal),
                        $"{document}:{number}: {target} leads out of the repository.");
                    yield return new Link(document, number, target, resolved.TrimEnd(System.IO.Path.DirectorySeparatorChar), anchor);
                }
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of <paramref name="file"/>: a second heading of the same text gets "-1".</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, _) in OutsideCode(file))
        {
            if (HeadingText(line) is not { } text)
            {
                continue;
            }

            var slug = Slug(text);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>The text a heading line shows (links as their text, code without its backticks), or null for another line.</summary>
    private static string? HeadingText(string line)
    {
        var heading = Heading().Match(line);
        if (!heading.Success)
        {
            return null;
        }

        var text = LinkPattern().Replace(heading.Groups["text"].Value, match => match.Groups["text"].Value);
        return text.Replace("`", string.Empty, StringComparison.Ordinal).Replace("*", string.Empty, StringComparison.Ordinal).Trim();
    }

    /// <summary>GitHub's anchor for a heading's text: lower case, letters, digits, '_' and '-' kept, each space a '-', the rest dropped.</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var character in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (character == ' ')
            {
                slug.Append('-');
            }
            else if (char.IsLetterOrDigit(character) || character is '_' or '-')
            {
                slug.Append(character);
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines of <paramref name="file"/> that are not in a fenced code block, each with its line number.</summary>
    private static IEnumerable<(string Line, int Number)> OutsideCode(string file)
    {
        string? fence = null;
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }

            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                continue;
            }

            yield return (line, number);
        }
    }

    // [text](target) and ![alt](target), the target up to a space (a title may follow) or the closing parenthesis.
    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    // Inline code, where brackets and parentheses are text, not links.
    [GeneratedRegex("`[^`]+`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
