#!/usr/bin/env bash
# Prints the environment the frontend's image carries, one NAME=VALUE a line: the ContainerEnvironmentVariable items of
# the csproj given as $1 (default: the repository's). bench/run.sh and bench/profile.sh run the frontends with it, as
# a pod of the image would.
set -euo pipefail
csproj=${1:-"$(dirname "$0")/../QuoteAspire.ApiService/QuoteAspire.ApiService.csproj"}
sed -n 's/.*<ContainerEnvironmentVariable Include="\([^"]*\)" Value="\([^"]*\)".*/\1=\2/p' "$csproj"
