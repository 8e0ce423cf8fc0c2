namespace QuoteAspire.ApiService.Store;

/// <summary>
/// When a write counts as done. With <see cref="Replicas"/> above 0, a post is acknowledged only once that many of the
/// store's replicas confirm they hold it (Redis's <c>WAIT</c>), so a failover to a replica loses no acknowledged quote.
/// Read from the <c>WriteAcknowledgement</c> section; <see cref="WriteAcknowledgementOptionsValidator"/> checks it at start.
/// </summary>
public sealed class WriteAcknowledgementOptions
{
    public const string SectionName = "WriteAcknowledgement";

    /// <summary>Replicas that must confirm a write; 0 (a store without replicas) acknowledges once the primary has it.</summary>
    public int Replicas { get; set; }

    /// <summary>
    /// How long a post waits for the replicas' confirmation before it answers 503 instead: well inside the store client's
    /// one-second command timeout, or the client gives up first and the answer says the store is away.
    /// </summary>
    public int TimeoutMilliseconds { get; set; } = 500;
}
