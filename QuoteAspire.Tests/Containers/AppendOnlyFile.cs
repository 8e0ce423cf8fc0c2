using System.Globalization;
using System.Text;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Quotes;

namespace QuoteAspire.Tests.Containers;

/// <summary>
/// Writes a Redis append-only file as the store logs the frontend's writes: one RPUSH per posted quote, a DEL per
/// "Clear quotes". It is the single-file form of Redis before 7, which Redis 7 and later move into their
/// <c>appendonlydir/</c> on start, so no manifest is needed beside it.
/// </summary>
public static class AppendOnlyFile
{
    /// <summary>The name Redis looks for in its data directory.</summary>
    public const string FileName = "appendonly.aof";

    /// <summary>What a written history holds: its size, its commands, and the quotes left once it is replayed.</summary>
    public sealed record History(long Bytes, long Commands, int Kept);

    /// <summary>
    /// Writes into <paramref name="folder"/> <paramref name="rounds"/> rounds of <paramref name="postsPerRound"/> posts
    /// of the article's quotes, each round ended by a clear, then <paramref name="kept"/> more posts: a long file to
    /// replay that leaves little in memory, as a store no rewrite has compacted.
    /// </summary>
    public static async Task<History> WriteQuoteHistoryAsync(string folder, int rounds, int postsPerRound, int kept)
    {
        var round = Commands(postsPerRound, clear: true);
        await using var file = File.Create(Path.Combine(folder, FileName));
        for (var written = 0; written < rounds; written++)
        {
            await file.WriteAsync(round);
        }

        await file.WriteAsync(Commands(kept, clear: false));
        return new(file.Length, ((long)rounds * (postsPerRound + 1)) + kept, kept);
    }

    private static byte[] Commands(int posts, bool clear)
    {
        var text = new StringBuilder();
        for (var post = 0; post < posts; post++)
        {
            Append(text, "RPUSH", QuoteRepository.QuotesKey, QuoteSamples.ArticleQuotes[post % QuoteSamples.ArticleQuotes.Length]);
        }

        if (clear)
        {
            Append(text, "DEL", QuoteRepository.QuotesKey);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // A command as Redis logs it: the RESP array of its arguments as bulk strings.
    private static void Append(StringBuilder text, params string[] arguments)
    {
        text.Append(CultureInfo.InvariantCulture, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }
    }
}
