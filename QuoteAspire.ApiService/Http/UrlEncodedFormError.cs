namespace QuoteAspire.ApiService.Http;

/// <summary>What is wrong with an <c>application/x-www-form-urlencoded</c> text, if anything.</summary>
public enum UrlEncodedFormError
{
    None,

    /// <summary>A <c>%</c> not followed by two hex digits.</summary>
    InvalidEscape,

    /// <summary>A name or value that, once decoded, is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The field asked for appears more than once.</summary>
    RepeatedField,
}
