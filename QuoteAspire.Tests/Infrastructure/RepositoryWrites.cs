using QuoteAspire.ApiService.RateLimiting;
using QuoteAspire.ApiService.Store;

namespace QuoteAspire.Tests.Infrastructure;

/// <summary>
/// The repository's writes as the tests make them straight at the store: each post still takes from a budget, as the
/// frontend's do, but from one no test spends, so the writes are about the store, not the rate limit.
/// </summary>
public static class RepositoryWrites
{
    /// <summary>A budget of a million posts, refilled a million a second.</summary>
    public static readonly PostBudget Ample = new(PostBudgets.KeyPrefix + "tests", 1_000_000, 1_000_000);

    /// <summary>Appends <paramref name="quote"/>, failing the test if the budget was spent.</summary>
    public static async Task AddAsync(this QuoteRepository repository, string quote) =>
        Assert.Null(await repository.AddAsync(quote, Ample));

    /// <summary>Appends <paramref name="quote"/> once for <paramref name="idempotencyKey"/>, failing the test if the budget was spent.</summary>
    public static async Task<(bool Stored, string FirstQuote)> AddOnceAsync(this QuoteRepository repository, string quote, string idempotencyKey)
    {
        var (spentFor, stored, firstQuote) = await repository.AddOnceAsync(quote, idempotencyKey, Ample);
        Assert.Null(spentFor);
        return (stored, firstQuote);
    }
}
