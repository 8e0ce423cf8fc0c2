namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// Remembers which node was the primary when the set last ran. Its data is the newest: a node that started the next
/// run as primary with older data would have the others resync from it and drop what the true last primary took.
/// </summary>
internal sealed class LastPrimaryFile(string dataDirectory)
{
    private const string FileName = "primary";

    private string FilePath => Path.Combine(dataDirectory, FileName);

    /// <summary>The name of the node that was the primary last, or null on the set's first run.</summary>
    public string? Read() => File.Exists(FilePath) ? File.ReadAllText(FilePath).Trim() : null;

    public void Write(string nodeName)
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(FilePath, nodeName + "\n");
    }
}
