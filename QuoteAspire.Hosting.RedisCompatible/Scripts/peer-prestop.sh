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
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
paused_at="$(now_ms)"
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

# The live replicas, by the names they announce: the Sentinels promote one of them.
replicas="$(printf '%s\n' "$live" | sed -n 's/^slave[0-9]*:ip=\([^,]*\),.*/\1/p')"
role_of() { redis-cli --no-auth-warning -h "$1" -p 6379 role 2>/dev/null | head -n 1; }
promoted() {
  for replica in $replicas; do
    if [ "$(role_of "$replica")" = master ]; then
      echo "$replica"
      return
    fi
  done
  # Whichever node the Sentinels name, should they have promoted another.
  named="$(sentinel sentinel get-master-addr-by-name "$set_name" | head -n 1)"
  [ "$named" = "$self" ] || echo "$named"
}

# The Sentinels on the other pods that name the new primary. This pod's Sentinel, which may be the one leading the
# failover, stops with the pod: until the others know the outcome, a node restarted now would find the old primary.
told() {
  for replica in $replicas; do
    [ "$(redis-cli --no-auth-warning -h "$replica" -p 26379 sentinel get-master-addr-by-name "$set_name" 2>/dev/null | head -n 1)" = "$1" ] || return 1
  done
}

# As soon as a replica is promoted (its own ROLE says so, a second or more before the Sentinels confirm it on their
# next INFO), this node and the other replicas follow it, as the Sentinels would have them do a little later. The
# writes held here are then refused (READONLY), not taken, and the new primary has a replica in sync (and takes
# writes) once this node stops. Done once a replica other than this node is in sync with it and every other
# Sentinel names it.
following=""
while :; do
  primary="$(promoted)"
  if [ -n "$primary" ] && [ "$following" != "$primary" ]; then
    for replica in $replicas; do
      [ "$replica" = "$primary" ] || redis-cli --no-auth-warning -h "$replica" -p 6379 replicaof "$primary" 6379 >/dev/null 2>&1
    done
    own replicaof "$primary" 6379 >/dev/null
    resume
    held_ms=$(( $(now_ms) - paused_at ))
    following="$primary"
  fi
  if [ -n "$following" ]; then
    in_sync="$(redis-cli --no-auth-warning -h "$following" -p 6379 info replication | tr -d '\r' | grep '^slave[0-9]*:.*state=online' || true)"
    others_in_sync="$(printf '%s\n' "$in_sync" | grep -v "ip=${self}," || true)"
    other_replicas="$(printf '%s\n' "$replicas" | grep -vx "$following" || true)"
    # With no other replica to wait for, this node in sync is enough.
    if { [ -n "$others_in_sync" ] || { [ -n "$in_sync" ] && [ -z "$other_replicas" ]; }; } && told "$following"; then
      echo "preStop: handed the primary over to $following; writes held ${held_ms} ms, handover done after $(( $(now_ms) - paused_at )) ms."
      exit 0
    fi
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { echo "preStop: the handover to ${following:-another node} did not finish in time; stopping." >&2; exit 0; }
  sleep 0.05
done
