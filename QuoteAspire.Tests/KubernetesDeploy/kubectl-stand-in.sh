#!/bin/sh
# A recorded stand-in for kubectl, for the deploy step's tests. It appends each call's arguments to calls.log in its
# own folder, changes nothing anywhere, and answers from files there:
#   live/KIND-NAME.json  what `get KIND NAME -o json` prints (nothing when absent: --ignore-not-found)
#   rollout-fails        when present, `rollout status` fails as a rollout that did not finish does
set -eu
here="$(dirname "$0")"
printf '%s\n' "$*" >>"$here/calls.log"
if [ "${1:-}" = "--context" ]; then
  shift 2
fi
if [ "${1:-}" = "-n" ]; then
  shift 2
fi
case "${1:-}" in
  version)
    echo "Server Version: v1.32.0"
    ;;
  get)
    if [ -f "$here/live/$2-$3.json" ]; then
      cat "$here/live/$2-$3.json"
    fi
    ;;
  rollout)
    if [ "$2" = "status" ] && [ -f "$here/rollout-fails" ]; then
      echo "error: timed out waiting for the condition" >&2
      exit 1
    fi
    ;;
esac
