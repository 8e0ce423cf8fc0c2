using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>
/// The shell scripts a replicated store's pods run: a data node and the Sentinel beside it (the others, the preStop,
/// the readiness probe and the jobs', are files of Scripts/, read through <see cref="PeerScriptFile"/>). Each peer
/// is known by its pod's DNS name (<c>quote-store-0.quote-store-peers</c>, from <c>$HOSTNAME</c>), which it announces
/// instead of its pod IP, since a restarted pod keeps its name and not its address. The administrator's password comes
/// from <c>$REDIS_PASSWORD</c>, each user's from its own variable (a replica signs in to its primary as
/// <see cref="RedisSetMemberUsers.Replication"/>, a Sentinel to the data nodes as <see cref="RedisSetMemberUsers.Sentinel"/>),
/// and each reaches redis-server on standard input or in a file only its user may read, never on a command line.
/// </summary>
/// <param name="SetName">The name the Sentinels know the set by, also the StatefulSet's: <c>quote-store</c>.</param>
/// <param name="PeerHosts">Each pod's DNS name, by ordinal.</param>
/// <param name="Quorum">How many Sentinels must agree that the primary is down.</param>
public sealed record RedisPeerScripts(string SetName, IReadOnlyList<string> PeerHosts, int Quorum)
{
    /// <summary>
    /// The users each data node defines besides the administrator, their passwords read from the environment
    /// (<see cref="RedisAclUser.PasswordVariable"/>) as the administrator's is.
    /// </summary>
    public IReadOnlyList<RedisAclUser> DataUsers { get; init; } = [];

    /// <summary>The users each Sentinel defines besides the administrator, read as <see cref="DataUsers"/> are.</summary>
    public IReadOnlyList<RedisAclUser> SentinelUsers { get; init; } = [];

    // Each user's line, its password escaped by sed on standard input, as the administrator's.
    private static string UserLines(IReadOnlyList<RedisAclUser> users) =>
        string.Concat(users.Select(user => "\n" + RedisContainerExtensions.UserLine(user)));

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

    // Before a member looks up its primary by name: that name in the shared hosts file, when there is one.
    private string AwaitPrimaryAddress() => SharedHostsFile is not { } hosts ? string.Empty : $"""
        PEER="$primary" PEER_HOSTS="{hosts}"
        {PeerScriptFile.Read(PeerScriptFile.PeerHostsWait)}

        """;

    // A member's first lines: its address under its name in the shared hosts file, when there is one.
    private string Announce(string? self) => SharedHostsFile is not { } hosts || self is null ? string.Empty : $"""
        PEER_NAME="{self}" PEER_HOSTS="{hosts}"
        {PeerScriptFile.Read(PeerScriptFile.PeerHosts)}

        """;

    // A pod knows its own name from $HOSTNAME and the peers' domain; a container is told its name.
    private static string SelfOf(string? self) => self ?? "$HOSTNAME.${PEERS_DOMAIN}";

    // Only an answer naming a peer counts, not an address: peers on a cluster share a domain, containers are listed.
    private string PeerPattern => PeerHosts[0].Contains('.', StringComparison.Ordinal) ? "*.\"${PEERS_DOMAIN}\"" : string.Join('|', PeerHosts);

    // The password as redis.conf reads it between double quotes.
    private const string QuotedPassword = """
        escaped="$(printf '%s' "$REDIS_PASSWORD" | sed 's/[\\"]/\\&/g')"
        """;

