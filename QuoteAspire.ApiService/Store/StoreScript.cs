using StackExchange.Redis;

namespace QuoteAspire.ApiService.Store;

/// <summary>
/// A Lua script the store runs by its digest (<c>EVALSHA</c>), learned from the store when the script is loaded
/// (<see cref="LoadAsync"/>). Handed the script's text instead, the client looks its digest up by that text at every
/// call, hashing the whole script each time: 2% of a post's CPU in the native frontend's profile (docs/benchmarks.md).
/// The digest is the store's, not computed here: hashing it here would load the system's crypto library into every
/// frontend for one SHA1 (4 MB of memory at rest, measured).
/// </summary>
internal sealed class StoreScript(string lua)
{
    private byte[]? _digest;

    /// <summary>The script's text.</summary>
    public string Lua { get; } = lua;

    /// <summary>Loads the script into <paramref name="server"/> and keeps the digest the store knows it by.</summary>
    public async Task LoadAsync(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        Volatile.Write(ref _digest, await server.ScriptLoadAsync(Lua).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs the script by its digest once one is known, else by its text. A server that does not hold it (restarted, a
    /// replica promoted, its scripts flushed) answers <c>NOSCRIPT</c> and is sent the text, which loads it there. A script
    /// refused with <c>NOSCRIPT</c> never ran, so sending it again cannot write twice.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values, CommandFlags flags)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Volatile.Read(ref _digest) is { } digest)
        {
            try
            {
                return await database.ScriptEvaluateAsync(digest, keys, values, flags).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // Sent again below, as text.
            }
        }

        return await database.ScriptEvaluateAsync(Lua, keys, values, flags).ConfigureAwait(false);
    }
}
