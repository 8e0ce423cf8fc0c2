namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What a Redis-protocol server reads from its configuration file instead of its command line, where
/// <c>ps</c> and the dashboard would show the password. Only the port stays an argument, because DCP
/// chooses it as it launches the process.
/// </summary>
/// <param name="DataDirectory">Where the server keeps its append-only file; created at each start if missing.</param>
/// <param name="AppendFsync">When the append-only file is forced to disk.</param>
public abstract record RedisCompatibleServerConfig(string DataDirectory, AppendFsync AppendFsync)
{
    /// <summary>The only address the server listens on, so nothing off the machine reaches a development store.</summary>
    public const string LoopbackAddress = "127.0.0.1";

    /// <summary>The name of the file the server reads, such as <c>redis.conf</c>.</summary>
    public abstract string FileName { get; }

    /// <summary>
    /// The file's text, with the administrator's password, and the <paramref name="users"/> besides (each with its own
    /// password) where the server has users.
    /// </summary>
    public abstract string Render(string password, IReadOnlyList<(RedisAclUser User, string Password)>? users = null);
}
