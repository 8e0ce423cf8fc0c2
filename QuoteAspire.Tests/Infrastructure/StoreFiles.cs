namespace QuoteAspire.Tests.Infrastructure;

/// <summary>The files a store keeps, read while the store still has them open.</summary>
public static class StoreFiles
{
    /// <summary>
    /// Whether any file under <paramref name="folder"/> holds <paramref name="text"/>: both Redis and Garnet write a
    /// command's arguments into their append-only file as they are.
    /// </summary>
    public static bool AnyHolds(string folder, string text) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(file => ReadShared(file).Contains(text, StringComparison.Ordinal));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        return reader.ReadToEnd();
    }
}
