using Microsoft.Extensions.Logging;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>What <c>AddRedisStore</c> says of the store it added.</summary>
internal static partial class RedisStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Resource} runs as {Host}: {Reason}")]
    public static partial void HostChosen(ILogger logger, string resource, string host, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Resource} keeps its data in {Location} (appendfsync {AppendFsync})")]
    public static partial void DataKept(ILogger logger, string resource, string location, string appendFsync);
}
