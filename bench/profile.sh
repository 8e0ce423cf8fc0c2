#!/usr/bin/env bash
# Shows where the native frontend's CPU time goes while it serves POST /quotes: publishes it Native AOT with its
# symbols kept, runs it on a local redis-server with production settings, samples it with `perf record` under a
# bounded wrk load on 127.0.0.1, and writes two tables (by component, and the ten hottest functions) into
# docs/benchmarks.md under "Where the time goes", as the subsection named by PROFILE_LABEL.
#
#   bench/profile.sh                                        the working tree's sources, labelled "after"
#   PROFILE_REV=<commit> PROFILE_LABEL=before bench/profile.sh   the sources of a commit, for a before/after pair
#   PROFILE_SECONDS=15                                      how long perf samples (default 10; the load runs 2 s longer)
#   PROFILE_REPORT=""                                       print the tables only, write nothing
#   PROFILE_KEEP=1                                          keep the run's folder (perf.data, the build) for a closer look
set -euo pipefail
cd "$(dirname "$0")/.."

label=${PROFILE_LABEL:-after}
rev=${PROFILE_REV:-}
seconds=${PROFILE_SECONDS:-10}
report=${PROFILE_REPORT-docs/benchmarks.md}
connections=50
redis_port=16389
frontend_port=18020
quote="TV is chewing gum for the eyes. ~ Frank Lloyd Wright"
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${PROFILE_KEEP:-}" ]; then echo "Kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need perf || ! need wrk || ! need redis-server; then
  echo "== Installing perf, wrk and redis (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf wrk redis-server redis-tools >/dev/null
fi

echo "== Publishing the frontend Native AOT, symbols kept, from ${rev:-the working tree}"
mkdir -p "$work/src"
if [ -n "$rev" ]; then
  git archive "$rev" | tar -xf - -C "$work/src"
  described="commit $(git rev-parse --short "$rev")"
else
  tar --exclude=./.git --exclude=bin --exclude=obj --exclude=node_modules --exclude=TestResults --exclude=.data -cf - . | tar -xf - -C "$work/src"
  described="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- QuoteAspire.ApiService QuoteAspire.ServiceDefaults || echo ' with uncommitted changes')"
fi
# StripSymbols=false: perf names the functions from the executable's own symbol table.
(cd "$work/src" && dotnet publish QuoteAspire.ApiService/QuoteAspire.ApiService.csproj -c Release -p:StripSymbols=false \
  --disable-build-servers -o "$work/aot" --nologo -v quiet) >"$work/publish.log" 2>&1 || { tail -n 20 "$work/publish.log"; exit 1; }

