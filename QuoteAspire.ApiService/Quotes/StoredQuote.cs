namespace QuoteAspire.ApiService.Quotes;

/// <summary>The answer to a stored quote: the quote as it was stored.</summary>
public sealed record StoredQuote(string Quote);
