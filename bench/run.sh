#!/usr/bin/env bash
# Measures, side by side in one run on this machine, the quote frontend published Native AOT, the same
# frontend on the JIT, a plain minimal API over StackExchange.Redis (bench/PlainQuoteApi, the peer) and raw
# Redis, all on one store, and writes the table to docs/benchmarks.md. Every load goes to 127.0.0.1 and is
# bounded in time or request count.
#
#   bench/run.sh                 full run (about 15 minutes, the AOT publish included)
#   BENCH_SMOKE=1 bench/run.sh   a second per step, no AOT publish, to check the script works (CI runs this)
#   BENCH_AOT=1|0                include or skip the AOT publish (default: included, except in a smoke run)
#
# Last, replication's cost: a replica joins the store, and POST is measured with the first frontend measured
# as above (AOT when built) and with the same frontend acknowledging each quote once the replica holds it
# (WriteAcknowledgement__Replicas=1, as the replicated store runs it).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=${BENCH_SMOKE:-0}
duration=${BENCH_DURATION:-$([ "$smoke" = 1 ] && echo 1 || echo 10)}
warmup=$([ "$smoke" = 1 ] && echo 1 || echo 5)
rounds=${BENCH_ROUNDS:-$([ "$smoke" = 1 ] && echo 1 || echo 5)}
report=${BENCH_REPORT-$([ "$smoke" = 1 ] && echo "" || echo docs/benchmarks.md)}
# The charts (bench/charts.sh) go beside the report, in its images folder; a smoke run draws them in its own folder,
# to show they still draw, and keeps nothing.
charts=${BENCH_CHARTS-$([ -n "$report" ] && echo "$(dirname "$report")/images" || echo "")}
# Extra NAME=VALUE settings, separated by spaces, for the JIT frontend alone: BENCH_JIT_ENVIRONMENT=DOTNET_TieredPGO=0
# measures the JIT without its dynamic profile-guided optimization, the one optimization Native AOT has no counterpart of
# here (its static profiles come from a trace of the app that dotnet-pgo turns into a .mibc file, and no dotnet-pgo is served).
read -r -a jit_environment <<<"${BENCH_JIT_ENVIRONMENT:-}"
# The AOT publish compiles for minutes on two cores, too long for CI's smoke run.
build_aot=${BENCH_AOT:-$([ "$smoke" = 1 ] && echo 0 || echo 1)}

# The frontend's publish as its image build runs it (Native AOT is the project's default), in one place; the
# script adds only the output folder (-o). The JIT column opts out with -p:PublishAot=false.
aot_publish="dotnet publish QuoteAspire.ApiService/QuoteAspire.ApiService.csproj -c Release"

connections=50
page_limit=50
page_store_size=10000
# The whole list, streamed in chunks: its sizes, and fewer connections, since each answer is large.
whole_sizes=${BENCH_SIZES:-$([ "$smoke" = 1 ] && echo "1000 2000" || echo "1000 10000 100000")}
whole_connections=10
redis_port=16379
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
# Everything is built from a copy of the sources in the run's own folder (build outputs and local data left out): the run
# neither uses nor disturbs the working tree's bin/, obj/ or .data/, so it may run beside `dotnet test` (CI runs its
# smoke so), and measures the sources as they are, uncommitted changes included.
src="$work/src"
# And no build servers: a compiler server this run started would serve the tests' build too, at this run's priority.
quote="TV is chewing gum for the eyes. ~ Frank Lloyd Wright"
load_average=$(cut -d' ' -f1 /proc/loadavg)

# The three HTTP frontends, in the table's order; raw Redis is the fourth column.
frontends=(aot jit plain)
declare -A title=([aot]="AOT frontend" [jit]="JIT frontend" [plain]="Plain peer" [raw]="Raw Redis" [acked]="frontend acknowledged by a replica")
declare -A port=([aot]=18001 [jit]=18000 [plain]=18002 [acked]=18003)
replica_port=16380
declare -A pid=() size_mb=() start_ms=() idle_mb=() peak_mb=()
declare -A whole_rps=() whole_rise_mb=()   # keyed "<target>:<size>", and by frontend
declare -A absent=() why=()   # a frontend not measured: "not built" or "did not start", and the reason
measured=()   # the frontends built and started, then raw
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need redis-server || ! need redis-benchmark; then
  echo "== Installing wrk and redis (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server redis-tools >/dev/null
