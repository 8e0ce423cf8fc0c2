using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuoteAspire.ApiService.Quotes;

/// <summary>
/// What makes a quote acceptable: 1 to <see cref="MaxLength"/> characters once trimmed, well-formed
/// Unicode, and no control characters but the line breaks and tabs a multi-line quote needs.
/// </summary>
internal static class QuoteRules
{
    /// <summary>The most characters (Unicode scalar values, so an emoji counts once) a trimmed quote may have.</summary>
    public const int MaxLength = 1000;

    /// <summary>
    /// Whether <paramref name="quote"/> may be stored; when it may not, <paramref name="violation"/> says why, for the
    /// <c>quote</c> field and for the problem's detail.
    /// </summary>
    public static bool IsAcceptable([NotNullWhen(true)] string? quote, [NotNullWhen(false)] out QuoteRuleViolation? violation)
    {
        violation = Check(quote);
        return violation is null;
    }

    private static QuoteRuleViolation? Check([NotNullWhen(false)] string? quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return new(
                $"A quote is required: send a non-empty '{QuoteSubmission.FieldName}' form field or JSON property.",
                $"The '{QuoteSubmission.FieldName}' field is missing, empty or only white space; nothing was stored.");
        }

        // The whole quote is checked, not the trimmed one: it is stored as sent.
        if (FindForbiddenCharacter(quote) is { } forbidden)
        {
            var index = forbidden.Index;
            var codePoint = string.Create(CultureInfo.InvariantCulture, $"U+{(int)quote[index]:X4}");
            return forbidden.IsControl
                ? new(
                    $"A quote may not contain control characters other than tab, line feed and carriage return; this one has {codePoint} at index {index}.",
                    $"The '{QuoteSubmission.FieldName}' field contains the control character {codePoint} (C0, DEL and C1 controls are refused); nothing was stored.")
                : new(
                    $"A quote must be well-formed Unicode; this one has the unpaired surrogate {codePoint} at index {index}.",
                    $"The '{QuoteSubmission.FieldName}' field contains an unpaired surrogate {codePoint}, which is no character; send well-formed UTF-8 or JSON escapes in pairs. Nothing was stored.");
        }

        var length = quote.Trim().EnumerateRunes().Count();
        return length > MaxLength
            ? new(
                $"A quote may have at most {MaxLength} characters after trimming; this one has {length}.",
                $"The '{QuoteSubmission.FieldName}' field is longer than {MaxLength} characters; nothing was stored.")
            : null;
    }

    /// <summary>The index of the first control character (but tab, LF, CR) or unpaired surrogate, or null.</summary>
    private static ForbiddenCharacter? FindForbiddenCharacter(string quote)
    {
        for (var i = 0; i < quote.Length; i++)
        {
            var c = quote[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return new(i, IsControl: true);
            }

            if (char.IsHighSurrogate(c) && i + 1 < quote.Length && char.IsLowSurrogate(quote[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return new(i, IsControl: false);
            }
        }

        return null;
    }

    private readonly record struct ForbiddenCharacter(int Index, bool IsControl);
}
