#!/bin/sh
# Starts a member of a Redis-compatible store from its image, in a local container as in a cluster's pod, which run it
# alike: sh -c "$(this file)" store-start.sh ROLE [OPTION VALUE]...
#
# ROLE is one of:
#   server     the store alone: redis-server keeping every acknowledged write in its append-only file
#   data-node  a data node of a replicated set: the primary, or a replica of the primary the newest knowledge names
#   sentinel   the Sentinel of a replicated set, beside a data node in its pod, or a container of its own
#   announce   a local container member's first step alone: its address under its name in the set's hosts file
#
# The administrator's password comes from $REDIS_PASSWORD, each user's from the variables its options name, and each
# reaches redis-server on standard input or in a file only its user may read, never on a command line: only the
# shell's builtins and sed, fed on standard input, see it. sed escapes the characters redis.conf's double quotes give a
# meaning to.
#
# Options of server and data-node:
#   --appendfsync WHEN             when the append-only file is forced to disk: always, everysec or no
#   --dir DIR                      where the data is kept
#   --maxmemory SIZE               the memory the server may fill before it refuses writes, such as 384mb
# Options of data-node and sentinel:
#   --set-name NAME                the name the Sentinels know the set by
#   --peers "HOST..."              every data node's name, separated by spaces
#   --sentinels "HOST..."          every Sentinel's name, separated by spaces
#   --first-primary HOST           the primary when nothing names one: the first node, or the primary of the last run
#   --self NAME                    this member's own name (a container), or else
#   --peers-domain DOMAIN          the domain of every peer's name (a pod): this member is $(hostname).DOMAIN, and only
#                                  an answer naming a host of the domain counts (otherwise, one naming a host of --peers)
#   --hosts-file FILE              the hosts file every member shares (local containers): see announce() below
#   --sentinel-state DIR           where a pod's Sentinel keeps its state, to outlive the pod; without it a Sentinel
#                                  keeps its file in /tmp and starts afresh
# Options of data-node:
#   --min-replicas-to-write N  --min-replicas-max-lag SECONDS  --repl-diskless-sync-delay SECONDS
#                                  as redis-server has them: every node gets the same, since Sentinel may promote any
#   --master-user NAME VARIABLE    the user a replica signs in to its primary as, its password read from $VARIABLE
# Options of sentinel:
#   --quorum N  --down-after-milliseconds MS  --failover-timeout MS
#                                  as the Sentinel's settings of the set
#   --auth-user NAME VARIABLE      the user a Sentinel signs in to the data nodes as, its password read from $VARIABLE
# Options of server, data-node and sentinel, given once for each user besides the administrator:
#   --user NAME VARIABLES RULES    its passwords read from the VARIABLES (one, or two while it is rotated, separated by
#                                  spaces), and what it may do, as its redis.conf user line has it after the passwords
set -eu
# The lists (peers, variables) are split on spaces, never expanded as file patterns.
set -f

usage() {
  echo "$0: $1 (the options are described at the top of the script)" >&2
  exit 2
}

# The name of a variable a password is read from: checked, since eval reads it indirectly, and set.
password_variable() {
  case "$1" in
    "" | [!A-Za-z_]* | *[!A-Za-z0-9_]*) usage "'$1' is no variable name" ;;
  esac
  is_set=""
  eval "is_set=\${$1+set}"
  if [ -z "$is_set" ]; then
    echo "$0: $1, the variable that holds the password of $2, is not set." >&2
    exit 1
  fi
}

# The value of the variable $1 as redis.conf reads it between double quotes.
quoted() {
  value=""
  eval "value=\${$1}"
  printf '%s' "$value" | sed 's/[\\"]/\\&/g'
}

# A user's line, its passwords escaped as the administrator's.
add_user() {
  line="user $1 on resetpass"
  for variable in $2; do
    password_variable "$variable" "the user $1"
    line="$line \">$(quoted "$variable")\""
  done
  users="$users
$line $3"
}

role="${1:-}"
case "$role" in
  server | data-node | sentinel | announce) shift ;;
  *) usage "the first argument is the role: server, data-node, sentinel or announce" ;;
esac

