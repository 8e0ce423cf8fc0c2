#!/bin/sh
# The restore job: a list and its records (the keys of the given patterns) from a backup (the newest on the claim, or
# the file $BACKUP_FILE names) replace those on the primary, as the app's local restore does; the replicas follow the
# primary. A redis-server of the job's own reads the file on loopback, writing nothing. The list goes over in batches
# of $batch, into a key of its own that then takes the list's name at once, so no command holds the primary for long
# (a failover would start after down-after-milliseconds) and readers see the old list or the whole new one; each
# record, a small key, goes with MIGRATE. Other keys are left as they are. It signs in to the primary as the store's
# restore user ($REDIS_USER), which may touch the list's and the records' keys only.
#   $1  the set's name, the copies' prefix
#   $2  the folder the backups claim is mounted on
#   $3  the list's key
#   $4  the patterns of the records' keys, separated by spaces
#   $5… each node's host
set -eu
set_name="$1"
folder="$2"
list="$3"
patterns="$4"
shift 4
# Byte lengths for the protocol below.
export LC_ALL=C
batch=1000
port=6390

file="${BACKUP_FILE:-}"
if [ -z "$file" ]; then file="$(find "$folder" -maxdepth 1 -name "$set_name-*.rdb" | sort | tail -n 1)"; fi
case "$file" in "" | /*) ;; *) file="$folder/$file" ;; esac
if [ -z "$file" ] || [ ! -f "$file" ]; then echo "No backup ${BACKUP_FILE:-of $set_name} in $folder: nothing restored." >&2; exit 1; fi

primary=""
for peer in "$@"; do
  info="$(REDISCLI_AUTH="$REDIS_PASSWORD" timeout 5 redis-cli --no-auth-warning --user "$REDIS_USER" -h "$peer" -p 6379 info replication 2>/dev/null | tr -d '\r')" || continue
  case "$info" in *role:master*) primary="$peer"; break ;; esac
done
if [ -z "$primary" ]; then echo "No node of $set_name is a primary: nothing restored." >&2; exit 1; fi

redis-server --port "$port" --bind 127.0.0.1 --dir "$(dirname "$file")" --dbfilename "$(basename "$file")" --save "" --appendonly no --logfile /tmp/restore-server.log &
backup=$!
trap 'kill "$backup" 2>/dev/null || true' EXIT
tries=0
until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; do
  if ! kill -0 "$backup" 2>/dev/null; then
    status=0
    wait "$backup" || status=$?
    cat /tmp/restore-server.log >&2
    if [ "$status" -eq 137 ]; then
      echo "The job's redis-server was killed (SIGKILL, most likely for memory) while it read $file: nothing restored. The job needs memory for the whole copy; it has the store's memory bound." >&2
    else
      echo "redis-server could not read $file (it exited $status): nothing restored." >&2
    fi
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 1500 ]; then echo "$file did not load within 5 minutes: nothing restored." >&2; exit 1; fi
  sleep 0.2
done

# Commands as the protocol spells them, so that any key, and the password, pass whole through redis-cli --pipe.
resp() { printf '*%d\r\n' "$#"; for part in "$@"; do printf '$%d\r\n%s\r\n' "${#part}" "$part"; done; }
piped() {
  out="$("$@" --pipe 2>&1)" || true
  case "$out" in *"errors: 0,"*) echo "$out" | sed -n 's/.*errors: 0, replies: \([0-9]*\).*/\1/p' ;; *) echo "$out" >&2; return 1 ;; esac
}
on_primary() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning --user "$REDIS_USER" -h "$primary" -p 6379 "$@"; }
on_backup() { redis-cli -p "$port" "$@"; }

incoming="$list:restoring"
batch_key="$list:restoring-batch"
# What an earlier run that failed halfway left.
on_primary unlink "$incoming" "$batch_key" >/dev/null

# The records: those on the primary go, the backup's come over, time to live and all.
set -f
removed="$(for pattern in $patterns; do on_primary --scan --pattern "$pattern" | while IFS= read -r key; do resp UNLINK "$key"; done; done | piped on_primary)"
records="$(for pattern in $patterns; do on_backup --scan --pattern "$pattern" | while IFS= read -r key; do resp MIGRATE "$primary" 6379 "$key" 0 10000 COPY REPLACE AUTH2 "$REDIS_USER" "$REDIS_PASSWORD"; done; done | piped on_backup)"
set +f

# The list, a batch at a time: taken off the front of the backup's list into a key of their own, moved to the
# primary, and appended there; the backup's server shrinks as the primary's copy grows.
take='local items = redis.call("LPOP", KEYS[1], ARGV[1]) if not items then return 0 end redis.call("RPUSH", KEYS[2], unpack(items)) return #items'
append='local items = redis.call("LRANGE", KEYS[1], 0, -1) if #items > 0 then redis.call("RPUSH", KEYS[2], unpack(items)) end redis.call("DEL", KEYS[1]) return #items'
moved=0
while :; do
  taken="$(on_backup eval "$take" 2 "$list" "$batch_key" "$batch")"
  [ "$taken" -gt 0 ] || break
  resp MIGRATE "$primary" 6379 "$batch_key" 0 10000 AUTH2 "$REDIS_USER" "$REDIS_PASSWORD" | piped on_backup >/dev/null
  on_primary eval "$append" 2 "$batch_key" "$incoming" >/dev/null
  moved=$((moved + taken))
done

# The new list takes the old one's place in one step; the old one is freed in the background.
had="$(on_primary exists "$list")"
if [ "$moved" -gt 0 ]; then
  printf 'MULTI\nUNLINK %s\nRENAME %s %s\nEXEC\n' "$list" "$incoming" "$list" | on_primary >/dev/null
else
  on_primary unlink "$list" >/dev/null
fi

count="$(on_primary llen "$list")"
# The count, then the list's key: a key that is a plural noun reads as one ("10 items").
echo "Restored $set_name on $primary from $file: $count $list and $records records, in place of $((removed + had)) keys."
