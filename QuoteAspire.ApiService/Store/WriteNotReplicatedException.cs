namespace QuoteAspire.ApiService.Store;

/// <summary>
/// A write reached the store's primary but not enough replicas confirmed it in time, or the connection it went
/// through failed before they did: it may survive or not, so it must not be acknowledged.
/// </summary>
public sealed class WriteNotReplicatedException(string message) : Exception(message);
