using System.Net;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Store;

/// <summary>
/// A frontend given only <c>QUOTE_STORE_SERVICE_HOST</c>/<c>PORT</c>, as Kubernetes injects them
/// for a Service named quote-store, finds and uses the same store as the Aspire-wired one.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class KubernetesServiceVariableDiscoveryTests(RedisServerAppFixture fixture)
{
    [Fact]
    public async Task FrontendWithOnlyServiceVariablesSharesTheStoreWithTheAspireWiredFrontend()
    {
        fixture.SkipWhenUnavailable();
        using var byVariables = fixture.CreateFrontendClient(RedisServerAppFixture.FrontendByServiceVariables);
        using var byConnectionString = fixture.CreateFrontendClient();
        var quote = $"Found through QUOTE_STORE_SERVICE_HOST ({Guid.NewGuid()})";

        using var response = await byVariables.PostFormAsync(quote);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(quote, await byConnectionString.GetQuotesAsync());
        var logged = await fixture.App.WaitForLogLineAsync(
            RedisServerAppFixture.FrontendByServiceVariables,
            line => line.Contains("found through the Kubernetes Service variables", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.StorePassword, logged, StringComparison.Ordinal);
    }
}
