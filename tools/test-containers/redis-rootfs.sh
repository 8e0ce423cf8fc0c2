#!/bin/sh
# mmdebstrap customize hook for the Redis stand-in; $1 is the image's root filesystem.
# As in the official image: user and group redis are 999 and own /data, the working directory.
set -eu
sed -i -E 's/^redis:x:[0-9]+:[0-9]+:/redis:x:999:999:/' "$1/etc/passwd"
sed -i -E 's/^redis:x:[0-9]+:/redis:x:999:/' "$1/etc/group"
mkdir -p "$1/data"
chown 999:999 "$1/data"
