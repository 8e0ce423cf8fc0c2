using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace QuoteAspire.ApiService.Http;

/// <summary>
/// Reads <c>application/x-www-form-urlencoded</c> text strictly. ASP.NET's form reader quietly turns
/// invalid UTF-8 into U+FFFD and keeps broken <c>%</c> escapes as they are, so a quote could be stored
/// other than as sent; this refuses both instead. Raw bytes are taken as they come, because
/// <c>curl -d "quote=TV is chewing gum"</c> sends spaces and UTF-8 unencoded.
/// </summary>
public static class StrictUrlEncodedForm
{
    // Bodies up to this size are decoded on the stack; larger ones (up to the 16 KiB body cap) in a pooled buffer.
    private const int StackBufferSize = 1024;

    /// <summary>
    /// The value of the one field called <paramref name="name"/> (UTF-8 bytes) in <paramref name="form"/>,
    /// null when it is absent. Every other field is checked too, so nothing malformed passes unseen.
    /// </summary>
    public static UrlEncodedFormError TryReadSingleField(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name, out string? value) =>
        Read(form, name, findField: true, out value);

    /// <summary>Whether a whole form or query string (without its <c>?</c>) has only valid escapes that decode to UTF-8.</summary>
    public static UrlEncodedFormError Validate(ReadOnlySpan<byte> form) =>
        Read(form, [], findField: false, out _);

    private static UrlEncodedFormError Read(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name, bool findField, out string? value)
    {
        value = null;
        byte[]? rented = null;
        var scratch = form.Length <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : rented = ArrayPool<byte>.Shared.Rent(form.Length);
        try
        {
            foreach (var range in form.Split((byte)'&'))
            {
                var pair = form[range];
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf((byte)'=');
                var rawName = equals < 0 ? pair : pair[..equals];
                var rawValue = equals < 0 ? [] : pair[(equals + 1)..];

                var error = Decode(rawName, scratch, out var decodedName);
                if (error != UrlEncodedFormError.None)
                {
                    return error;
                }

                // Compared before the value is decoded into the same scratch space.
                var wanted = findField && decodedName.SequenceEqual(name);
                error = Decode(rawValue, scratch, out var decodedValue);
                if (error != UrlEncodedFormError.None)
                {
                    return error;
                }

                if (wanted)
                {
                    if (value is not null)
                    {
                        return UrlEncodedFormError.RepeatedField;
                    }

                    // Already checked to be valid UTF-8, so this decoding replaces nothing.
                    value = Encoding.UTF8.GetString(decodedValue);
                }
            }

            return UrlEncodedFormError.None;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c>; text that needs no decoding is returned as it is, without copying.</summary>
    private static UrlEncodedFormError Decode(ReadOnlySpan<byte> encoded, Span<byte> scratch, out ReadOnlySpan<byte> decoded)
    {
        decoded = encoded;
        var first = encoded.IndexOfAny((byte)'%', (byte)'+');
        if (first >= 0)
        {
            encoded[..first].CopyTo(scratch);
            var written = first;
            for (var i = first; i < encoded.Length; i++)
            {
                var b = encoded[i];
                if (b == '+')
                {
                    b = (byte)' ';
                }
                else if (b == '%')
                {
                    if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                    {
                        return UrlEncodedFormError.InvalidEscape;
                    }

                    b = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                    i += 2;
                }

                scratch[written++] = b;
            }

            decoded = scratch[..written];
        }

        // As strict as UTF8Encoding with throwOnInvalidBytes (overlong forms, encoded surrogates and cut-off
        // sequences are all refused), without an exception for every hostile body.
        return Utf8.IsValid(decoded) ? UrlEncodedFormError.None : UrlEncodedFormError.InvalidUtf8;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