fi

rcli() { REDISCLI_AUTH=$password redis-cli -h 127.0.0.1 -p $redis_port "$@"; }

# Fills the list with N copies of the article's quote, pipelined.
seed() {
  rcli DEL quotes >/dev/null
  awk -v n="$1" -v q="$quote" 'BEGIN { for (i = 0; i < n; i += 1000) { printf "RPUSH quotes"; for (j = i; j < i + 1000 && j < n; j++) printf " \"%s #%d\"", q, j; printf "\n" } }' \
    | rcli >/dev/null
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
now_ns() { date +%s%N; }

# ---- Building -------------------------------------------------------------------------------------------

build_jit() {
  dotnet publish "$src/QuoteAspire.ApiService" -c Release -p:PublishAot=false --disable-build-servers -o "$work/jit" --nologo -v quiet >/dev/null
  size_mb[jit]=$(mb "$(du -sb "$work/jit" | cut -f1)")
}

build_plain() {
  dotnet publish "$src/bench/PlainQuoteApi" -c Release --disable-build-servers -o "$work/plain" --nologo -v quiet >/dev/null
  size_mb[plain]=$(mb "$(du -sb "$work/plain" | cut -f1)")
}

# A failed AOT publish is a result, not an error: the column says "not built" and why.
build_aot() {
  if [ "$build_aot" != 1 ]; then
    absent[aot]="not built"; why[aot]="this run skipped the AOT publish (a smoke run does; BENCH_AOT=1 includes it)"
    return
  fi
  if (cd "$src" && $aot_publish --disable-build-servers -o "$work/aot" --nologo) >"$work/aot-publish.log" 2>&1 && [ -x "$work/aot/QuoteAspire.ApiService" ]; then
    size_mb[aot]=$(mb "$(stat -c %s "$work/aot/QuoteAspire.ApiService")")
  else
    absent[aot]="not built"; why[aot]="\`$aot_publish\` failed: $(first_error "$work/aot-publish.log")"
  fi
}

# The first error in a build or run log ($2: what an error line looks like), without this machine's paths.
first_error() {
  local line
  line=$(grep -m1 -E "${2:-: error [A-Z]+[0-9]+}" "$1" || tail -n 1 "$1")
  sed -e "s|$src/||g" -e "s|$PWD/||g" -e 's/ *\[[^]]*\]$//' -e 's/^ *//' <<<"$line" \
    | awk '{ if (length($0) > 300) print substr($0, 1, 300) "…"; else print }'
}

# ---- Starting ---------------------------------------------------------------------------------------------

start_redis() {
  redis-server --port $redis_port --bind 127.0.0.1 --requirepass "$password" --save '' --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do rcli ping 2>/dev/null | grep -q PONG && return; sleep 0.1; done
  echo "redis-server did not start:"; cat "$work/redis.log"; exit 1
}

# Production settings for the frontend: ServiceDefaults with OpenTelemetry instrumentation on, started from
# its own folder, as in a container, so its appsettings.json (log levels) applies. The per-client POST limit
# (10 a second by default) is raised, not removed: wrk is one client, and the limit's cost is measured too.
# (env, because a variable name with '-' cannot be assigned by the shell itself.) Called in the background:
# the cd and the exec are the background process's own, so its pid is the frontend's.
launch() {
  local name=$1 url="http://127.0.0.1:${port[$1]}"
  local store="ConnectionStrings__quote-store=127.0.0.1:$redis_port,password=$password"
  local limits=(RateLimit__PostsPerSecond=1000000 RateLimit__Burst=1000000 "${image_environment[@]}")
  cd "$work/$name"
  case $name in
    aot) exec env ASPNETCORE_ENVIRONMENT=Production "$store" "${limits[@]}" ./QuoteAspire.ApiService --urls "$url" ;;
    jit) exec env ASPNETCORE_ENVIRONMENT=Production "$store" "${limits[@]}" "${jit_environment[@]}" dotnet QuoteAspire.ApiService.dll --urls "$url" ;;
    plain) exec env ASPNETCORE_ENVIRONMENT=Production "$store" dotnet PlainQuoteApi.dll --urls "$url" ;;
    # The replication step's frontend: the same build as $acked_base, waiting for one replica on every write.
    acked)
      cd "$work/$acked_base"
      if [ "$acked_base" = aot ]; then set -- ./QuoteAspire.ApiService; else set -- dotnet QuoteAspire.ApiService.dll; fi
      exec env ASPNETCORE_ENVIRONMENT=Production "$store" "${limits[@]}" WriteAcknowledgement__Replicas=1 "$@" --urls "$url" ;;
  esac
}

