using System.Text;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// A configuration file that holds a secret. It lives in a folder of its own under the temporary directory,
/// never in the repository, readable by its owner only, and is deleted with the folder once read.
/// </summary>
internal sealed class PrivateConfigFile
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public PrivateConfigFile(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        // A random name: nobody can prepare the folder in advance.
        FolderPath = Path.Combine(Path.GetTempPath(), $"redis-compatible-{Guid.NewGuid():N}");
        FilePath = Path.Combine(FolderPath, fileName);
    }

    public string FolderPath { get; }

    public string FilePath { get; }

    /// <summary>Writes <paramref name="content"/>, replacing what an earlier start wrote.</summary>
    public void Write(string content) => WriteBeside(FilePath, content);

    /// <summary>Writes another private file, <paramref name="path"/> in the same folder, deleted with it.</summary>
    public void WriteBeside(string path, string content)
    {
        if (!string.Equals(Path.GetDirectoryName(path), FolderPath, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is not in {FolderPath}.", nameof(path));
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            // The user's temporary folder is private to the user on Windows.
            Directory.CreateDirectory(FolderPath);
        }
        else
        {
            Directory.CreateDirectory(FolderPath, OwnerOnlyFolder);
            var mode = File.GetUnixFileMode(FolderPath);
            if (mode != OwnerOnlyFolder || new DirectoryInfo(FolderPath).LinkTarget is not null)
            {
                throw new InvalidOperationException($"{FolderPath} is not a private folder (mode {mode}); the password is not written there.");
            }

            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(content);
    }

    /// <summary>Deletes the file and its folder, if they are there.</summary>
    public void Delete()
    {
        if (Directory.Exists(FolderPath))
        {
            Directory.Delete(FolderPath, recursive: true);
        }
    }
}
