namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// Reads <c>QuoteStore:Image</c>: the Redis image of the local container, the published StatefulSet and the
/// frontend's init container alike, so a registry mirror (or a test's own image) replaces it everywhere.
/// </summary>
public static class StoreImageSetting
{
    public const string ConfigurationKey = "QuoteStore:Image";

    /// <summary>The official Redis image that Aspire's <c>AddRedis</c> uses (a test keeps the two equal).</summary>
    public static ImageReference Default { get; } = new("docker.io", "library/redis", "8.6");

    private const string DockerHub = "docker.io";

    /// <summary>
    /// Reads the setting; an absent or empty value means <see cref="Default"/>. As Docker does, a reference
    /// without a registry is on Docker Hub, and a one-part Docker Hub name is under <c>library/</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is no <c>registry/repository:tag</c>; the message says what is wrong.</exception>
    public static ImageReference Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        var reference = value.Trim();
        if (reference.Any(char.IsWhiteSpace) || reference.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid(value, "it may hold no spaces and no digest (@sha256:...)");
        }

        var lastSlash = reference.LastIndexOf('/');
        var tagSeparator = reference.LastIndexOf(':');
        if (tagSeparator <= lastSlash || tagSeparator == reference.Length - 1)
        {
            throw Invalid(value, "it names no tag; give one, such as redis:8.6, so every run and every cluster gets the same image");
        }

        var name = reference[..tagSeparator];
        var tag = reference[(tagSeparator + 1)..];
        var firstSlash = name.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? null : name[..firstSlash];
        var (registry, repository) = first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            ? (first, name[(firstSlash + 1)..])
            : (DockerHub, name);

        if (repository.Length == 0 || repository.Split('/').Any(part => part.Length == 0) || repository.Any(char.IsAsciiLetterUpper))
        {
            throw Invalid(value, "its repository must be lowercase path parts separated by single slashes");
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = $"library/{repository}";
        }

        return new(registry, repository, tag);
    }

    private static ArgumentException Invalid(string value, string why) =>
        new($"{ConfigurationKey} is '{value}', but {why}. Write it as registry/repository:tag, for example {Default}.", nameof(value));
}
