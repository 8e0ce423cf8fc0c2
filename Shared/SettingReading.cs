namespace QuoteAspire.Shared;

/// <summary>
/// One setting read from its text: the value it gives, or the problem with it (naming the setting's key and what it
/// accepts). The options' validators collect the problems; the options' typed members hand out the values.
/// </summary>
internal readonly record struct SettingReading<T>
{
    private readonly T _value;

    private SettingReading(T value, string? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>Why the text gives no value, or null when it gives one.</summary>
    public string? Problem { get; }

    /// <summary>
    /// The value. A refused setting stops the AppHost before anything reads it; read anyway, it throws its problem.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting was refused.</exception>
    public T Value => Problem is null ? _value : throw new InvalidOperationException(Problem);

    public static SettingReading<T> Refused(string problem) => new(default!, problem);

    public static implicit operator SettingReading<T>(T value) => new(value, null);
}

/// <summary>Rules that settings of more than one area share.</summary>
internal static class SettingReading
{
    /// <summary>A whole number of at least 1, or null when unset (an empty value is set, and refused).</summary>
    public static SettingReading<int?> WholeNumber(string key, string? value) =>
        value is null ? null
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1 ? number
        : SettingReading<int?>.Refused($"{key} is '{value}'; set it to a whole number of at least 1.");
}
