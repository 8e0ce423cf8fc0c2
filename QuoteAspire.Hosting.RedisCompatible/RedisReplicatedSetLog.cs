using Microsoft.Extensions.Logging;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>What a replicated set says in its console in the dashboard.</summary>
internal static partial class RedisReplicatedSetLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "The Sentinels of {Set} name {Primary} as the primary")]
    public static partial void PrimaryNamed(ILogger logger, string set, string primary);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The Sentinels failed {Set} over: {Primary} is the primary now, in place of {Previous}")]
    public static partial void FailedOver(ILogger logger, string set, string primary, string previous);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "The Sentinels of {Set} did not answer: {Reason}")]
    public static partial void SentinelsSilent(ILogger logger, string set, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Watching {Set} failed; asking again")]
    public static partial void WatchFailed(ILogger logger, string set, Exception exception);
}
