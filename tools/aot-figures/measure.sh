#!/usr/bin/env bash
# Cheap figures for the Native AOT frontend (not a benchmark): binary size, time from process start to
# the first 200 from /health with the store up, and RSS after a few requests. Starts its own redis-server on a
# free port. Usage: tools/aot-figures/measure.sh [published-folder]; by default it publishes the native build to a
# temporary folder. A JIT publish's folder works too (its apphost has the same name), for comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-}
if [ -z "$out" ]; then
  out=$(mktemp -d)
  dotnet publish QuoteAspire.ApiService -c Release -r linux-x64 -p:PublishAot=true -o "$out" >/dev/null
fi
binary="$out/QuoteAspire.ApiService"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
store_port=$(free_port)
http_port=$(free_port)

redis-server --port "$store_port" --save '' --appendonly no --daemonize no >/dev/null &
store=$!
frontend=
cleanup() { [ -n "$frontend" ] && kill "$frontend" 2>/dev/null; kill "$store" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
# The store answers before the clock starts, so the figure is the frontend's alone.
for _ in $(seq 50); do redis-cli -p "$store_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

start=$(date +%s%N)
env "ConnectionStrings__quote-store=localhost:$store_port" "ASPNETCORE_URLS=http://127.0.0.1:$http_port" \
  "$binary" >/dev/null 2>&1 &
frontend=$!
# Bounded: 30 s for the frontend's first healthy answer.
ready=
for _ in $(seq 3000); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health")" = 200 ]; then
    ready=$(date +%s%N)
    break
  fi
  sleep 0.01
done
[ -n "$ready" ] || { echo "The frontend did not answer /health with 200 within 30 s."; exit 1; }

for i in $(seq 20); do
  curl -s -o /dev/null "http://127.0.0.1:$http_port/quotes" -d "quote=Figure $i"
  curl -s -o /dev/null "http://127.0.0.1:$http_port/quotes"
done
sleep 1

echo "binary: $(stat -c %s "$binary") bytes; published folder: $(du -sb --exclude='*.dbg' --exclude='*.pdb' --exclude='*.xml' "$out" | cut -f1) bytes"
echo "start to first /health 200: $(( (ready - start) / 1000000 )) ms"
echo "RSS after 40 requests: $(ps -o rss= -p "$frontend" | tr -d ' ') KiB"
