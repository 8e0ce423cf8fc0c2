using Microsoft.Extensions.Logging;

namespace QuoteAspire.AppHost;

/// <summary>Everything the AppHost itself logs (its libraries log their own).</summary>
internal static partial class AppHostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Resource} runs as {Host}: {Reason}")]
    public static partial void HostChosen(ILogger logger, string resource, string host, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Resource} keeps its data in {Location} (appendfsync {AppendFsync})")]
    public static partial void DataKept(ILogger logger, string resource, string location, string appendFsync);
}
