#!/bin/sh
# A local container member about to look up a peer by name (the primary it replicates, or the one its Sentinel
# watches) first waits, at most 30 s, until that peer has written its address into the set's shared hosts file
# (peer-hosts.sh). A name not there yet would go to the container runtime's DNS, the very lookup that can block a
# Sentinel long enough to turn it to TILT mode for 30 s, as seen when all the members started at once.
#
# Reads PEER (the name to wait for) and PEER_HOSTS (the hosts file).
set -eu
waited=0
until sed 's/[[:space:]]*$//' "$PEER_HOSTS" | grep -qE "[[:space:]]${PEER}\$"; do
  if [ "$waited" -ge 150 ]; then
    echo "$PEER is not in the set's hosts file after 30 s: it is looked up through the container runtime's DNS."
    break
  fi
  sleep 0.2
  waited=$((waited + 1))
done
