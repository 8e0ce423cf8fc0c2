#!/bin/sh
# The data node's preStop: a planned stop of the primary hands it over first, so that a drain, an image bump or a
# password change is a switchover of about a second instead of a failover after down-after-milliseconds.
#   $1  the set's name, as the Sentinels know it
#   $2  the peers' domain: this node is $(hostname).$2
#   $3  how many seconds the handover may take; the pod's grace period leaves time for the shutdown after it
# A replica, or a primary with no replica in sync, stops as it is: the Sentinels deal with it as with any lost node.
set -u
set_name="$1"
self="$(hostname).$2"
seconds="$3"
deadline=$(( $(date +%s) + seconds ))
export REDISCLI_AUTH="$REDIS_PASSWORD"

own() { redis-cli --no-auth-warning -p 6379 "$@"; }
sentinel() { redis-cli --no-auth-warning -p 26379 "$@"; }
replication() { own info replication | tr -d '\r'; }
field() { sed -n "s/^$1://p"; }

info="$(replication)"
[ "$(printf '%s\n' "$info" | field role)" = master ] || exit 0
if ! printf '%s\n' "$info" | grep -q '^slave[0-9]*:.*state=online'; then
  echo "preStop: no replica in sync; stopping without a handover." >&2
  exit 0
fi

# Writes wait (they are not refused) while the primary changes, so the new primary has every acknowledged write and
# no write lands on this node after it. The pause ends at the deadline whatever happens.
own client pause "$(( (seconds + 1) * 1000 ))" write >/dev/null
resume() { own client unpause >/dev/null 2>&1 || true; }
trap resume EXIT

# Every live replica (one that acknowledged within 2 s: a vanished one lingers in the list until its link times out)
# holds every write, so whichever the Sentinels promote loses none.
caught_up() {
  info="$(replication)"
  offset="$(printf '%s\n' "$info" | field master_repl_offset)"
  live="$(printf '%s\n' "$info" | grep -E '^slave[0-9]+:.*state=online,.*,lag=[0-2]$' || true)"
  [ -n "$live" ] && ! printf '%s\n' "$live" | grep -qv "offset=${offset},"
}
catch_up_deadline=$(( $(date +%s) + 3 ))
until caught_up; do
  if [ "$(date +%s)" -ge "$catch_up_deadline" ]; then
    echo "preStop: no live replica caught up with offset $offset; stopping without a handover: $(printf '%s\n' "$info" | grep '^slave' | tr '\n' ' ')" >&2
    exit 0
  fi
  sleep 0.05
done

if ! sentinel sentinel failover "$set_name" | grep -q OK; then
  echo "preStop: the Sentinel refused the failover; stopping without a handover." >&2
  exit 0
fi

# Once the Sentinels name another primary, this node follows it at once, as they would make it do a little later: it
# holds every write, so the new primary has a replica in sync (and takes writes) as soon as it is promoted, and the
# writes held here are refused (READONLY), not taken. Done once the new primary has a replica in sync.
following=""
while :; do
  primary="$(sentinel sentinel get-master-addr-by-name "$set_name" | head -n 1)"
  if [ -n "$primary" ] && [ "$primary" != "$self" ]; then
    if [ "$following" != "$primary" ]; then
      own replicaof "$primary" 6379 >/dev/null
      resume
      following="$primary"
    fi
    if redis-cli --no-auth-warning -h "$primary" -p 6379 info replication | tr -d '\r' | grep -q '^slave[0-9]*:.*state=online'; then
      echo "preStop: handed the primary over to $primary."
      exit 0
    fi
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { echo "preStop: no new primary took over in time; stopping." >&2; exit 0; }
  sleep 0.05
done
