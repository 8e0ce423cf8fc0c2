using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>A dashboard command on the store that empties the quote list, after asking.</summary>
public static class ClearQuotesCommand
{
    public const string Name = "clear-quotes";
    public const string DisplayName = "Clear quotes";

    /// <summary>The list the frontend keeps its quotes in.</summary>
    public const string QuotesKey = QuoteStoreKeys.Quotes;

    /// <summary>
    /// Adds "Clear quotes", which deletes the list after the dashboard asks for confirmation.
    /// Idempotency keys stay until they expire, so a late retry is still answered, not stored again.
    /// </summary>
    public static IResourceBuilder<T> WithClearQuotesCommand<T>(this IResourceBuilder<T> store) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);

        return store.WithClearListCommand(
            Name,
            DisplayName,
            QuotesKey,
            "Deletes every quote in the store.",
            $"Delete every quote in {store.Resource.Name}? This cannot be undone.",
            removed => $"Removed {removed} quotes.");
    }
}
