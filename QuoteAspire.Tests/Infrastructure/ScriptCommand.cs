namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// A command that runs one of the repository's shell scripts, as containers and probes do:
/// <c>sh -c TEXT NAME ARGUMENTS...</c>, read back into the script's text, its name and its arguments.
/// </summary>
public sealed record ScriptCommand(string Text, string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>Reads the script from <paramref name="command"/>, where it follows the first <c>-c</c>.</summary>
    public static ScriptCommand Of(IEnumerable<object> command)
    {
        var parts = command.Select(part => Assert.IsType<string>(part)).ToList();
        var flag = parts.IndexOf("-c");
        Assert.True(flag >= 0 && parts.Count >= flag + 3, $"No script run as sh -c TEXT NAME in: {string.Join(' ', parts)}");
        return new(parts[flag + 1], parts[flag + 2], [.. parts.Skip(flag + 3)]);
    }

    /// <summary>The arguments joined by spaces, as a command line reads.</summary>
    public string ArgumentLine => string.Join(' ', Arguments);

    /// <summary>The value of the one <paramref name="option"/> among the arguments.</summary>
    public string Option(string option) => Assert.Single(Options(option, 1))[0];

    /// <summary>The <paramref name="count"/> values after each <paramref name="option"/> among the arguments.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Options(string option, int count) =>
        [.. Arguments.Select((argument, index) => (argument, index))
            .Where(found => found.argument == option)
            .Select(found => (IReadOnlyList<string>)[.. Arguments.Skip(found.index + 1).Take(count)])];
}
