namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>Reads <c>QuoteStore:DataVolume</c>: the named volume that keeps the container's data.</summary>
public static class DataVolumeSetting
{
    public const string ConfigurationKey = "QuoteStore:DataVolume";

    /// <summary>
    /// The volume of store <paramref name="resourceName"/>: the setting, or <c>quoteaspire-&lt;name&gt;-data</c>.
    /// Named rather than generated from the AppHost's path, so it is easy to find and remove.
    /// </summary>
    /// <exception cref="ArgumentException">The value is no volume name Docker and Podman both take.</exception>
    public static string For(string? value, string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"quoteaspire-{resourceName}-data";
        }

        var name = value.Trim();
        return name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? name
            : throw new ArgumentException(
                $"{ConfigurationKey} is '{value}'; a volume name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'.",
                nameof(value));
    }
}
