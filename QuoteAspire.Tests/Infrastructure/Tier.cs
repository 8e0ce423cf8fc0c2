namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The suite's tiers, by cost: every test class carries one as the xUnit trait <c>Tier</c>
/// (<c>[Trait(Tier.Name, Tier.Fast)]</c>), so <c>dotnet test --filter Tier=Fast</c> runs one tier alone.
/// </summary>
public static class Tier
{
    public const string Name = "Tier";

    /// <summary>
    /// Starts no process but shellcheck, a linter that reads files: models, mappings, parsers, settings, golden files
    /// published in process, and the repository's shell scripts linted.
    /// </summary>
    public const string Fast = "Fast";

    /// <summary>
    /// Contract and behaviour tests against running graphs (or a store program of their own), with a store timeout made
    /// for content, not timing: a 503 there is a failure.
    /// </summary>
    public const string Graph = "Graph";

    /// <summary>Tests that kill, pause or cut things, or time an outage: they run after the rest, one class at a time.</summary>
    public const string Faults = "Faults";

    /// <summary>
    /// The world outside the test process: images, the native publish, published workloads under Podman, the browser,
    /// the AppHost and the Aspire CLI run as a user runs them, and the checkers a user would run (kubectl, the
    /// schema validator).
    /// </summary>
    public const string Outer = "Outer";

    public static IReadOnlyList<string> All { get; } = [Fast, Graph, Faults, Outer];
}