appendfsync="" dir="" maxmemory="" users=""
set_name="" peers="" sentinels="" first_primary="" self="" peers_domain="" hosts_file="" sentinel_state=""
min_replicas_to_write="" min_replicas_max_lag="" repl_diskless_sync_delay="" master_user="" master_variable=""
quorum="" down_after="" failover_timeout="" auth_user="" auth_variable=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --user)
      [ "$#" -ge 4 ] || usage "$1 takes a name, its password variables and its rules"
      add_user "$2" "$3" "$4"
      shift 4
      ;;
    --master-user | --auth-user)
      [ "$#" -ge 3 ] || usage "$1 takes a name and its password variable"
      password_variable "$3" "the user $2"
      if [ "$1" = --master-user ]; then master_user="$2" master_variable="$3"; else auth_user="$2" auth_variable="$3"; fi
      shift 3
      ;;
    *)
      [ "$#" -ge 2 ] || usage "$1 takes a value"
      case "$1" in
        --appendfsync) appendfsync="$2" ;;
        --dir) dir="$2" ;;
        --maxmemory) maxmemory="$2" ;;
        --set-name) set_name="$2" ;;
        --peers) peers="$2" ;;
        --sentinels) sentinels="$2" ;;
        --first-primary) first_primary="$2" ;;
        --self) self="$2" ;;
        --peers-domain) peers_domain="$2" ;;
        --hosts-file) hosts_file="$2" ;;
        --sentinel-state) sentinel_state="$2" ;;
        --min-replicas-to-write) min_replicas_to_write="$2" ;;
        --min-replicas-max-lag) min_replicas_max_lag="$2" ;;
        --repl-diskless-sync-delay) repl_diskless_sync_delay="$2" ;;
        --quorum) quorum="$2" ;;
        --down-after-milliseconds) down_after="$2" ;;
        --failover-timeout) failover_timeout="$2" ;;
        *) usage "unknown option $1" ;;
      esac
      shift 2
      ;;
  esac
done

# Each of the role's options must be given: a member started without one would not be the member intended.
required() {
  while [ "$#" -gt 0 ]; do
    [ -n "$1" ] || usage "$role needs $2"
    shift 2
  done
}
case "$role" in
  server)
    required "$appendfsync" --appendfsync "$dir" --dir "$maxmemory" --maxmemory ;;
  data-node)
    required "$appendfsync" --appendfsync "$dir" --dir "$maxmemory" --maxmemory "$set_name" --set-name "$peers" --peers \
      "$sentinels" --sentinels "$first_primary" --first-primary "$min_replicas_to_write" --min-replicas-to-write \
      "$min_replicas_max_lag" --min-replicas-max-lag "$repl_diskless_sync_delay" --repl-diskless-sync-delay \
      "$master_user" --master-user ;;
  sentinel)
    required "$set_name" --set-name "$peers" --peers "$sentinels" --sentinels "$first_primary" --first-primary \
      "$quorum" --quorum "$down_after" --down-after-milliseconds "$failover_timeout" --failover-timeout "$auth_user" --auth-user ;;
  announce)
    required "$self" --self "$hosts_file" --hosts-file ;;
esac

# A pod knows its own name from its hostname and the peers' domain (store-0.store-peers for a set named store); a container is
# told its name. A member announces its name, not its address: a restarted pod keeps its name and not its address.
if [ "$role" != server ] && [ -z "$self" ]; then
  [ -n "$peers_domain" ] || usage "$role needs --self or --peers-domain"
  self="$(hostname).$peers_domain"
fi

# A member of the replicated store run as a local container (a data node or a Sentinel) writes its own address under
# its name into the set's hosts file before it starts. Every member mounts that file as /etc/hosts, so the members
# find each other without the container runtime's DNS. Why: Debian 12's aardvark-dns (Podman's DNS) drops queries
# while it reloads, which it does each time a container joins or leaves the network, such as the primary that just
# died. A Sentinel resolves its peers' names in its event loop: blocked over 2 s on a lookup, it turns to TILT mode and
# fails nothing over for 30 s, and failovers that take a few seconds took over a minute.
#
# A member that dies keeps its line, as a pod's name outlives the pod: a lookup of it answers at once, and a connection
# to the old address fails without blocking anyone. A member that is given an address drops any other line with it.
announce() {
  # The container's first IPv4 address; `hostname -I` lists the interfaces' addresses without any lookup.
  address="$(hostname -I | tr ' ' '\n' | grep -m 1 -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$')" || {
    echo "This container has no IPv4 address to announce as $self." >&2
    exit 1
  }

  # One member writes at a time. The file is rewritten in place at one size, never truncated: a member reading it
  # meanwhile sees the old text or the new, never an empty file, and the bind mounts, which follow the file itself,
  # keep seeing it.
  (
    flock 9
    kept="$(sed 's/[[:space:]]*$//' "$hosts_file" | grep -vE "^${address}[[:space:]]|[[:space:]]${self}\$|^\$" || true)"
    text="$(printf '%s\n%s %s' "$kept" "$address" "$self")"
    printf '%-4095s\n' "$text" | dd of="$hosts_file" conv=notrunc status=none
  ) 9>"$hosts_file.lock"
  echo "$self is at $address in the set's hosts file."
}

