using System.Globalization;

namespace QuoteAspire.AppHost.QuoteFrontend;

/// <summary>Reads a frontend setting that must be a whole number of at least 1, refusing anything else with the setting's name.</summary>
public static class WholeNumberSetting
{
    /// <exception cref="InvalidOperationException">The value is not a whole number of at least 1; the message names <paramref name="key"/>.</exception>
    public static int Parse(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new InvalidOperationException($"{key} is '{value}'; set it to a whole number of at least 1.");
}
