using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// A client generated from the served OpenAPI document works: Kiota (the local tool) generates C# from it, a small
/// program (<c>Quotes/GeneratedClient</c>) compiles against that client with the repository's build settings, and
/// runs the article's flow against the running frontend.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class GeneratedClientTests(RedisServerAppFixture fixture)
{
    private static readonly string TemplateDirectory = Path.Combine(Repository.Root, "QuoteAspire.Tests", "Quotes", "GeneratedClient");

    // Generating, restoring, building and running a console program; about 20 s on an idle 2-core machine.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AClientKiotaGeneratesFromTheServedDocumentPostsListsAndReadsAPageWithItsTotal()
    {
        using var http = fixture.CreateGraphClient();
        using var folder = new TemporaryFolder("quoteaspire-generated-client-");
        var document = Path.Combine(folder.Path, "openapi.json");
        await http.SaveOpenApiDocumentAsync(document);

        var (generated, generation) = await ExternalTool.RunAsync(
            "dotnet",
            ["kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", Path.Combine(folder.Path, "Client"),
                "--namespace-name", "QuoteAspire.GeneratedClient", "--class-name", "QuotesApiClient", "--exclude-backward-compatible"],
            Repository.Root,
            StepTimeout,
            new Dictionary<string, string> { ["KIOTA_TUTORIAL_ENABLED"] = "false", ["KIOTA_OFFLINE_ENABLED"] = "true" });
        Assert.True(generated == 0, $"Kiota could not generate a client from the served document:\n{generation}");

        foreach (var file in Directory.EnumerateFiles(TemplateDirectory))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        foreach (var file in (string[])["Directory.Build.props", "Directory.Packages.props", "global.json"])
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(folder.Path, file));
        }

        var quote = $"Kiota was here. ~ a generated client {Guid.NewGuid()}";
        var (exitCode, output) = await ExternalTool.RunAsync(
            "dotnet", ["run", "--project", folder.Path, "--", http.BaseAddress!.ToString(), quote], folder.Path, StepTimeout);

        Assert.True(exitCode == 0, $"The program built on the generated client failed (exit code {exitCode}):\n{output}");
        var stored = await StoredQuotesAsync();
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"posted: {quote}", lines);
        Assert.Contains(lines, line => line.StartsWith("listed: ", StringComparison.Ordinal) && line.EndsWith($"the last: {quote}", StringComparison.Ordinal));
        var page = Assert.Single(lines, line => line.StartsWith("page: ", StringComparison.Ordinal));
        Assert.StartsWith($"page: [{quote}] of ", page, StringComparison.Ordinal);
        // Other tests post to the same store meanwhile, so the total is at least the quote's position, and at most what is stored now.
        var total = long.Parse(page[(page.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total, stored.IndexOf(quote) + 1, stored.Count);
        Assert.Single(stored, quote);
    }

    private async Task<List<string>> StoredQuotesAsync()
    {
        await using var redis = await fixture.App.ConnectToStoreAsync();
        var values = await redis.GetDatabase().ListRangeAsync(QuoteRepository.QuotesKey).WaitAsync(Bounded.HttpRequest, "the stored quotes");
        return [.. values.Select(value => value.ToString())];
    }
}
