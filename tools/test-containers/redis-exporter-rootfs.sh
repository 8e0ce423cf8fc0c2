#!/bin/sh
# mmdebstrap customize hook for the Redis exporter stand-in; $1 is the image's root filesystem.
# The exporter where the upstream image has it, its entrypoint, so a published pod's command runs unchanged.
set -eu
ln -s /usr/bin/prometheus-redis-exporter "$1/redis_exporter"
