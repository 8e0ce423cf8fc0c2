using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace Aspire.Hosting;

/// <summary>Dashboard commands on a store, in the app's words, each enabled only while the store is up and answering.</summary>
public static class RedisStoreCommandExtensions
{
    // Counted and deleted in one step, so the number reported is the number removed.
    private static readonly LuaScript s_countAndDelete = LuaScript.Prepare(
        """
        local count = redis.call('LLEN', @listKey)
        redis.call('DEL', @listKey)
        return count
        """);

    /// <summary>
    /// Adds the command <paramref name="name"/>, which deletes the list <paramref name="listKey"/> after the dashboard asks
    /// <paramref name="confirmationMessage"/>, and reports how many entries it removed. Other keys stay.
    /// </summary>
    /// <typeparam name="T">The store's resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="displayName">The command's name in the dashboard.</param>
    /// <param name="listKey">The list to delete.</param>
    /// <param name="description">What the command does, in the app's words.</param>
    /// <param name="confirmationMessage">What the dashboard asks before it runs.</param>
    /// <param name="removedMessage">The result, given how many entries the list held.</param>
    /// <returns>The store's builder.</returns>
    public static IResourceBuilder<T> WithClearListCommand<T>(
        this IResourceBuilder<T> store, string name, string displayName, string listKey, string description, string confirmationMessage, Func<long, string> removedMessage)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentException.ThrowIfNullOrWhiteSpace(listKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmationMessage);
        ArgumentNullException.ThrowIfNull(removedMessage);

        return store.WithCommand(name, displayName, context => ClearAsync(store.Resource, listKey, removedMessage, context), new CommandOptions
        {
            Description = description,
            ConfirmationMessage = confirmationMessage,
            IconName = "Delete",
            IconVariant = IconVariant.Regular,
            UpdateState = ResourceCommandStates.EnabledWhenHealthy,
        });
    }

    private static async Task<ExecuteCommandResult> ClearAsync(IResourceWithConnectionString store, string listKey, Func<long, string> removedMessage, ExecuteCommandContext context)
    {
        var options = await StoreClientOptions.ForAsync(store, context.CancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var removed = (long)await connection.GetDatabase().ScriptEvaluateAsync(s_countAndDelete, new { listKey = (RedisKey)listKey }).ConfigureAwait(false);
        return CommandResults.Success(removedMessage(removed));
    }
}
