namespace QuoteAspire.Shared;

/// <summary>
/// The store keys the quotes live under: written by the frontend, and counted, cleared, backed up and restored by the
/// AppHost's commands and jobs. One definition, compiled into both (it is linked, not referenced), so the two cannot
/// drift apart.
/// </summary>
internal static class QuoteStoreKeys
{
    /// <summary>The list of quotes, oldest first: the key the article's service used.</summary>
    public const string Quotes = "quotes";

    /// <summary>Where the first quote sent with an Idempotency-Key is remembered.</summary>
    public const string IdempotencyPrefix = "quotes:idempotency:";

    /// <summary>Where a write with an Idempotency-Key notes where its quote goes, until its record is written.</summary>
    public const string PendingIdempotencyPrefix = "quotes:idempotency-pending:";
}
