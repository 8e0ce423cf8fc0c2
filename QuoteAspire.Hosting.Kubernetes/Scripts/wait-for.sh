#!/bin/sh
# An init container's wait for a resource its workload waits for (WaitFor, as a cluster understands it): runs the check
# every 2 s until it succeeds. The pod's containers start only once it has.
#   $@  the check: a program and its arguments, such as nc -z HOST PORT; it runs with the resource's TARGET_HOST and
#       TARGET_PORT in its environment, which the message names too
set -u
if [ "$#" -eq 0 ]; then
  echo "$0: no check to wait for" >&2
  exit 2
fi
until "$@"; do
  echo "waiting for $TARGET_HOST:$TARGET_PORT"
  sleep 2
done