# The environment the frontend's image carries (its csproj's ContainerEnvironmentVariable items, such as the GC's
# first generation), given to both frontends as the image would give it.
mapfile -t image_environment < <(bench/image-environment.sh)

# Starts a frontend with the store already up and times it from the process start to the first 200 from
# /health, polling every 10 ms (for 30 s at most).
start_frontend() {
  local name=$1 started
  started=$(now_ns)
  launch "$name" >"$work/$name.log" 2>&1 &
  pid[$name]=$!
  pids+=("${pid[$name]}")
  for _ in $(seq 1 3000); do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${port[$name]}/health"; then
      start_ms[$name]=$(( ($(now_ns) - started) / 1000000 ))
      return 0
    fi
    kill -0 "${pid[$name]}" 2>/dev/null || break
    sleep 0.01
  done
  echo "The ${title[$name]} did not become healthy:"; tail -n 20 "$work/$name.log"
  return 1
}

# ---- Measuring --------------------------------------------------------------------------------------------

# wrk's Requests/sec, p50 and p99 in ms: "rps p50 p99".
wrk_run() {
  local out rps p50 p99
  out=$(wrk -t2 -c"$1" -d"${duration}s" --latency "${@:2}")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)
  echo "$rps $p50 $p99"
}
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }'; }

# redis-benchmark's rps, p50 and p99 for one command: "rps p50 p99".
redis_run() {
  local requests
  requests=$(awk -v d="$duration" 'BEGIN { printf "%d", 100000 * d }')   # about the step's duration at 100,000/s
  redis-benchmark -h 127.0.0.1 -p $redis_port -a "$password" -c $connections -n "$requests" --csv "$@" 2>/dev/null \
    | awk -F'","' 'NR == 2 { gsub(/"/, "", $2); gsub(/"/, "", $5); gsub(/"/, "", $7); printf "%s %.2f %.2f\n", $2, $5, $7 }'
}

post_load() {
  if [ "$1" = raw ]; then redis_run RPUSH quotes "$quote"
  else wrk_run $connections -s "$work/post.lua" "http://127.0.0.1:${port[$1]}/quotes"; fi
}
page_load() {
  if [ "$1" = raw ]; then redis_run LRANGE quotes 0 $((page_limit - 1))
  else wrk_run $connections "http://127.0.0.1:${port[$1]}/quotes?limit=$page_limit"; fi
}

write_post_script() {
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "quote=$(printf '%s' "$quote" | sed 's/ /+/g; s/~/%7E/g')"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
}

# POSTs, then pages, until tiered compilation has settled (the AOT frontend has nothing to settle, and gets
# the same), and then its RSS at rest.
warm_up() {
  local url="http://127.0.0.1:${port[$1]}/quotes"
  wrk -t2 -c"$connections" -d"${warmup}s" -s "$work/post.lua" "$url" >/dev/null
  seed 1000
  wrk -t2 -c"$connections" -d"${warmup}s" "$url?limit=$page_limit" >/dev/null
  sleep 1
  idle_mb[$1]=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/${pid[$1]}/status")
}

