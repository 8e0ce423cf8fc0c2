using Microsoft.Extensions.Logging;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>Everything the publisher and its deployment steps log.</summary>
internal static partial class KubernetesPublisherLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Wrote {Count} Kubernetes manifest files to {Directory}")]
    public static partial void Published(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Running {Program} {Arguments}")]
    public static partial void Running(ILogger logger, string program, string arguments);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Program}: {Line}")]
    public static partial void Output(ILogger logger, string program, string line);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Pushed the image of {Resource}: {Image}")]
    public static partial void Pushed(ILogger logger, string resource, string image);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Pinned {Image} to {Pinned}")]
    public static partial void Pinned(ILogger logger, string image, string pinned);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Could not pin {Image} by digest ({Why}); the manifests keep its tag, which may name other bytes later")]
    public static partial void NotPinned(ILogger logger, string image, string why);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Kept the live value of the Secret {Secret}: this publish's differs (set Kubernetes:ReplaceSecrets=true to replace it)")]
    public static partial void KeptLiveSecret(ILogger logger, string secret);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "The rollout of {Target} did not finish; undoing it to the previous revision")]
    public static partial void UndoingRollout(ILogger logger, string target);
}
