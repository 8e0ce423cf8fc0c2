using Aspire.Hosting;
using System.Text;
using System.Text.Json;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// The OpenAPI document the running frontend serves passes Redocly CLI's recommended rules and Spectral's OpenAPI
/// rules with no error and no warning (<c>tools/openapi-lint</c>, installed by <c>npm ci --prefix tools/openapi-lint</c>).
/// The tests run docs/api.md's own commands: the download, then each linter.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class OpenApiLintTests(RedisServerAppFixture fixture)
{
    /// <summary>Where the docs give the commands, and the first of them (the download); the linters follow it.</summary>
    public const string LintCommandsDocument = "docs/api.md";

    public const string DownloadCommand = "curl -s http://localhost:8000/openapi/v1.json";

    private static readonly string LinterDirectory = Path.Combine(Repository.Root, "tools", "openapi-lint");

    // No telemetry and no update check: the linters run offline, and only on the document given.
    private static readonly Dictionary<string, string> s_offline = new(StringComparer.Ordinal)
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
    };

    [Fact]
    public async Task RedoclyRecommendedRulesFindNoErrorAndNoWarning()
    {
        using var folder = new TemporaryFolder("quoteaspire-openapi-lint-");
        await DownloadServedDocumentAsync(folder.Path);

        // The page's command, with a JSON report asked for so a failure lists each problem.
        var (exitCode, output) = await RunAsDocumentedAsync(Linter("redocly"), folder.Path, "--format=json");

        // The JSON report comes first on standard output; npm's and Node's notices follow it on standard error.
        var report = output.IndexOf('{', StringComparison.Ordinal) is var start and >= 0
            ? Encoding.UTF8.GetBytes(output[start..])
            : throw new InvalidOperationException($"Redocly wrote no report (exit code {exitCode}):\n{output}");
        var reader = new Utf8JsonReader(report);
        using var parsed = JsonDocument.ParseValue(ref reader);
        var totals = parsed.RootElement.GetProperty("totals");
        var problems = string.Join('\n', parsed.RootElement.GetProperty("problems").EnumerateArray().Select(problem =>
            $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()}: {problem.GetProperty("message").GetString()} " +
            $"at {problem.GetProperty("location")[0].GetProperty("pointer").GetString()}"));
        Assert.True(
            exitCode == 0 && totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
            $"Redocly found {totals.GetProperty("errors").GetInt32()} errors and {totals.GetProperty("warnings").GetInt32()} warnings (exit code {exitCode}):\n{problems}\n\n{output}");
    }

    [Fact]
    public async Task SpectralOpenApiRulesFindNoErrorAndNoWarning()
    {
        using var folder = new TemporaryFolder("quoteaspire-openapi-lint-");
        await DownloadServedDocumentAsync(folder.Path);

        var (exitCode, output) = await RunAsDocumentedAsync(Linter("spectral"), folder.Path);

        Assert.True(exitCode == 0, $"Spectral found problems of severity warn or higher (exit code {exitCode}):\n{output}");
        Assert.Contains("No results with a severity of 'warn' or higher found!", output, StringComparison.Ordinal);
    }

    private static IReadOnlyList<DocumentedCommand> Commands => DocumentedCommands.RunFrom(DownloadCommand, LintCommandsDocument);

    private static DocumentedCommand Linter(string name) =>
        Commands.Single(command => command.Text.StartsWith($"npm run --prefix tools/openapi-lint {name} ", StringComparison.Ordinal));

    private async Task DownloadServedDocumentAsync(string folder)
    {
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(LinterDirectory, "node_modules")) && MachineProbes.FindProgram("npm") is not null,
            "The OpenAPI linters are not installed: run `npm ci --prefix tools/openapi-lint` (Node.js is needed).");
        var download = Commands[0];
        var (exitCode, output) = await RunAsDocumentedAsync(download, folder);
        Assert.True(exitCode == 0, $"{download} exited with {exitCode}:\n{output}");
    }

    // As typed; only the frontend's address and the document's folder are this run's.
    private async Task<(int ExitCode, string Output)> RunAsDocumentedAsync(DocumentedCommand command, string folder, params string[] extra)
    {
        using var client = fixture.CreateContractClient();
        return await command.RunThroughShellAsync(client.BaseAddress!, new Dictionary<string, string> { ["/tmp/openapi.json"] = Path.Combine(folder, "openapi.json") }, s_offline, extra);
    }
}