    /// <summary>
    /// Sets <c>$primary</c> to the DNS name of the set's primary as the newest knowledge has it: each Sentinel that
    /// answers names one in its configuration epoch, and this pod's own Sentinel state (on its claim) names the last one
    /// it knew. The highest epoch wins, so a node that was away, or a Sentinel that started afresh, never makes a node
    /// with older data the primary. With no knowledge at all (the set's first start), the first pod is the primary.
    /// </summary>
    private string FindPrimary(string? self) => $$"""
        self="{{SelfOf(self)}}"
        primary=""
        epoch=-1
        for peer in {{string.Join(' ', SentinelHosts)}}; do
          answer="$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 2 redis-cli --no-auth-warning -h "$peer" -p {{SentinelPort}} sentinel master {{SetName}} 2>/dev/null | tr -d '\r')" || continue
          named="$(printf '%s\n' "$answer" | sed -n '/^ip$/{n;p;}')"
          named_epoch="$(printf '%s\n' "$answer" | sed -n '/^config-epoch$/{n;p;}')"
          case "$named" in
            {{PeerPattern}}) if [ "${named_epoch:-0}" -gt "$epoch" ]; then primary="$named"; epoch="${named_epoch:-0}"; fi ;;
          esac
        done
        {{OwnKnowledge()}}
        if [ -z "$primary" ]; then
          primary="{{FirstPrimary}}"
          echo "No Sentinel answers and this node knows no primary: the set starts with $primary as its primary."
        else
          echo "The newest knowledge (epoch $epoch) names $primary as the primary."
        fi
        """;

    // What this pod's Sentinel knew when it last ran, if it keeps its state: newer than every answer, it stands.
    private string OwnKnowledge() => SentinelStateDirectory is not { } state ? string.Empty : $$"""
        if [ -s "{{state}}/sentinel.conf" ]; then
          known="$(sed -n 's/^sentinel monitor {{SetName}} \([^ ]*\) .*/\1/p' "{{state}}/sentinel.conf")"
          known_epoch="$(sed -n 's/^sentinel config-epoch {{SetName}} \([0-9]*\)$/\1/p' "{{state}}/sentinel.conf")"
          if [ -n "$known" ] && [ "${known_epoch:-0}" -gt "$epoch" ]; then
            echo "This pod's Sentinel state names $known in epoch ${known_epoch:-0}, newer than any answer (epoch $epoch)."
            primary="$known"
            epoch="${known_epoch:-0}"
          fi
        fi
        """;

    /// <summary>
    /// When the knowledge names this node the primary, checks that no other node already serves as one, and follows it
    /// if one does. The Sentinels name the old primary until a failover ends, while the replica they promote serves as
    /// primary from the failover's first steps: a primary that died and came back in between (seen when it was started
    /// again at once) would otherwise start as a second primary, with older data, until a Sentinel turned it into a
    /// replica up to 10 s later. A node counts as serving when it was promoted (it keeps its old primary's history,
    /// <c>second_repl_offset</c>) or has a replica: not a node that merely started as primary from its own files, as in a
    /// cold start, where the newest knowledge, not the first to start, must decide.
    /// </summary>
    private string FollowAPrimaryInService => $$"""
        if [ "$primary" = "$self" ]; then
          for peer in {{string.Join(' ', PeerHosts)}}; do
            [ "$peer" != "$self" ] || continue
            {{ReadPeerReplicationInfo}}
            printf '%s\n' "$info" | grep -q '^role:master$' || continue
            if printf '%s\n' "$info" | grep -qE '^connected_slaves:[1-9]|^second_repl_offset:[0-9]'; then
              echo "$peer already serves as the primary: this node follows it."
              primary="$peer"
              break
            fi
          done
        fi
        """;

    /// <summary>Sets <c>$info</c> to the <c>INFO replication</c> of <c>$peer</c>, or goes on to the next peer when it does not answer.</summary>
    private static string ReadPeerReplicationInfo => $$"""
        info="$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 5 redis-cli --no-auth-warning -h "$peer" -p {{DataPort}} info replication 2>/dev/null | tr -d '\r')" || continue
        """;

    private static readonly int SentinelPort = Aspire.Hosting.ApplicationModel.RedisReplicatedContainerResource.SentinelPort;
    private static readonly int DataPort = Aspire.Hosting.ApplicationModel.RedisReplicatedContainerResource.DataPort;

