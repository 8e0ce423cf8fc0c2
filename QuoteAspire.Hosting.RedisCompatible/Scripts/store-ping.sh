#!/bin/sh
# Asks the store whether it answers PING, with a password from the environment, never on a command line: a store pod's
# probes ask their own server (127.0.0.1:6379), and a client's init container, which waits for the store, asks it at
# $TARGET_HOST:$TARGET_PORT.
#   --alive                  a server still loading its data (LOADING) counts too: started and alive, only not ready yet
#   --user NAME VARIABLE     signs in as the user NAME, its password read from $VARIABLE; otherwise as the
#                            administrator, with $REDIS_PASSWORD
set -u
answers="PONG"
user=""
variable=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --alive)
      answers="^(PONG|LOADING)"
      shift
      ;;
    --user)
      [ "$#" -ge 3 ] || { echo "$0: --user takes a name and its password variable" >&2; exit 2; }
      user="$2"
      variable="$3"
      shift 3
      ;;
    *)
      echo "$0: unknown option $1" >&2
      exit 2
      ;;
  esac
done

if [ -n "$user" ]; then
  # The variable's name is checked, since eval reads it indirectly.
  case "$variable" in
    "" | [!A-Za-z_]* | *[!A-Za-z0-9_]*) echo "$0: '$variable' is no variable name" >&2; exit 2 ;;
  esac
  password=""
  eval "password=\${$variable}"
  REDISCLI_AUTH="$password" redis-cli --no-auth-warning --user "$user" -h "${TARGET_HOST:-127.0.0.1}" -p "${TARGET_PORT:-6379}" ping
else
  REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h "${TARGET_HOST:-127.0.0.1}" -p "${TARGET_PORT:-6379}" ping
fi | grep -qE "$answers"
