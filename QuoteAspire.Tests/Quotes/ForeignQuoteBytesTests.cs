using System.Net;
using System.Net.Http.Json;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Quotes;

/// <summary>
/// The list may hold bytes this service never wrote (another client, a restored dump). Every quote it stores is valid
/// UTF-8; one that is not is still listed, each bad sequence a replacement character, the same in a page as in the
/// whole list: the page writes quotes from the store's bytes, the whole list from decoded text.
/// </summary>
[Trait(Tier.Name, Tier.Graph)]
[Collection(RedisServerGraph.Name)]
public sealed class ForeignQuoteBytesTests(RedisServerAppFixture fixture)
{
    [Fact]
    public async Task AQuoteStoredAsInvalidUtf8IsListedWithReplacementCharactersInAPageAsInTheWholeList()
    {
        fixture.SkipWhenUnavailable();
        fixture.SkipUnlessGraph();
        using var client = fixture.CreateGraphClient();
        var marker = Guid.NewGuid().ToString("N");
        byte[] foreign = [.. "Not UTF-8: "u8, 0xFF, 0xC3, .. System.Text.Encoding.ASCII.GetBytes($" {marker}")];
        await using (var store = await fixture.App.ConnectToStoreAsync())
        {
            await store.GetDatabase().ListRightPushAsync(QuoteAspire.ApiService.Store.QuoteRepository.QuotesKey, foreign);
        }

        var whole = await client.GetQuotesAsync();
        var expected = $"Not UTF-8: \uFFFD\uFFFD {marker}";
        Assert.Equal(expected, whole[^1]);
        using var page = await client.GetAsync($"/quotes?offset={whole.Length - 1}&limit=1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal([expected], await page.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken) ?? []);
    }
}