    /// <summary>The domain of every peer's name, the part after the pod's own name.</summary>
    public string PeersDomain => PeerHosts[0][(PeerHosts[0].IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>
    /// A data node: a replica of the current primary, or the primary itself when it is this pod. Every node gets the same
    /// replication settings, since Sentinel may promote any of them: it needs a replica in sync to take writes.
    /// </summary>
    /// <param name="appendFsync">When the append-only file is forced to disk.</param>
    /// <param name="maxMemory">The memory the node may fill before it refuses writes.</param>
    /// <param name="minReplicasToWrite">Replicas that must be in sync for the node to take writes as primary.</param>
    /// <param name="self">The node's own name, for a container; null for a pod, which reads it from its hostname.</param>
    public string DataNode(AppendFsync appendFsync, string maxMemory, int minReplicasToWrite, string? self = null) => $$"""
        set -eu
        {{Announce(self)}}PEERS_DOMAIN="{{PeersDomain}}"
        {{FindPrimary(self)}}
        {{FollowAPrimaryInService}}
        {{AwaitPrimaryAddress()}}if [ "$primary" = "$self" ]; then set --; else set -- --replicaof "$primary" {{DataPort}}; fi
        {{QuotedPassword}}
        exec redis-server - --appendonly yes --appendfsync {{appendFsync.ToRedisName()}} --dir {{RedisContainerExtensions.DataDirectory}} --save "" --maxmemory {{maxMemory}} --maxmemory-policy noeviction --min-replicas-to-write {{minReplicasToWrite}} --min-replicas-max-lag {{RedisServerConfig.MaxReplicaLagSeconds}} --repl-diskless-sync-delay {{RedisServerConfig.ReplicaSyncDelaySeconds}} --replica-announce-ip "$self" "$@" <<EOF
        requirepass "$escaped"
        masteruser {{RedisSetMemberUsers.Replication.Name}}
        masterauth {{RedisContainerExtensions.Escaped(RedisSetMemberUsers.Replication.PasswordVariable)}}{{UserLines(DataUsers)}}
        EOF
        """;

    /// <summary>
    /// The Sentinel beside a data node. Sentinel rewrites its file as it learns the set. With a
    /// <see cref="SentinelStateDirectory"/>, the file lives there and what it learned (its id, the epochs, the primary,
    /// the peers) carries over to the next start, with the settings written afresh; otherwise it lives in /tmp and
    /// starts from what the other Sentinels know.
    /// </summary>
    /// <param name="self">The Sentinel's own name, for a container; null for a pod's, which reads it from its hostname.</param>
    public string Sentinel(string? self = null) => $$"""
        set -eu
        {{Announce(self)}}PEERS_DOMAIN="{{PeersDomain}}"
        {{QuotedPassword}}
        umask 077
        conf="{{SentinelStateDirectory ?? "/tmp"}}/sentinel.conf"
        mkdir -p "$(dirname "$conf")"
        if [ -s "$conf" ]; then
          self="{{SelfOf(self)}}"
          echo "Starting from this pod's Sentinel state: $(grep '^sentinel monitor ' "$conf" || true)"
          # What the Sentinel learned, without the settings, which come from this start (a changed password included).
          learned="$(grep -vE '^(port|requirepass|user|sentinel (resolve-hostnames|announce-hostnames|announce-ip|sentinel-pass|auth-user|auth-pass|down-after-milliseconds|failover-timeout|parallel-syncs))( |$)' "$conf" || true)"
        else
          {{FindPrimary(self)}}
          {{AwaitPrimaryAddress()}}learned="sentinel monitor {{SetName}} $primary {{DataPort}} {{Quorum}}"
        fi
        cat > "$conf.new" <<EOF
        port {{SentinelPort}}
        sentinel resolve-hostnames yes
        sentinel announce-hostnames yes
        sentinel announce-ip "$self"
        requirepass "$escaped"
        sentinel sentinel-pass "$escaped"
        $learned
        sentinel auth-user {{SetName}} {{RedisSetMemberUsers.Sentinel.Name}}
        sentinel auth-pass {{SetName}} {{RedisContainerExtensions.Escaped(RedisSetMemberUsers.Sentinel.PasswordVariable)}}
        sentinel down-after-milliseconds {{SetName}} {{Milliseconds(DownAfter)}}
        sentinel failover-timeout {{SetName}} {{Milliseconds(FailoverTimeout)}}
        sentinel parallel-syncs {{SetName}} 1{{UserLines(SentinelUsers)}}
        EOF
        mv "$conf.new" "$conf"
        exec redis-server "$conf" --sentinel
        """;

    private static string Milliseconds(TimeSpan time) => ((int)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
