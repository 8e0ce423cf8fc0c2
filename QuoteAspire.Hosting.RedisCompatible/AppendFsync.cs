namespace Aspire.Hosting;

/// <summary>
/// When a Redis-protocol server forces its append-only file to disk: redis.conf's <c>appendfsync</c>.
/// With either value a write reaches the operating system before its client gets the reply, so killing the
/// server process loses nothing acknowledged; they differ in what a machine crash or power cut can lose.
/// </summary>
public enum AppendFsync
{
    /// <summary><c>everysec</c>: forced to disk once a second; a machine crash can lose the last second of writes.</summary>
    EverySecond,

    /// <summary><c>always</c>: forced to disk before each reply; slower, for those who cannot lose a second.</summary>
    Always,
}
