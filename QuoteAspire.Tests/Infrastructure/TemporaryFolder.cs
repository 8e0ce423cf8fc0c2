namespace QuoteAspire.Tests.Infrastructure;

/// <summary>A folder of a test's own under the temporary directory, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder(string prefix) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory(prefix);

    public string Path => _folder.FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
