namespace QuoteAspire.ApiService.Logging;

/// <summary>
/// Every message the frontend logs through source-generated logging, in one class so that event ids stay unique
/// (named apart from the AppHost's QuoteStoreLog, so a search for one never finds the other).
/// </summary>
internal static partial class QuoteFrontendLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Quote store at {Endpoints}, found through {Source}")]
    public static partial void StoreLocated(ILogger logger, string endpoints, string source);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The quote store could not be reached: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The quote store is full and refuses writes: {Reason}")]
    public static partial void StoreFull(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A write was not confirmed by the store's replicas: {Reason}")]
    public static partial void WriteNotReplicated(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Reading the store's roles again, as {Cause}")]
    public static partial void ReadingStoreRoles(ILogger logger, string cause);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Writes go to {Primary}, found as the store's primary {Milliseconds} ms after reading its roles again began")]
    public static partial void StoreRolesRead(ILogger logger, string primary, long milliseconds);
}
