using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Containers;

/// <summary>A command as the README gives it, read from the README itself so that the test runs what readers run.</summary>
public static class ReadmeCommand
{
    /// <summary>
    /// The arguments of the first command in README.md that starts with <paramref name="start"/>, its
    /// backslash-continued lines joined (the README's commands quote nothing, so spaces split them).
    /// </summary>
    public static IReadOnlyList<string> Find(string start)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        var first = Array.FindIndex(lines, line => line.StartsWith(start, StringComparison.Ordinal));
        Assert.True(first >= 0, $"README.md has no command starting with '{start}'.");

        var words = new List<string>();
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var continues = line.EndsWith('\\');
            words.AddRange(line.TrimEnd('\\').Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (!continues)
            {
                break;
            }
        }

        return words;
    }

    /// <summary>The value of MSBuild property <paramref name="name"/> given as <c>-p name=value</c> in <paramref name="args"/>.</summary>
    public static string Property(IReadOnlyList<string> args, string name)
    {
        var given = args.Where(arg => arg.StartsWith($"{name}=", StringComparison.Ordinal)).ToList();
        Assert.True(given.Count == 1, $"The command gives {name} {given.Count} times: {string.Join(' ', args)}");
        return given[0][(name.Length + 1)..];
    }

    /// <summary><paramref name="args"/> with the value of property <paramref name="name"/> replaced.</summary>
    public static IReadOnlyList<string> WithProperty(IReadOnlyList<string> args, string name, string value) =>
        [.. args.Select(arg => arg.StartsWith($"{name}=", StringComparison.Ordinal) ? $"{name}={value}" : arg)];
}
