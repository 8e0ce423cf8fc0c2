namespace QuoteAspire.AppHost.QuoteStore.Monitoring;

/// <summary>
/// Reads <c>QuoteStore:ExporterImage</c>: the Redis exporter beside each published store pod. The default is the
/// upstream image at a fixed version; a registry mirror (or a test's own image) replaces it.
/// </summary>
public static class ExporterImageSetting
{
    public const string ConfigurationKey = "QuoteStore:ExporterImage";

    /// <summary>The upstream exporter (github.com/oliver006/redis_exporter), pinned to a release.</summary>
    public static ImageReference Default { get; } = new("docker.io", "oliver006/redis_exporter", "v1.91.1");

    /// <summary>Reads the setting as <see cref="StoreImageSetting.Parse"/> reads an image; absent means <see cref="Default"/>.</summary>
    /// <exception cref="ArgumentException">The value is no <c>registry/repository:tag</c>; the message says what is wrong.</exception>
    public static ImageReference Parse(string? value) => string.IsNullOrWhiteSpace(value) ? Default : StoreImageSetting.Parse(value);
}
