#!/bin/sh
# The data node's readiness: a primary is ready when it answers; a replica only once its link to the primary is up
# and its first sync is done, so a rolling update never stops the next node while this one still lacks the data.
set -u
export REDISCLI_AUTH="$REDIS_PASSWORD"
# PONG, not LOADING: a node still reading its append-only file reports its role already.
redis-cli --no-auth-warning -p 6379 ping | grep -q PONG || exit 1
info="$(redis-cli --no-auth-warning -p 6379 info replication | tr -d '\r')" || exit 1
case "$info" in
  *role:master*) exit 0 ;;
  *role:slave*) printf '%s\n' "$info" | grep -q '^master_link_status:up$' && printf '%s\n' "$info" | grep -q '^master_sync_in_progress:0$' ;;
  *) exit 1 ;;
esac