# VmRSS of each frontend every 50 ms while the load runs; the highest, in kB, goes to $work/peak.<name>.
# Reads /proc with shell builtins only, so the sampler costs the measured processes next to nothing.
sample_peaks() {
  local name key value highest
  declare -A max=()
  while :; do
    for name in "$@"; do
      while read -r key value _; do
        if [ "$key" = VmRSS: ]; then
          highest=${max[$name]:-0}
          if [ "$value" -gt "$highest" ]; then max[$name]=$value; echo "$value" >"$work/peak.$name"; fi
          break
        fi
      done <"/proc/${pid[$name]}/status" || true
    done
    sleep 0.05
  done
}

# Runs one step ($1: post or page) on every target in turn, $rounds times, each round's "rps p50 p99" going
# to $work/<step>.<target>, one line a round. Taking turns keeps a noisy moment on a shared machine from
# deciding a comparison; the report takes the median round.
rounds_of() {
  local step=$1 name
  for round in $(seq 1 "$rounds"); do
    for name in "${measured[@]}"; do
      if [ "$step" = post ]; then rcli DEL quotes >/dev/null; fi
      "${step}_load" "$name" >>"$work/$step.$name"
    done
    echo "   round $round of $rounds done"
  done
}

# The AppHost's time from start to every resource healthy, in seconds.
apphost_start() {
  local apphost_port=18010 started healthy="" apphost
  started=$(now_ns)
  dotnet run --project "$src/QuoteAspire.AppHost" -c Release --no-build -- QuoteStore:Host=redis-server QuoteFrontend:Port=$apphost_port \
    Parameters:quote-store-password="$password" >"$work/apphost.log" 2>&1 &
  apphost=$!
  pids+=("$apphost")
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$apphost_port/health"; then healthy=$(now_ns); break; fi
    sleep 0.1
  done
  kill -TERM "$apphost" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$apphost" 2>/dev/null || break; sleep 0.1; done
  if [ -n "$healthy" ]; then awk -v a="$started" -v b="$healthy" 'BEGIN { printf "%.1f s", (b - a) / 1e9 }'; else echo "not healthy in 120 s"; fi
}

# GET /quotes for the whole list at each size (raw: LRANGE 0 -1), and how far each frontend's RSS rose above
# its idle figure meanwhile: a frontend that streams stays flat however long the list is.
whole_lists() {
  local size name sampler
  sample_peaks "${frontends_measured[@]}" &
  sampler=$!
  pids+=("$sampler")
  for size in $whole_sizes; do
    seed "$size"
    for name in "${frontends_measured[@]}"; do
      whole_rps[$name:$size]=$(wrk_run $whole_connections "http://127.0.0.1:${port[$name]}/quotes" | awk '{ printf "%.0f", $1 }')
    done
    # About the step's duration at 2,000,000 quotes a second, whatever the list's size.
    whole_rps[raw:$size]=$(redis-benchmark -h 127.0.0.1 -p $redis_port -a "$password" -c $whole_connections \
      -n $((2000000 * duration / size + 1)) --csv LRANGE quotes 0 -1 2>/dev/null | awk -F'","' 'NR == 2 { gsub(/"/, "", $2); printf "%.0f", $2 }')
    echo "   whole list of $size quotes done"
  done
  kill $sampler 2>/dev/null || true
  for name in "${frontends_measured[@]}"; do
    whole_rise_mb[$name]=$(awk -v p="$(cat "$work/peak.$name")" -v i="${idle_mb[$name]}" 'BEGIN { printf "%.1f", p / 1024 - i }')
  done
}

# A replica of the store, in sync before it returns.
start_replica() {
  # A replica saves the snapshot it syncs from to its folder: the run's own, never the working directory.
  mkdir -p "$work/replica"
  redis-server --port $replica_port --bind 127.0.0.1 --requirepass "$password" --masterauth "$password" \
    --replicaof 127.0.0.1 $redis_port --save '' --appendonly no --dir "$work/replica" --daemonize no >"$work/replica.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    REDISCLI_AUTH=$password redis-cli -h 127.0.0.1 -p $replica_port info replication 2>/dev/null | grep -q 'master_link_status:up' && return
    sleep 0.1
  done
  echo "The replica did not come in sync:"; cat "$work/replica.log"; exit 1
}

