#!/bin/sh
# The Sentinel's readiness: it answers, and it knows every other data node as a replica and every other Sentinel. A
# Sentinel that leads a failover while it does not know a replica yet promotes another node and leaves that replica
# following the dead primary: the promoted node then takes no write, since it needs a replica in sync, until another
# Sentinel fixes the replica's configuration after the failover timeout (30 s without writes, seen when a primary died
# seconds after the set started). A Sentinel keeps what it learned on the pod's claim, so a restarted pod's is ready at
# once; a new one is within the 10 s Sentinel takes to read the primary's replicas. A replica that is down stays known.
#
# Arguments: the set's name, and the number of data nodes (each with a Sentinel beside it).
set -u
set_name="$1"
nodes="$2"
export REDISCLI_AUTH="$REDIS_PASSWORD"
master="$(redis-cli --no-auth-warning -p 26379 sentinel master "$set_name" 2>/dev/null | tr -d '\r')" || exit 1
replicas="$(printf '%s\n' "$master" | sed -n '/^num-slaves$/{n;p;}')"
sentinels="$(printf '%s\n' "$master" | sed -n '/^num-other-sentinels$/{n;p;}')"
[ "${replicas:-0}" -ge $((nodes - 1)) ] && [ "${sentinels:-0}" -ge $((nodes - 1)) ]