# A local container member about to look up a peer by name (the primary it replicates, or the one its Sentinel
# watches) first waits, at most 30 s, until that peer has written its address into the set's hosts file. A name not
# there yet would go to the container runtime's DNS, the very lookup that can block a Sentinel long enough to turn it
# to TILT mode for 30 s, as seen when all the members started at once.
await_address() {
  waited=0
  until sed 's/[[:space:]]*$//' "$hosts_file" | grep -qE "[[:space:]]${1}\$"; do
    if [ "$waited" -ge 150 ]; then
      echo "$1 is not in the set's hosts file after 30 s: it is looked up through the container runtime's DNS."
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Only an answer naming a peer counts, not an address: peers on a cluster share a domain, containers are listed.
is_peer() {
  if [ -n "$peers_domain" ]; then
    case "$1" in *."$peers_domain") return 0 ;; esac
    return 1
  fi
  for listed in $peers; do
    [ "$1" != "$listed" ] || return 0
  done
  return 1
}

# Sets $primary to the name of the set's primary as the newest knowledge has it: each Sentinel that answers names one
# in its configuration epoch, and this pod's own Sentinel state (on its claim) names the last one it knew. The highest
# epoch wins, so a node that was away, or a Sentinel that started afresh, never makes a node with older data the
# primary. With no knowledge at all (the set's first start), the first primary is the primary.
find_primary() {
  primary=""
  epoch=-1
  for peer in $sentinels; do
    answer="$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 2 redis-cli --no-auth-warning -h "$peer" -p 26379 sentinel master "$set_name" 2>/dev/null | tr -d '\r')" || continue
    named="$(printf '%s\n' "$answer" | sed -n '/^ip$/{n;p;}')"
    named_epoch="$(printf '%s\n' "$answer" | sed -n '/^config-epoch$/{n;p;}')"
    if is_peer "$named"; then
      if [ "${named_epoch:-0}" -gt "$epoch" ]; then primary="$named"; epoch="${named_epoch:-0}"; fi
    fi
  done
  own_knowledge
  if [ -z "$primary" ]; then
    primary="$first_primary"
    echo "No Sentinel answers and this node knows no primary: the set starts with $primary as its primary."
  else
    echo "The newest knowledge (epoch $epoch) names $primary as the primary."
  fi
}

# What this pod's Sentinel knew when it last ran, if it keeps its state: newer than every answer, it stands.
own_knowledge() {
  if [ -z "$sentinel_state" ] || [ ! -s "$sentinel_state/sentinel.conf" ]; then return 0; fi
  known="$(sed -n "s/^sentinel monitor $set_name \([^ ]*\) .*/\1/p" "$sentinel_state/sentinel.conf")"
  known_epoch="$(sed -n "s/^sentinel config-epoch $set_name \([0-9]*\)\$/\1/p" "$sentinel_state/sentinel.conf")"
  if [ -n "$known" ] && [ "${known_epoch:-0}" -gt "$epoch" ]; then
    echo "This pod's Sentinel state names $known in epoch ${known_epoch:-0}, newer than any answer (epoch $epoch)."
    primary="$known"
    epoch="${known_epoch:-0}"
  fi
}