# POST with the replica in place: $acked_base as measured above (the replica streams, no one waits for it) and
# the same build waiting for it (WAIT), taking turns, into $work/replicated.<name>.
replication_rounds() {
  local name
  for round in $(seq 1 "$rounds"); do
    for name in "$acked_base" acked; do
      rcli DEL quotes >/dev/null
      post_load "$name" >>"$work/replicated.$name"
    done
    echo "   round $round of $rounds done"
  done
}

# ---- Reporting --------------------------------------------------------------------------------------------

# The median round of a step on a target: "rps p50 p99".
median_round() { sort -g -k1 "$work/$1.$2" | awk -v n="$rounds" 'NR == int((n + 1) / 2)'; }
# The ratio of two targets' throughput in a step, round by round: "median lowest highest".
ratios() {
  paste -d' ' "$work/$1.$2" "$work/$1.$3" | awk '{ print $1 / $4 }' | sort -g \
    | awk '{ v[NR] = $1 } END { printf "%s %s %s\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
percent() { awk -v r="$1" 'BEGIN { printf "%.0f%%", 100 * r }'; }
# "36% (32–43%)": the median ratio with the range over the rounds (no range for a single round).
ratio_cell() {
  local median low high
  read -r median low high <<<"$(ratios "$@")"
  if [ "$rounds" -gt 1 ]; then echo "$(percent "$median") ($(percent "$low")–$(percent "$high"))"; else percent "$median"; fi
}
is_measured() { [[ " ${measured[*]} " == *" $1 "* ]]; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**missed**"; fi; }

# One table row: the measurement's name, then a cell for each target from a function of the target's name.
row() {
  local label=$1 cell=$2 line name
  line="| $label |"
  for name in "${frontends[@]}" raw; do line+=" $(cell_of "$cell" "$name") |"; done
  echo "$line"
}
# A frontend not measured says why in each cell, except for its size when it was built.
cell_of() {
  if [ -z "${absent[$2]:-}" ] || { [ "$1" = size_cell ] && [ -n "${size_mb[$2]:-}" ]; }; then "$1" "$2"; else echo "${absent[$2]}"; fi
}
post_rps() { median_round post "$1" | awk '{ printf "%.0f", $1 }'; }
post_latency() { median_round post "$1" | awk '{ print $2 " / " $3 }'; }
post_vs_raw() { if [ "$1" = raw ]; then echo "—"; else ratio_cell post "$1" raw; fi; }
page_rps() { median_round page "$1" | awk '{ printf "%.0f", $1 }'; }
page_latency() { median_round page "$1" | awk '{ print $2 " / " $3 }'; }
page_vs_raw() { if [ "$1" = raw ]; then echo "—"; else ratio_cell page "$1" raw; fi; }
start_cell() { echo "${start_ms[$1]:-—}"; }
idle_cell() { echo "${idle_mb[$1]:-—}"; }
peak_cell() { echo "${peak_mb[$1]:-—}"; }
size_cell() { echo "${size_mb[$1]:-—}"; }
whole_cell() { echo "${whole_rps[$1:$whole_size]:-—}"; }
rise_cell() { echo "${whole_rise_mb[$1]:-—}"; }

# A target's result for a frontend: "<value> <unit> (met)", or why it has no value.
target() {
  local name=$1 value=$2 unit=$3 condition=$4
  if [ -z "$value" ]; then echo "not measured (${absent[$name]})"; else echo "$value $unit ($(verdict "$value $condition"))"; fi
}
against_peer() {
  local step=$1 name=$2 median
  is_measured "$name" || { echo "not measured (${absent[$name]})"; return; }
  median=$(ratios "$step" "$name" plain | cut -d' ' -f1)
  echo "$(ratio_cell "$step" "$name" plain) of the peer ($(verdict "$median >= 1"))"
}
against_raw() {
  local step=$1 name=$2 median
  is_measured "$name" || { echo "not measured (${absent[$name]})"; return; }
  median=$(ratios "$step" "$name" raw | cut -d' ' -f1)
  echo "$(ratio_cell "$step" "$name" raw) ($(verdict "$median >= 0.5"))"
}
post_p99() { if [ -f "$work/post.$1" ]; then median_round post "$1" | awk '{ print $3 }'; fi; }
# A frontend's POST p99 against the peer's, both from their median rounds: "9.1 ms, 1.05× the peer's 8.7 ms (met)".
p99_against_peer() {
  local name=$1 ours peers
  if ! is_measured "$name" || ! is_measured plain; then echo "not measured"; return; fi
  ours=$(post_p99 "$name"); peers=$(post_p99 plain)
  echo "$ours ms, $(awk -v a="$ours" -v b="$peers" 'BEGIN { printf "%.2f", a / b }')× the peer's $peers ms ($(verdict "$ours <= 1.2 * $peers"))"
}
# The native frontend's throughput in a step against the JIT one's, round by round.
native_against_jit() {
  local step=$1 median
  if ! is_measured aot || ! is_measured jit; then echo "not measured"; return; fi
  median=$(ratios "$step" aot jit | cut -d' ' -f1)
  echo "$(ratio_cell "$step" aot jit) of the JIT frontend ($(verdict "$median >= 1"))"
}

# A chart drawn by bench/charts.sh, linked from the report's folder; nothing when the run keeps no charts.
chart() {
  if [ -n "$report" ] && [ -n "$charts" ]; then
    echo "![$2]($(realpath -m --relative-to="$(dirname "$report")" "$charts")/bench-$1.svg)"
    echo
  fi
}

write_report() {
  echo "# Benchmarks"
  echo
  echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release), .NET $(dotnet --version), Redis $(redis-server --version | awk '{ print $3 }' | tr -d 'v='), wrk and redis-benchmark on the same cores as the frontends and Redis; load average $load_average when the run began."
  echo "All targets used one redis-server. Each step ran ${duration} s at $connections connections; the targets took turns, $rounds round(s) of each step, and the table shows each target's median round, with the range of the ratios over the rounds. Compare the ratios, not the absolute figures, across machines and runs (they vary by about 25% here)."
  if [ "$smoke" = 1 ]; then echo "This was a smoke run: steps too short for the JIT to settle, so the figures say nothing about speed."; fi
  echo
  echo "| Measurement | ${title[aot]} | ${title[jit]} | ${title[plain]} | ${title[raw]} |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  row "POST /quotes (raw: RPUSH) req/s" post_rps
  row "POST p50 / p99 ms" post_latency
  row "POST / raw RPUSH" post_vs_raw
  row "GET ?limit=$page_limit on $page_store_size quotes (raw: LRANGE 0 $((page_limit - 1))) req/s" page_rps
  row "page p50 / p99 ms" page_latency
  row "page / raw LRANGE" page_vs_raw
  row "start to first 200 from /health, ms" start_cell
  row "idle RSS after warm-up, MB" idle_cell
  row "peak RSS under load, MB" peak_cell
  row "size, MB (AOT: the executable; JIT: the publish folder)" size_cell
  for whole_size in $whole_sizes; do
    row "GET /quotes, the whole list of $whole_size (raw: LRANGE 0 -1) req/s, $whole_connections connections" whole_cell
  done
  row "RSS rise above idle while streaming the whole lists, MB" rise_cell
  echo
  chart throughput "Requests a second, POST and page, per target"
  chart latency "POST and page latency, p50 and p99, per target"
  chart memory "Idle and peak RSS, and the rise while streaming, per frontend"
  chart whole-list "The whole list streamed: requests a second by its length"
  for name in "${frontends[@]}"; do
    if [ -n "${absent[$name]:-}" ]; then echo "${title[$name]}, ${absent[$name]}: ${why[$name]}"; echo; fi
  done
  echo "The frontends run the published app with production settings (OpenTelemetry on, and the environment their image carries: ${image_environment[*]:-none}) and the per-client POST limit raised to a million a second; the plain peer (\`bench/PlainQuoteApi\`) has the same routes with no telemetry, limits or validation. AppHost start (\`dotnet run\`, Release, redis-server store) to every resource healthy: $apphost_time.${jit_environment[*]:+ The JIT frontend alone also had: ${jit_environment[*]}.}"
  echo
  echo "| Target | ${title[aot]} | ${title[jit]} |"
  echo "| --- | --- | --- |"
  echo "| Idle RSS ≤ 40 MB | $(target aot "${idle_mb[aot]:-}" MB "<= 40") | — |"
  echo "| Start to healthy ≤ 150 ms | $(target aot "${start_ms[aot]:-}" ms "<= 150") | — |"
  echo "| Binary ≤ 40 MB | $(target aot "${size_mb[aot]:-}" MB "<= 40") | — |"
  echo "| POST at least as fast as the plain peer | $(against_peer post aot) | $(against_peer post jit) |"
  echo "| Page at least as fast as the plain peer | $(against_peer page aot) | $(against_peer page jit) |"
  echo "| POST p99 at most 1.2× the plain peer's | $(p99_against_peer aot) | $(p99_against_peer jit) |"
  echo "| POST at least as fast as the JIT frontend | $(native_against_jit post) | — |"
  echo "| Page at least as fast as the JIT frontend | $(native_against_jit page) | — |"
  echo "| POST p99 under 5 ms at $connections connections | $(target aot "$(post_p99 aot)" ms "< 5") | $(target jit "$(post_p99 jit)" ms "< 5") |"
  echo "| POST at least 50% of raw RPUSH | $(against_raw post aot) | $(against_raw post jit) |"
  echo "| Page at least 50% of raw LRANGE | $(against_raw page aot) | $(against_raw page jit) |"
  echo "| The whole list of $(echo "$whole_sizes" | awk '{ print $NF }') streamed within 64 MB above idle | $(target aot "${whole_rise_mb[aot]:-}" MB "<= 64") | $(target jit "${whole_rise_mb[jit]:-}" MB "<= 64") |"
  echo
  echo "## Replication's cost"
  echo
  echo "POST /quotes on the ${title[$acked_base]} with a replica of the store in place, taking turns as above: as measured above, where the replica takes each write as it comes (asynchronously), and acknowledging each quote only once the replica holds it (\`WriteAcknowledgement__Replicas=1\`, Redis's \`WAIT\` in rounds that the posts in flight share), as the replicated store (\`QuoteStore:HighAvailability\`) runs it."
  echo
  echo "| Measurement | replication off (no wait) | replication on (WAIT for 1 replica) |"
  echo "| --- | ---: | ---: |"
  echo "| POST /quotes req/s | $(median_round replicated "$acked_base" | awk '{ printf "%.0f", $1 }') | $(median_round replicated acked | awk '{ printf "%.0f", $1 }') |"
  echo "| POST p50 / p99 ms | $(median_round replicated "$acked_base" | awk '{ print $2 " / " $3 }') | $(median_round replicated acked | awk '{ print $2 " / " $3 }') |"
  echo "| on / off | — | $(ratio_cell replicated acked "$acked_base") |"
  echo
  chart replication "POST with a replica, not waiting and waiting for it"
  echo "Where the time and the memory go for the missed targets, from profiles, and what was changed for them: [Where the time goes](#where-the-time-goes) below, and [native-aot.md](native-aot.md)."
  # bench/profile.sh owns the profiles' section: carried over as it is.
  if [ -n "$report" ] && [ -f "$report" ] && grep -q '^## Where the time goes' "$report"; then
    echo
    awk '/^## Where the time goes/ { keep = 1 } keep' "$report"
  fi
}

# The charts' data, from the same median rounds and figures the tables read, one file per chart (see bench/charts.sh).
write_chart_data() {
  local dir=$1 name size line
  mkdir -p "$dir"
  # A step's req/s on a target: the median round's, then the lowest and the highest round's.
  spread() { echo "$(median_round "$1" "$2" | awk '{ print $1 }') $(sort -g -k1 "$work/$1.$2" | awk 'NR == 1 { low = $1 } { high = $1 } END { print low, high }')"; }
  for name in "${measured[@]}"; do
    echo "\"${title[$name]}\" $(spread post "$name") $(spread page "$name")"
  done >"$dir/throughput.dat"
  for name in "${measured[@]}"; do
    echo "\"${title[$name]}\" $(median_round post "$name" | awk '{ print $2, $3 }') $(median_round page "$name" | awk '{ print $2, $3 }')"
  done >"$dir/latency.dat"
  for name in "${frontends_measured[@]}"; do
    echo "\"${title[$name]}\" ${idle_mb[$name]} ${peak_mb[$name]} ${whole_rise_mb[$name]}"
  done >"$dir/memory.dat"
  {
    line="size"
    for name in "${measured[@]}"; do line+=" \"${title[$name]}\""; done
    echo "$line"
    for size in $whole_sizes; do
      line="$size"
      for name in "${measured[@]}"; do line+=" ${whole_rps[$name:$size]}"; done
      echo "$line"
    done
  } >"$dir/whole.dat"
  {
    echo "\"replication off\" $(median_round replicated "$acked_base")"
    echo "\"replication on (WAIT)\" $(median_round replicated acked)"
  } >"$dir/replication.dat"
}

# ---- The run ----------------------------------------------------------------------------------------------

echo "== Building, from a copy of the sources: the JIT frontend and the plain peer (Release), the AppHost, the AOT frontend"
mkdir -p "$src"
tar --exclude=./.git --exclude=bin --exclude=obj --exclude=node_modules --exclude=TestResults --exclude=.data -cf - . | tar -xf - -C "$src"
build_jit
build_plain
dotnet build "$src/QuoteAspire.AppHost" -c Release --disable-build-servers --nologo -v quiet >/dev/null
build_aot
echo "   AOT frontend: ${absent[aot]:-built, ${size_mb[aot]:-} MB}${why[aot]:+ (${why[aot]})}"

echo "== Starting redis-server on 127.0.0.1:$redis_port, then each frontend (start to healthy)"
start_redis
write_post_script
for name in "${frontends[@]}"; do
  [ -z "${absent[$name]:-}" ] || continue
  if start_frontend "$name"; then
    measured+=("$name")
    echo "   ${title[$name]} on 127.0.0.1:${port[$name]}: healthy after ${start_ms[$name]} ms"
  elif [ "$name" = aot ]; then
    absent[aot]="did not start"; why[aot]="built, but did not answer 200 on /health: $(first_error "$work/aot.log" 'Unhandled exception')"
  else
    exit 1
  fi
done

echo "== Warming up each frontend, then its idle RSS"
for name in "${measured[@]}"; do warm_up "$name"; echo "   ${title[$name]}: ${idle_mb[$name]} MB"; done
frontends_measured=("${measured[@]}")
measured+=(raw)

sample_peaks "${frontends_measured[@]}" &
sampler=$!
pids+=("$sampler")

echo "== POST /quotes against RPUSH ($connections connections, $rounds round(s) of ${duration}s per target)"
rounds_of post
echo "== GET /quotes?limit=$page_limit on $page_store_size quotes against LRANGE 0 $((page_limit - 1))"
seed $page_store_size
rounds_of page

kill $sampler 2>/dev/null || true
for name in "${frontends_measured[@]}"; do peak_mb[$name]=$(awk '{ printf "%.1f", $1 / 1024 }' "$work/peak.$name"); done

echo "== GET /quotes, the whole list, at $whole_sizes quotes against LRANGE 0 -1 ($whole_connections connections)"
whole_lists

echo "== Replication's cost: POST with a replica, without and with waiting for it"
acked_base=${frontends_measured[0]}
start_replica
if ! start_frontend acked; then exit 1; fi
wrk -t2 -c"$connections" -d"${warmup}s" -s "$work/post.lua" "http://127.0.0.1:${port[acked]}/quotes" >/dev/null
replication_rounds

echo "== AppHost: start to all resources healthy"
apphost_time=$(apphost_start)

echo "== Charts (bench/charts.sh)"
write_chart_data "$work/charts"
bench/charts.sh "$work/charts" "${charts:-$work/images}"

write_report >"$work/report.md"
cat "$work/report.md"
if [ -n "$report" ]; then
  mkdir -p "$(dirname "$report")"
  cp "$work/report.md" "$report"
  echo "Written to $report"
fi
