using System.Text;
using QuoteAspire.ApiService.Http;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Http;

/// <summary>The strict form reader on its own: bytes in, one field or an error out.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class StrictUrlEncodedFormTests
{
    // Inputs are written one character a byte (Latin-1), so "\u00ff" is the byte 0xFF.
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static (UrlEncodedFormError Error, string? Quote) ReadQuote(byte[] form) =>
        (StrictUrlEncodedForm.TryReadSingleField(form, "quote"u8, out var quote), quote);

    [Theory]
    [InlineData("quote=TV+is+chewing%20gum", "TV is chewing gum")]
    [InlineData("quote=100%25+sure%2B", "100% sure+")]
    [InlineData("other=1&quote=x&other=2", "x")]
    [InlineData("%71uote=encoded+name", "encoded name")]
    [InlineData("quote=", "")]
    [InlineData("quote", "")]
    [InlineData("&&quote=a=b&&", "a=b")]
    [InlineData("quote=Tab%09and%0D%0Alines", "Tab\tand\r\nlines")]
    public void DecodesTheQuoteField(string form, string expected)
    {
        Assert.Equal((UrlEncodedFormError.None, expected), ReadQuote(Bytes(form)));
    }

    [Fact]
    public void TakesRawUtf8AndSpacesAsCurlDashDSendsThem()
    {
        var quote = "Ce qui est simple est toujours faux. ~ Paul Valéry 千里之行 🚀";

        Assert.Equal((UrlEncodedFormError.None, quote), ReadQuote(Encoding.UTF8.GetBytes($"quote={quote}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("other=field")]
    [InlineData("quotes=not+the+same+name")]
    public void AnAbsentQuoteIsNull(string form)
    {
        Assert.Equal((UrlEncodedFormError.None, null), ReadQuote(Bytes(form)));
    }

    [Theory]
    [InlineData("quote=%")]
    [InlineData("quote=%4")]
    [InlineData("quote=%zz")]
    [InlineData("quote=%g0")]
    [InlineData("quote=50%+off")]
    [InlineData("quote=fine&other=%G1")]
    [InlineData("%=x&quote=fine")]
    public void RefusesAPercentNotFollowedByTwoHexDigits(string form)
    {
        Assert.Equal(UrlEncodedFormError.InvalidEscape, ReadQuote(Bytes(form)).Error);
    }

    [Theory]
    [InlineData("quote=%FF%FE")]
    [InlineData("quote=caf\u00e9")]
    [InlineData("quote=%C0%AF")]
    [InlineData("quote=%ED%A0%80")]
    [InlineData("quote=%E2%82")]
    [InlineData("quote=%F4%90%80%80")]
    [InlineData("quote=fine&n\u00e4me=x")]
    public void RefusesTextThatDoesNotDecodeToUtf8(string form)
    {
        Assert.Equal(UrlEncodedFormError.InvalidUtf8, ReadQuote(Bytes(form)).Error);
    }

    [Theory]
    [InlineData("quote=one&quote=two")]
    [InlineData("quote=one&%71uote=two")]
    [InlineData("quote&quote")]
    public void RefusesTheQuoteFieldMoreThanOnce(string form)
    {
        Assert.Equal(UrlEncodedFormError.RepeatedField, ReadQuote(Bytes(form)).Error);
    }

    [Fact]
    public void DecodesFormsLargerThanItsStackBuffer()
    {
        var quote = string.Concat(Enumerable.Repeat("名言 ", 1000));
        var form = "quote=" + Uri.EscapeDataString(quote);

        Assert.Equal((UrlEncodedFormError.None, quote), ReadQuote(Bytes(form)));
    }

    [Theory]
    [InlineData("", UrlEncodedFormError.None)]
    [InlineData("limit=10&offset=20", UrlEncodedFormError.None)]
    [InlineData("tag=caf%C3%A9&tag=again", UrlEncodedFormError.None)]
    [InlineData("=a&=b", UrlEncodedFormError.None)]
    [InlineData("limit=%zz", UrlEncodedFormError.InvalidEscape)]
    [InlineData("=a&=b&tag=%C3%28", UrlEncodedFormError.InvalidUtf8)]
    public void ValidatesAWholeQueryString(string query, UrlEncodedFormError expected)
    {
        Assert.Equal(expected, StrictUrlEncodedForm.Validate(Bytes(query)));
    }
}
