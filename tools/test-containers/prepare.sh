#!/usr/bin/env bash
# Prepares what the container tests need on a Debian machine, as root: Podman, a registry program, and
# the images named in images.env, built from Debian's packages (no image registry has to be reachable).
# Safe to run again: an image built by this same recipe is kept, so CI on the same machine does not rebuild.
# These images belong to the tests; users run the official Redis and .NET images.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=images.env
source "$here/images.env"

# Rebuilt whenever this script or a hook changes, and only then.
recipe="$(cat "$0" "$here"/*-rootfs.sh | sha256sum | cut -c1-16)"

need=()
for program in podman:podman runc:runc mmdebstrap:mmdebstrap docker-registry:docker-registry; do
  command -v "${program%%:*}" >/dev/null 2>&1 || need+=("${program##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The Debian mirror this machine already uses, so the images come from the same packages as the host's.
mirror="$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
  awk '$1 == "URIs:" || $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; exit } }')"
[ -n "$mirror" ] || { echo "No Debian mirror found in the apt sources." >&2; exit 1; }

label() { podman image inspect --format "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }
built_by_this_recipe() { [ "$(label "$1" quoteaspire.recipe)" = "$recipe" ]; }

# Builds root filesystem $2 (a tar) with packages $3 and customize hook $4, and imports it as image $1 with
# the remaining arguments as image settings (--change ...).
build_image() {
  local image="$1" packages="$2" hook="$3"
  shift 3
  local work
  work="$(mktemp -d)"
  echo "Building $image from Debian packages: $packages"
  # The hooks are scripts of their own, which mmdebstrap runs with the root filesystem as "$1": not for this shell to expand.
  # shellcheck disable=SC2016
  mmdebstrap --quiet --variant=apt --format=tar --include="$packages" \
    --customize-hook="$hook" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$work/rootfs.tar" "$mirror"
  podman import --quiet --change "LABEL quoteaspire.recipe=$recipe" "$@" "$work/rootfs.tar" "$image" >/dev/null
  rm -rf "$work"
}

if ! built_by_this_recipe "$QUOTEASPIRE_TEST_REDIS_IMAGE"; then
  build_image "$QUOTEASPIRE_TEST_REDIS_IMAGE" redis-server,redis-tools "$here/redis-rootfs.sh \"\$1\"" \
    --change 'WORKDIR /data' --change 'EXPOSE 6379' --change 'CMD ["redis-server"]'
fi

if ! built_by_this_recipe "$QUOTEASPIRE_TEST_REDIS_EXPORTER_IMAGE"; then
  build_image "$QUOTEASPIRE_TEST_REDIS_EXPORTER_IMAGE" prometheus-redis-exporter "$here/redis-exporter-rootfs.sh \"\$1\"" \
    --change 'EXPOSE 9121' --change 'USER 59000:59000' --change 'ENTRYPOINT ["/redis_exporter"]'
fi

# The frontend's base image: the native libraries its Native AOT executable links against, as runtime-deps has.
if ! built_by_this_recipe "$QUOTEASPIRE_TEST_BASE_IMAGE"; then
  build_image "$QUOTEASPIRE_TEST_BASE_IMAGE" libicu72,libssl3,libstdc++6,zlib1g,ca-certificates,tzdata \
    "$here/runtime-deps-rootfs.sh \"\$1\"" \
    --change 'ENV APP_UID=1654' --change 'ENV ASPNETCORE_HTTP_PORTS=8080' --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'WORKDIR /app' --change 'USER 1654'
fi

# Some virtual machines need two Podman settings before any container runs: runc where crun rejects a
# hybrid cgroup layout, and default ulimits within the machine's hard limits. Set only when needed.
if ! podman run --rm --network none "$QUOTEASPIRE_TEST_REDIS_IMAGE" true >/dev/null 2>&1; then
  conf=/etc/containers/containers.conf
  echo "Podman cannot run a container with its defaults here; writing $conf"
  mkdir -p /etc/containers
  cat >"$conf" <<'CONF'
# Written by QuoteAspire's tools/test-containers/prepare.sh: settings this machine needs to run containers.
[containers]
default_ulimits = ["nofile=10240:10240", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
  podman run --rm --network none "$QUOTEASPIRE_TEST_REDIS_IMAGE" true
fi

for image in "$QUOTEASPIRE_TEST_REDIS_IMAGE" "$QUOTEASPIRE_TEST_REDIS_EXPORTER_IMAGE" "$QUOTEASPIRE_TEST_BASE_IMAGE"; do
  echo "Ready: $image ($(podman image inspect --format '{{.Size}}' "$image" | numfmt --to=iec) )"
done