echo "== Starting redis-server on 127.0.0.1:$redis_port and the frontend on 127.0.0.1:$frontend_port"
redis-server --port $redis_port --bind 127.0.0.1 --requirepass "$password" --save '' --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do REDISCLI_AUTH=$password redis-cli -p $redis_port ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
# The bench's production settings: OpenTelemetry on, the per-client POST limit raised so that wrk, one client, is not refused.
# And the environment the image carries (the csproj's ContainerEnvironmentVariable items), as bench/run.sh gives it.
mapfile -t image_environment < <(bench/image-environment.sh "$work/src/QuoteAspire.ApiService/QuoteAspire.ApiService.csproj")
(cd "$work/aot" && exec env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__quote-store=127.0.0.1:$redis_port,password=$password" \
  RateLimit__PostsPerSecond=1000000 RateLimit__Burst=1000000 "${image_environment[@]}" ./QuoteAspire.ApiService --urls "http://127.0.0.1:$frontend_port") >"$work/frontend.log" 2>&1 &
frontend=$!
pids+=("$frontend")
for _ in $(seq 1 300); do curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$frontend_port/health" && break; sleep 0.05; done
curl -sf -o /dev/null "http://127.0.0.1:$frontend_port/health" || { echo "The frontend did not become healthy:"; tail -n 20 "$work/frontend.log"; exit 1; }

# Where the frontend's resident memory is, from /proc/PID/smaps, in kB: "executable libraries anonymous".
memory_split() {
  awk -v exe="$work/aot/QuoteAspire.ApiService" '
    /^[0-9a-f]+-[0-9a-f]+ / { path = (NF >= 6 ? $6 : "") }
    /^Rss:/ { if (path == exe) e += $2; else if (path ~ /^\//) l += $2; else a += $2 }
    END { print e + 0, l + 0, a + 0 }' "/proc/$frontend/smaps"
}
read -r start_exe start_libs start_anon <<<"$(memory_split)"

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "quote=$(printf '%s' "$quote" | sed 's/ /+/g; s/~/%7E/g')"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

echo "== POST load (wrk, $connections connections), sampled by perf for $seconds s after a 5 s warm-up"
wrk -t2 -c$connections -d5s -s "$work/post.lua" "http://127.0.0.1:$frontend_port/quotes" >/dev/null
wrk -t2 -c$connections -d$((seconds + 2))s --latency -s "$work/post.lua" "http://127.0.0.1:$frontend_port/quotes" >"$work/wrk.txt" &
load=$!
sleep 1
perf record -F 999 -p "$frontend" -o "$work/perf.data" -- sleep "$seconds" 2>"$work/perf-record.log"
wait $load
sleep 1
read -r rest_exe rest_libs rest_anon <<<"$(memory_split)"
rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.txt")
# The frontend's CPU per request: its samples at 999 Hz are its CPU seconds, over the requests served meanwhile.
samples=$(perf report -i "$work/perf.data" -n --sort pid --stdio 2>/dev/null | awk '/^ +[0-9.]+%/ { total += $2 } END { print total + 0 }')
cpu_per_request=$(awk -v s="$samples" -v r="$rps" -v t="$seconds" 'BEGIN { printf "%.0f", s / 999 / (r * t) * 1e6 }')

# Every sample's share by function ("12.34%  [k] name" or "[.] name"), the kernel's marked [k].
perf report -i "$work/perf.data" --no-children --sort sym --stdio --percent-limit 0 2>/dev/null \
  | awk '/^ +[0-9.]+%/ { share = $1; sub(/%/, "", share); kind = $2; $1 = ""; $2 = ""; sub(/^ +/, ""); print share "\t" kind "\t" $0 }' >"$work/functions.tsv"

# The component a native symbol belongs to: Native AOT names managed code by assembly and namespace.
component_of() {
  awk -F'\t' '
    function component(kind, name) {
      if (kind == "[k]") return "Linux kernel (TCP, scheduling, system calls)"
      if (name ~ /^(WKS|SVR)::|gc_heap|GCHeap|RhpGcAlloc|RhpNew|RhpAssignRef|RhpCheckedAssignRef|RhpByRefAssignRef/) return "GC and allocation"
      if (name ~ /^StackExchange_Redis/) return "StackExchange.Redis (the store client)"
      if (name ~ /^Microsoft_AspNetCore_Server_Kestrel|System_Net_Sockets|System_IO_Pipelines/) return "Kestrel, sockets and pipelines"
      if (name ~ /^OpenTelemetry|System_Diagnostics_DiagnosticSource|Activity/) return "OpenTelemetry and activities (traces, metrics)"
      if (name ~ /^Microsoft_AspNetCore/) return "ASP.NET Core (hosting, routing, middleware, binding, results)"
      if (name ~ /^System_Text_Json/) return "System.Text.Json"
      if (name ~ /^QuoteAspire/) return "QuoteAspire.ApiService (the service'"'"'s own code)"
      if (name ~ /^Microsoft_Extensions/) return "Microsoft.Extensions (logging, options, DI)"
      if (name ~ /^(S_P_CoreLib|System_Private_CoreLib)_System_Threading/) return ".NET threading (thread pool, tasks, locks)"
      if (name ~ /^(S_P_CoreLib|System_Private_CoreLib|System_)/) return ".NET base library (strings, collections, other)"
      if (name ~ /^(__|libc|pthread|mem|str)/) return "C library"
      return "other (runtime, unresolved)"
    }
    { share[component($2, $3)] += $1 }
    END { for (c in share) printf "%.1f\t%s\n", share[c], c }' "$work/functions.tsv" | sort -t$'\t' -k1,1 -g -r
}

table() {
  echo "### POST profile: $label"
  echo
  echo "\`bench/profile.sh\` on $(date -u +%Y-%m-%d), $described: the Native AOT frontend with production settings on one redis-server, $connections connections of \`wrk\` POSTing for $((seconds + 2)) s ($rps requests a second under \`perf\`): **$cpu_per_request µs of the frontend's CPU per request**, $(grep -c . "$work/functions.tsv") functions sampled at 999 Hz in the frontend's process only (\`wrk\` and Redis shared the two cores). Self time, so a function's callees count apart."
  echo
  echo "| Component | share of the frontend's CPU |"
  echo "| --- | ---: |"
  component_of | awk -F'\t' '{ printf "| %s | %.1f%% |\n", $2, $1 }'
  echo
  echo "| Resident memory, MB | at start | at rest, 1 s after the load |"
  echo "| --- | ---: | ---: |"
  awk -v a="$start_exe" -v b="$rest_exe" 'BEGIN { printf "| the executable'"'"'s own pages (file-backed and clean: shared by every pod of the image on a node, dropped under pressure) | %.1f | %.1f |\n", a / 1024, b / 1024 }'
  awk -v a="$start_libs" -v b="$rest_libs" 'BEGIN { printf "| shared libraries (libc, libm, ...) | %.1f | %.1f |\n", a / 1024, b / 1024 }'
  awk -v a="$start_anon" -v b="$rest_anon" 'BEGIN { printf "| anonymous: the GC heap, thread stacks, native allocations, the executable'"'"'s data once relocated | %.1f | %.1f |\n", a / 1024, b / 1024 }'
  awk -v a="$((start_exe + start_libs + start_anon))" -v b="$((rest_exe + rest_libs + rest_anon))" 'BEGIN { printf "| **all (RSS)** | **%.1f** | **%.1f** |\n", a / 1024, b / 1024 }'
  echo
  echo "| Hottest functions | self |"
  echo "| --- | ---: |"
  sort -t$'\t' -k1,1 -g -r "$work/functions.tsv" | awk 'NR <= 10' \
    | awk -F'\t' '{ name = $3; if (length(name) > 110) name = substr(name, 1, 110) "…"; gsub(/\|/, "\\|", name); printf "| `%s` %s | %.1f%% |\n", name, ($2 == "[k]" ? "(kernel)" : ""), $1 }'
  echo
}

table >"$work/table.md"
cat "$work/table.md"

# The subsection replaces its namesake under "## Where the time goes", which bench/run.sh carries over when it rewrites
# the file; a new label is added at the section's end.
if [ -n "$report" ]; then
  [ -f "$report" ] || echo "# Benchmarks" >"$report"
  grep -q '^## Where the time goes' "$report" || printf '\n## Where the time goes\n\n' >>"$report"
  awk -v heading="### POST profile: $label" -v table="$work/table.md" '
    function insert() { while ((getline line < table) > 0) print line; close(table); done = 1 }
    $0 == heading { insert(); skipping = 1; next }
    skipping && /^##/ { skipping = 0 }
    skipping { next }
    in_section && /^## / && !done { insert() }
    /^## Where the time goes/ { in_section = 1 }
    { print }
    END { if (!done) insert() }' "$report" >"$work/report.md"
  cp "$work/report.md" "$report"
  echo "Written to $report"
fi
