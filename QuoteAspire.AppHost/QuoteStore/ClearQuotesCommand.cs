using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.Shared;
using StackExchange.Redis;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>A dashboard command on the store that empties the quote list, after asking.</summary>
public static class ClearQuotesCommand
{
    public const string Name = "clear-quotes";
    public const string DisplayName = "Clear quotes";

    /// <summary>The list the frontend keeps its quotes in.</summary>
    public const string QuotesKey = QuoteStoreKeys.Quotes;

    // Counted and deleted in one step, so the number reported is the number removed.
    private static readonly LuaScript s_countAndDelete = LuaScript.Prepare(
        """
        local count = redis.call('LLEN', @quotesKey)
        redis.call('DEL', @quotesKey)
        return count
        """);

    /// <summary>
    /// Adds "Clear quotes", which deletes the list after the dashboard asks for confirmation.
    /// Idempotency keys stay until they expire, so a late retry is still answered, not stored again.
    /// </summary>
    public static IResourceBuilder<T> WithClearQuotesCommand<T>(this IResourceBuilder<T> store) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);

        return store.WithCommand(Name, DisplayName, context => ClearAsync(store.Resource, context), new CommandOptions
        {
            Description = "Deletes every quote in the store.",
            ConfirmationMessage = $"Delete every quote in {store.Resource.Name}? This cannot be undone.",
            IconName = "Delete",
            IconVariant = IconVariant.Regular,
            UpdateState = QuoteCommandState.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> ClearAsync(IResourceWithConnectionString store, ExecuteCommandContext context)
    {
        var options = await StoreClientOptions.ForAsync(store, context.CancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var removed = (long)await connection.GetDatabase().ScriptEvaluateAsync(s_countAndDelete, new { quotesKey = (RedisKey)QuotesKey }).ConfigureAwait(false);
        return CommandResults.Success($"Removed {removed} quotes.");
    }
}