# When the knowledge names this node the primary, checks that no other node already serves as one, and follows it if
# one does. The Sentinels name the old primary until a failover ends, while the replica they promote serves as primary
# from the failover's first steps: a primary that died and came back in between (seen when it was started again at
# once) would otherwise start as a second primary, with older data, until a Sentinel turned it into a replica up to
# 10 s later. A node counts as serving when it was promoted (it keeps its old primary's history, second_repl_offset) or
# has a replica: not a node that merely started as primary from its own files, as in a cold start, where the newest
# knowledge, not the first to start, must decide.
follow_a_primary_in_service() {
  [ "$primary" = "$self" ] || return 0
  for peer in $peers; do
    [ "$peer" != "$self" ] || continue
    # The peer's INFO replication, or on to the next peer when it does not answer.
    info="$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 5 redis-cli --no-auth-warning -h "$peer" -p 6379 info replication 2>/dev/null | tr -d '\r')" || continue
    printf '%s\n' "$info" | grep -q '^role:master$' || continue
    if printf '%s\n' "$info" | grep -qE '^connected_slaves:[1-9]|^second_repl_offset:[0-9]'; then
      echo "$peer already serves as the primary: this node follows it."
      primary="$peer"
      break
    fi
  done
}

# redis-server with its secrets as configuration on standard input (the "-" argument), so the password is on no
# process's command line, not even for the moment before Redis renames its process; $@ are a data node's own options,
# $replication its lines for signing in to its primary. Full at --maxmemory, Redis refuses writes rather than evicting
# data (noeviction), and it keeps no RDB snapshots beside the append-only file: one copy on the volume, no fork that
# doubles memory.
exec_redis_server() {
  exec redis-server - --appendonly yes --appendfsync "$appendfsync" --dir "$dir" --save "" --maxmemory "$maxmemory" --maxmemory-policy noeviction "$@" <<EOF
requirepass "$escaped"$replication$users
EOF
}

if [ -n "$hosts_file" ] && [ "$role" != server ]; then announce; fi
[ "$role" != announce ] || exit 0

# The administrator's password as redis.conf reads it between double quotes.
escaped="$(printf '%s' "$REDIS_PASSWORD" | sed 's/[\\"]/\\&/g')"
replication=""

case "$role" in
  server)
    exec_redis_server
    ;;

  # A data node: a replica of the current primary, or the primary itself when it is this node. Every node gets the same
  # replication settings, since Sentinel may promote any of them: it needs a replica in sync to take writes.
  data-node)
    find_primary
    follow_a_primary_in_service
    if [ -n "$hosts_file" ]; then await_address "$primary"; fi
    if [ "$primary" = "$self" ]; then set --; else set -- --replicaof "$primary" 6379; fi
    replication="
masteruser $master_user
masterauth \"$(quoted "$master_variable")\""
    exec_redis_server --min-replicas-to-write "$min_replicas_to_write" --min-replicas-max-lag "$min_replicas_max_lag" \
      --repl-diskless-sync-delay "$repl_diskless_sync_delay" --replica-announce-ip "$self" "$@"
    ;;

  # The Sentinel. Sentinel rewrites its file as it learns the set. With --sentinel-state, the file lives there and what
  # it learned (its id, the epochs, the primary, the peers) carries over to the next start, with the settings written
  # afresh; otherwise it lives in /tmp and starts from what the other Sentinels know.
  sentinel)
    umask 077
    conf="${sentinel_state:-/tmp}/sentinel.conf"
    mkdir -p "$(dirname "$conf")"
    if [ -s "$conf" ]; then
      echo "Starting from this pod's Sentinel state: $(grep '^sentinel monitor ' "$conf" || true)"
      # What the Sentinel learned, without the settings, which come from this start (a changed password included).
      learned="$(grep -vE '^(port|requirepass|user|sentinel (resolve-hostnames|announce-hostnames|announce-ip|sentinel-pass|auth-user|auth-pass|down-after-milliseconds|failover-timeout|parallel-syncs))( |$)' "$conf" || true)"
    else
      find_primary
      if [ -n "$hosts_file" ]; then await_address "$primary"; fi
      learned="sentinel monitor $set_name $primary 6379 $quorum"
    fi
    cat > "$conf.new" <<EOF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip "$self"
requirepass "$escaped"
sentinel sentinel-pass "$escaped"
$learned
sentinel auth-user $set_name $auth_user
sentinel auth-pass $set_name "$(quoted "$auth_variable")"
sentinel down-after-milliseconds $set_name $down_after
sentinel failover-timeout $set_name $failover_timeout
sentinel parallel-syncs $set_name 1$users
EOF
    mv "$conf.new" "$conf"
    exec redis-server "$conf" --sentinel
    ;;
esac
