#!/bin/sh
# A member of the replicated store run as a local container (a data node or a Sentinel) writes its own address under
# its name into the set's hosts file before it starts. Every member mounts that file as /etc/hosts, so the members
# find each other without the container runtime's DNS. Why: Debian 12's aardvark-dns (Podman's DNS) drops queries
# while it reloads, which it does each time a container joins or leaves the network, such as the primary that just
# died. A Sentinel resolves its peers' names in its event loop: blocked over 2 s on a lookup, it turns to TILT mode and
# fails nothing over for 30 s, and failovers that take a few seconds took over a minute.
#
# A member that dies keeps its line, as a pod's name outlives the pod: a lookup of it answers at once, and a connection
# to the old address fails without blocking anyone. A member that is given an address drops any other line with it.
#
# Reads PEER_NAME (this member's name on the network) and PEER_HOSTS (the hosts file, in a folder shared by the set).
set -eu

# The container's first IPv4 address; `hostname -I` lists the interfaces' addresses without any lookup.
address="$(hostname -I | tr ' ' '\n' | grep -m 1 -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$')" || {
  echo "This container has no IPv4 address to announce as $PEER_NAME." >&2
  exit 1
}

# One member writes at a time. The file is rewritten in place at one size, never truncated: a member reading it
# meanwhile sees the old text or the new, never an empty file, and the bind mounts, which follow the file itself,
# keep seeing it.
(
  flock 9
  kept="$(sed 's/[[:space:]]*$//' "$PEER_HOSTS" | grep -vE "^${address}[[:space:]]|[[:space:]]${PEER_NAME}\$|^\$" || true)"
  text="$(printf '%s\n%s %s' "$kept" "$address" "$PEER_NAME")"
  printf '%-4095s\n' "$text" | dd of="$PEER_HOSTS" conv=notrunc status=none
) 9>"$PEER_HOSTS.lock"
echo "$PEER_NAME is at $address in the set's hosts file."
