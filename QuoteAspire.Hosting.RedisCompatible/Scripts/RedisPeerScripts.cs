using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// How a replicated store's members start: a data node and the Sentinel beside it, each running
/// <c>Scripts/store-start.sh</c> with the set's settings as options (the other scripts, the preStop, the readiness
/// probes and the jobs', are files of Scripts/ too, read through <see cref="PeerScriptFile"/>). Each peer is known by
/// its pod's DNS name (<c>NAME-0.NAME-peers</c>, from its hostname), which it announces instead of its pod
/// IP, since a restarted pod keeps its name and not its address. The administrator's password comes from
/// <c>$REDIS_PASSWORD</c>, each user's from its own variable (a replica signs in to its primary as
/// <see cref="RedisSetMemberUsers.Replication"/>, a Sentinel to the data nodes as <see cref="RedisSetMemberUsers.Sentinel"/>):
/// the options name the variables, and the script reads them.
/// </summary>
/// <param name="SetName">The name the Sentinels know the set by, also the StatefulSet's.</param>
/// <param name="PeerHosts">Each pod's DNS name, by ordinal.</param>
/// <param name="Quorum">How many Sentinels must agree that the primary is down.</param>
internal sealed record RedisPeerScripts(string SetName, IReadOnlyList<string> PeerHosts, int Quorum)
{
    /// <summary>
    /// The users each data node defines besides the administrator, their passwords read from the environment
    /// (<see cref="RedisAclUser.PasswordVariable"/>) as the administrator's is.
    /// </summary>
    public IReadOnlyList<RedisAclUser> DataUsers { get; init; } = [];

    /// <summary>The users each Sentinel defines besides the administrator, read as <see cref="DataUsers"/> are.</summary>
    public IReadOnlyList<RedisAclUser> SentinelUsers { get; init; } = [];

    /// <summary>How long the primary may not answer before a Sentinel holds it down: long enough for a pod's brief pause.</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one failover attempt may take before another Sentinel may try.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the Sentinels are: beside each data node in its pod, or containers of their own.</summary>
    public IReadOnlyList<string> SentinelHosts { get; init; } = PeerHosts;

    /// <summary>The peer that is the primary when no Sentinel answers: the first, or the primary of the last run.</summary>
    public string FirstPrimary { get; init; } = PeerHosts[0];

    /// <summary>
    /// Where a pod's Sentinel keeps its state, on the pod's claim, so that it outlives the pod: which node is primary
    /// and in which epoch, its own id, the peers it knows. None for Sentinels that start afresh each run.
    /// </summary>
    public string? SentinelStateDirectory { get; init; }

    /// <summary>
    /// The hosts file, shared by every member, that each member writes its own address into before it starts
    /// (<see cref="PeerHostsFolder"/>): local containers, which do not trust the container runtime's DNS. None for pods.
    /// </summary>
    public string? SharedHostsFile { get; init; }

    /// <summary>The domain of every peer's name, the part after the pod's own name.</summary>
    public string PeersDomain => PeerHosts[0][(PeerHosts[0].IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>
    /// What <c>/bin/sh</c> takes to start a data node: a replica of the current primary, or the primary itself when it
    /// is this node.
    /// </summary>
    /// <param name="appendFsync">When the append-only file is forced to disk.</param>
    /// <param name="maxMemory">The memory the node may fill before it refuses writes.</param>
    /// <param name="minReplicasToWrite">Replicas that must be in sync for the node to take writes as primary.</param>
    /// <param name="self">The node's own name, for a container; null for a pod, which reads it from its hostname.</param>
    public IReadOnlyList<string> DataNode(AppendFsync appendFsync, string maxMemory, int minReplicasToWrite, string? self = null) =>
        PeerScriptFile.ShellArguments(PeerScriptFile.StoreStart, [
            "data-node",
            .. Membership(self),
            .. RedisContainerExtensions.ServerOptions(appendFsync, maxMemory),
            "--min-replicas-to-write", Invariant(minReplicasToWrite),
            "--min-replicas-max-lag", Invariant(RedisServerConfig.MaxReplicaLagSeconds),
            "--repl-diskless-sync-delay", Invariant(RedisServerConfig.ReplicaSyncDelaySeconds),
            "--master-user", RedisSetMemberUsers.Replication.Name, RedisSetMemberUsers.Replication.PasswordVariable,
            .. RedisContainerExtensions.UserOptions(DataUsers)]);

    /// <summary>What <c>/bin/sh</c> takes to start the Sentinel beside a data node, or a Sentinel container.</summary>
    /// <param name="self">The Sentinel's own name, for a container; null for a pod's, which reads it from its hostname.</param>
    public IReadOnlyList<string> Sentinel(string? self = null) =>
        PeerScriptFile.ShellArguments(PeerScriptFile.StoreStart, [
            "sentinel",
            .. Membership(self),
            "--quorum", Invariant(Quorum),
            "--down-after-milliseconds", Milliseconds(DownAfter),
            "--failover-timeout", Milliseconds(FailoverTimeout),
            "--auth-user", RedisSetMemberUsers.Sentinel.Name, RedisSetMemberUsers.Sentinel.PasswordVariable,
            .. RedisContainerExtensions.UserOptions(SentinelUsers)]);

    // What every member knows of the set. A pod knows its own name from its hostname and the peers' domain, a container
    // is told its name; only an answer naming a peer counts: peers on a cluster share a domain, containers are listed.
    private IEnumerable<string> Membership(string? self) =>
    [
        "--set-name", SetName,
        "--peers", string.Join(' ', PeerHosts),
        "--sentinels", string.Join(' ', SentinelHosts),
        "--first-primary", FirstPrimary,
        .. OptionalOption("--peers-domain", PeerHosts[0].Contains('.', StringComparison.Ordinal) ? PeersDomain : null),
        .. OptionalOption("--self", self),
        .. OptionalOption("--hosts-file", SharedHostsFile),
        .. OptionalOption("--sentinel-state", SentinelStateDirectory),
    ];

    private static string[] OptionalOption(string option, string? value) => value is null ? [] : [option, value];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan time) => Invariant((int)time.TotalMilliseconds);
}
