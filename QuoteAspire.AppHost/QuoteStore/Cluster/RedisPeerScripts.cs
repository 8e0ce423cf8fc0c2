using System.Globalization;

namespace QuoteAspire.AppHost.QuoteStore.Cluster;

/// <summary>
/// The shell scripts a replicated store's pods run: a data node, the Sentinel beside it, and the restore job (the
/// others are files of Scripts/, read through <see cref="PeerScriptFile"/>). Each peer
/// is known by its pod's DNS name (<c>quote-store-0.quote-store-peers</c>, from <c>$HOSTNAME</c>), which it announces
/// instead of its pod IP, since a restarted pod keeps its name and not its address. The password comes from
/// <c>$REDIS_PASSWORD</c> and reaches redis-server on standard input or in a file only its user may read, never on a
/// command line.
/// </summary>
/// <param name="SetName">The name the Sentinels know the set by, also the StatefulSet's: <c>quote-store</c>.</param>
/// <param name="PeerHosts">Each pod's DNS name, by ordinal.</param>
/// <param name="Quorum">How many Sentinels must agree that the primary is down.</param>
public sealed record RedisPeerScripts(string SetName, IReadOnlyList<string> PeerHosts, int Quorum)
{
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
        PEERS_DOMAIN="{{PeersDomain}}"
        {{FindPrimary(self)}}
        if [ "$primary" = "$self" ]; then set --; else set -- --replicaof "$primary" {{DataPort}}; fi
        {{QuotedPassword}}
        exec redis-server - --appendonly yes --appendfsync {{appendFsync.ToRedisName()}} --dir {{RedisContainerExtensions.DataDirectory}} --save "" --maxmemory {{maxMemory}} --maxmemory-policy noeviction --min-replicas-to-write {{minReplicasToWrite}} --min-replicas-max-lag {{RedisServerConfig.MaxReplicaLagSeconds}} --replica-announce-ip "$self" "$@" <<EOF
        requirepass "$escaped"
        masterauth "$escaped"
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
        PEERS_DOMAIN="{{PeersDomain}}"
        {{QuotedPassword}}
        umask 077
        conf="{{SentinelStateDirectory ?? "/tmp"}}/sentinel.conf"
        mkdir -p "$(dirname "$conf")"
        if [ -s "$conf" ]; then
          self="{{SelfOf(self)}}"
          echo "Starting from this pod's Sentinel state: $(grep '^sentinel monitor ' "$conf" || true)"
          # What the Sentinel learned, without the settings, which come from this start (a changed password included).
          learned="$(grep -vE '^(port|requirepass|user|sentinel (resolve-hostnames|announce-hostnames|announce-ip|sentinel-pass|auth-pass|down-after-milliseconds|failover-timeout|parallel-syncs))( |$)' "$conf" || true)"
        else
          {{FindPrimary(self)}}
          learned="sentinel monitor {{SetName}} $primary {{DataPort}} {{Quorum}}"
        fi
        cat > "$conf.new" <<EOF
        port {{SentinelPort}}
        sentinel resolve-hostnames yes
        sentinel announce-hostnames yes
        sentinel announce-ip "$self"
        requirepass "$escaped"
        sentinel sentinel-pass "$escaped"
        $learned
        sentinel auth-pass {{SetName}} "$escaped"
        sentinel down-after-milliseconds {{SetName}} {{Milliseconds(DownAfter)}}
        sentinel failover-timeout {{SetName}} {{Milliseconds(FailoverTimeout)}}
        sentinel parallel-syncs {{SetName}} 1
        EOF
        mv "$conf.new" "$conf"
        exec redis-server "$conf" --sentinel
        """;

    /// <summary>
    /// The restore job: the quotes and idempotency records of a backup in <paramref name="folder"/> (the newest, or the
    /// file <c>$BACKUP_FILE</c> names) replace those on the primary, as "Restore the latest backup" does locally. A
    /// redis-server of the job's own reads the file on loopback, writing nothing, and hands each key to the primary with
    /// <c>MIGRATE ... COPY REPLACE</c>, time to live and all; the replicas follow the primary.
    /// </summary>
    /// <param name="folder">Where the backups are mounted.</param>
    /// <param name="quotesKey">The list of quotes, counted once restored.</param>
    /// <param name="patterns">The keys that hold quotes; others (the post budgets) are left as they are.</param>
    public string Restore(string folder, string quotesKey, IReadOnlyList<string> patterns) => $$"""
        set -eu
        # Byte lengths for the protocol below.
        export LC_ALL=C
        file="${BACKUP_FILE:-}"
        if [ -z "$file" ]; then file="$(ls -1 {{folder}}/{{SetName}}-*.rdb 2>/dev/null | sort | tail -n 1)"; fi
        case "$file" in ""|/*) ;; *) file="{{folder}}/$file" ;; esac
        if [ -z "$file" ] || [ ! -f "$file" ]; then echo "No backup ${BACKUP_FILE:-of {{SetName}}} in {{folder}}: nothing restored." >&2; exit 1; fi
        primary=""
        for peer in {{string.Join(' ', PeerHosts)}}; do
          {{ReadPeerReplicationInfo}}
          case "$info" in *role:master*) primary="$peer"; break ;; esac
        done
        if [ -z "$primary" ]; then echo "No node of {{SetName}} is a primary: nothing restored." >&2; exit 1; fi
        redis-server --port {{RestorePort}} --bind 127.0.0.1 --dir "$(dirname "$file")" --dbfilename "$(basename "$file")" --save "" --appendonly no --logfile /tmp/restore-server.log &
        backup=$!
        trap 'kill "$backup" 2>/dev/null || true' EXIT
        tries=0
        until [ "$(redis-cli -p {{RestorePort}} ping 2>/dev/null)" = PONG ]; do
          kill -0 "$backup" 2>/dev/null || { cat /tmp/restore-server.log >&2; echo "redis-server could not read $file: nothing restored." >&2; exit 1; }
          tries=$((tries + 1))
          if [ "$tries" -gt 600 ]; then echo "$file did not load within 2 minutes: nothing restored." >&2; exit 1; fi
          sleep 0.2
        done
        # Commands as the protocol spells them, so that any key, and the password, pass whole through redis-cli --pipe.
        resp() { printf '*%d\r\n' "$#"; for part in "$@"; do printf '$%d\r\n%s\r\n' "${#part}" "$part"; done; }
        piped() {
          out="$("$@" --pipe 2>&1)" || true
          case "$out" in *"errors: 0,"*) echo "$out" | sed -n 's/.*errors: 0, replies: \([0-9]*\).*/\1/p' ;; *) echo "$out" >&2; return 1 ;; esac
        }
        on_primary() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h "$primary" -p {{DataPort}} "$@"; }
        patterns='{{string.Join(' ', patterns)}}'
        set -f
        removed="$(for pattern in $patterns; do on_primary --scan --pattern "$pattern" | while IFS= read -r key; do resp UNLINK "$key"; done; done | piped on_primary)"
        moved="$(for pattern in $patterns; do redis-cli -p {{RestorePort}} --scan --pattern "$pattern" | while IFS= read -r key; do resp MIGRATE "$primary" {{DataPort}} "$key" 0 10000 COPY REPLACE AUTH "$REDIS_PASSWORD"; done; done | piped redis-cli -p {{RestorePort}})"
        quotes="$(on_primary llen {{quotesKey}})"
        records=$((moved - $(on_primary exists {{quotesKey}})))
        echo "Restored {{SetName}} on $primary from $file: $quotes quotes and $records idempotency records, in place of $removed keys."
        """;

    /// <summary>The loopback port the restore job's own redis-server serves the backup on.</summary>
    private const int RestorePort = 6390;

    private static string Milliseconds(TimeSpan time) => ((int)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
