using Aspire.Hosting;
using System.Text;
using System.Text.Json;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// The OpenAPI document the running frontend serves passes Redocly CLI's recommended rules and Spectral's OpenAPI
/// rules with no error and no warning (<c>tools/openapi-lint</c>, installed by <c>npm ci --prefix tools/openapi-lint</c>).
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class OpenApiLintTests(RedisServerAppFixture fixture)
{
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
        var document = await SaveServedDocumentAsync(folder.Path);

        var (exitCode, output) = await RunLinterAsync("redocly", "lint", document, "--config", Path.Combine(LinterDirectory, "redocly.yaml"), "--format=json");

        // The JSON report comes first on standard output; Node's deprecation notices follow it on standard error.
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
        var document = await SaveServedDocumentAsync(folder.Path);

        var (exitCode, output) = await RunLinterAsync("spectral", "lint", document, "--ruleset", Path.Combine(LinterDirectory, ".spectral.yaml"), "--fail-severity=warn");

        Assert.True(exitCode == 0, $"Spectral found problems of severity warn or higher (exit code {exitCode}):\n{output}");
        Assert.Contains("No results with a severity of 'warn' or higher found!", output, StringComparison.Ordinal);
    }

    private async Task<string> SaveServedDocumentAsync(string folder)
    {
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(LinterDirectory, "node_modules")) && MachineProbes.FindProgram("node") is not null,
            "The OpenAPI linters are not installed: run `npm ci --prefix tools/openapi-lint` (Node.js is needed).");
        using var client = fixture.CreateContractClient();
        var path = Path.Combine(folder, "openapi.json");
        await client.SaveOpenApiDocumentAsync(path);
        return path;
    }

    private static Task<(int ExitCode, string Output)> RunLinterAsync(string linter, params string[] args) =>
        ExternalTool.RunAsync(Path.Combine(LinterDirectory, "node_modules", ".bin", linter), args, LinterDirectory, ExternalTool.DefaultTimeout, s_offline);
}
