#!/bin/sh
# The backup job: an RDB copy of the store, taken from a replica in sync (the primary only when none is), written under
# a temporary name and renamed once whole, so a file named *.rdb is always a whole copy; the newest copies are kept.
# A copy that cannot be written fails the job (kubectl get jobs shows it) and leaves nothing behind.
#   $1  the set's name, the copies' prefix
#   $2  the folder the backups claim is mounted on
#   $3  how many copies to keep
#   $4… each node's host
set -eu
set_name="$1"
folder="$2"
keep="$3"
shift 3
# As the store's backup user ($REDIS_USER), which may read the replication state and take a copy, and nothing more.
export REDISCLI_AUTH="$REDIS_PASSWORD"

source=""
primary=""
for peer in "$@"; do
  info="$(timeout 5 redis-cli --no-auth-warning --user "$REDIS_USER" -h "$peer" -p 6379 info replication 2>/dev/null | tr -d '\r')" || continue
  case "$info" in
    *role:slave*master_link_status:up*) source="$peer"; break ;;
    *role:master*) primary="$peer" ;;
  esac
done
if [ -z "$source" ]; then source="$primary"; fi
if [ -z "$source" ]; then echo "No node of $set_name answers: no backup taken." >&2; exit 1; fi

copies() { find "$folder" -maxdepth 1 -name "$set_name-*.rdb" | sort; }
free_bytes() { df -Pk "$folder" | awk 'NR == 2 { print $4 * 1024 }'; }

# What a run that was killed mid-copy left is of no use.
find "$folder" -maxdepth 1 -name "$set_name-*.rdb.partial" -exec rm -f -- {} +

# Room for the next copy, taken as large as the newest and a tenth more: the oldest copies go first if there is not,
# the newest always stays.
newest="$(copies | tail -n 1)"
need=0
if [ -n "$newest" ]; then need=$(( $(wc -c < "$newest") * 11 / 10 )); fi
while [ "$(copies | wc -l)" -gt 1 ] && [ "$(free_bytes)" -lt "$need" ]; do
  oldest="$(copies | head -n 1)"
  rm -f -- "$oldest"
  echo "Removed $oldest to make room for the next copy."
done

file="$folder/$set_name-$(date -u +%Y%m%dT%H%M%SZ).rdb"
trap 'rm -f -- "$file.partial"' EXIT
if ! redis-cli --no-auth-warning --user "$REDIS_USER" -h "$source" -p 6379 --rdb "$file.partial"; then
  rm -f -- "$file.partial"
  echo "The backup of $set_name from $source failed: nothing of it was kept. The backups claim has $(free_bytes) bytes free, with $(copies | wc -l) earlier copies on it; if it is full, free space on it or publish it larger (the backups' volume size setting)." >&2
  exit 1
fi
mv "$file.partial" "$file"
echo "Backed up $set_name from $source to $file ($(wc -c < "$file") bytes)."

copies | head -n -"$keep" | while read -r old; do
  rm -f -- "$old"
  echo "Removed $old"
done
