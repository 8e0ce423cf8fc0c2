#!/usr/bin/env bash
# Measures the quote frontend against raw Redis on the same data, on this machine, and writes the
# table to docs/benchmarks.md. Every load goes to 127.0.0.1 and is bounded in time.
#
#   bench/run.sh            full run (about 6 minutes)
#   BENCH_SMOKE=1 bench/run.sh   a few seconds per step, to check the script works (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=${BENCH_SMOKE:-0}
duration=${BENCH_DURATION:-$([ "$smoke" = 1 ] && echo 1 || echo 10)}
rounds=${BENCH_ROUNDS:-$([ "$smoke" = 1 ] && echo 1 || echo 5)}
sizes=${BENCH_SIZES:-$([ "$smoke" = 1 ] && echo "1000 2000" || echo "1000 10000 100000")}
report=${BENCH_REPORT-$([ "$smoke" = 1 ] && echo "" || echo docs/benchmarks.md)}
connections=50
redis_port=16379
api_port=18000
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
quote="TV is chewing gum for the eyes. ~ Frank Lloyd Wright"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
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

# wrk's Requests/sec, p50 and p99 in ms: "rps p50 p99".
wrk_run() {
  local out
  out=$(wrk -t2 -c"$1" -d"${duration}s" --latency "${@:2}")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)
  echo "$rps $p50 $p99"
}
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }'; }

# redis-benchmark's rps, p50 and p99 for one command: "rps p50 p99".
redis_run() {
  local clients=$1 requests=$2; shift 2
  redis-benchmark -h 127.0.0.1 -p $redis_port -a "$password" -c "$clients" -n "$requests" --csv "$@" 2>/dev/null \
    | awk -F'","' 'NR == 2 { gsub(/"/, "", $2); gsub(/"/, "", $5); gsub(/"/, "", $7); printf "%s %.2f %.2f\n", $2, $5, $7 }'
}
# Enough requests for about the bench duration at the given rate.
requests_for() { awk -v rate="$1" -v d="$duration" 'BEGIN { printf "%d", rate * d }'; }

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# Runs a command while sampling the API's RSS every 50 ms; the peak in MB goes to $work/peak.
with_peak_rss() {
  local pid=$1; shift
  local samples="$work/rss"
  : >"$samples"
  (while kill -0 "$pid" 2>/dev/null; do rss_mb "$pid" >>"$samples"; echo >>"$samples"; sleep 0.05; done) &
  local sampler=$!
  "$@"
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  sort -n "$samples" | tail -n 1 >"$work/peak"
}

echo "== Building (Release)"
dotnet publish QuoteAspire.ApiService -c Release -o "$work/api" --nologo -v quiet >/dev/null
dotnet build QuoteAspire.AppHost -c Release --nologo -v quiet >/dev/null

echo "== Starting redis-server on 127.0.0.1:$redis_port and the API on 127.0.0.1:$api_port"
redis-server --port $redis_port --bind 127.0.0.1 --requirepass "$password" --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do rcli ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

# Production settings: the published app with ServiceDefaults, OpenTelemetry instrumentation on.
# (env, because a variable name with '-' cannot be assigned by the shell itself)
# Started from its own folder, as in a container, so its appsettings.json (log levels) applies.
# The per-client POST limit (10 a second by default) is raised, not removed: wrk is one client.
(cd "$work/api" && exec env ASPNETCORE_ENVIRONMENT=Production \
  "ConnectionStrings__quote-store=127.0.0.1:$redis_port,password=$password" \
  RateLimit__PostsPerSecond=1000000 RateLimit__Burst=1000000 \
  dotnet QuoteAspire.ApiService.dll --urls "http://127.0.0.1:$api_port") >"$work/api.log" 2>&1 &
api=$!
pids+=($api)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$api_port/health" >/dev/null || { echo "The API did not become healthy:"; cat "$work/api.log"; exit 1; }

cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.body = "quote=$(printf '%s' "$quote" | sed 's/ /+/g; s/~/%7E/g')"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
EOF

rows=()
row() { rows+=("$1|$2|$3|$4|$5|$6|$7|$8"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }

echo "== Warming up (until tiered compilation has settled)"
warmup=$([ "$smoke" = 1 ] && echo 1 || echo 5)
wrk -t2 -c$connections -d${warmup}s -s "$work/post.lua" "http://127.0.0.1:$api_port/quotes" >/dev/null
seed 1000
wrk -t2 -c$connections -d${warmup}s "http://127.0.0.1:$api_port/quotes?limit=50" >/dev/null
wrk -t2 -c10 -d${warmup}s "http://127.0.0.1:$api_port/quotes" >/dev/null
idle=$(rss_mb $api)

# Measures the API ($1) and raw Redis ($2) alternately, $rounds times, and prints the round with the
# median ratio: "api_rps api_p50 api_p99 raw_rps raw_p50 raw_p99 ratio lowest_ratio highest_ratio".
# Alternating and taking the median keeps a noisy moment on a shared machine from deciding the result.
paired() {
  local lines=""
  for _ in $(seq 1 "$rounds"); do
    local api raw
    api=$("$1"); raw=$("$2")
    lines+="$api $raw $(awk -v a="${api%% *}" -v b="${raw%% *}" 'BEGIN { print a / b }')"$'\n'
  done
  local sorted
  sorted=$(printf '%s' "$lines" | sort -g -k7)
  local median
  median=$(awk -v n="$rounds" 'NR == int((n + 1) / 2)' <<<"$sorted")
  echo "$median $(head -n 1 <<<"$sorted" | awk '{ print $7 }') $(tail -n 1 <<<"$sorted" | awk '{ print $7 }')"
}
range() { awk -v lo="$1" -v hi="$2" 'BEGIN { printf "%.0f–%.0f%%", 100 * lo, 100 * hi }'; }

post_api() { wrk_run $connections -s "$work/post.lua" "http://127.0.0.1:$api_port/quotes"; }
post_raw() { redis_run $connections "$(requests_for 100000)" RPUSH quotes "$quote"; }
page_api() { wrk_run $connections "http://127.0.0.1:$api_port/quotes?limit=50"; }
page_raw() { redis_run $connections "$(requests_for 100000)" LRANGE quotes 0 49; }

echo "== POST /quotes against RPUSH ($connections connections, $rounds rounds of ${duration}s each)"
rcli DEL quotes >/dev/null
read -r api_rps api_p50 api_p99 raw_rps raw_p50 raw_p99 post_ratio low high <<<"$(paired post_api post_raw)"
row "POST /quotes vs RPUSH" "$api_rps" "$raw_rps" "$(ratio "$api_rps" "$raw_rps") ($(range "$low" "$high"))" "$api_p50 / $api_p99" "$raw_p50 / $raw_p99" "" ""
post_p99=$api_p99

echo "== GET /quotes?limit=50 on 10,000 quotes against LRANGE 0 49 ($rounds rounds)"
seed 10000
read -r api_rps api_p50 api_p99 raw_rps raw_p50 raw_p99 page_ratio low high <<<"$(paired page_api page_raw)"
row "GET ?limit=50 vs LRANGE 0 49 (10,000)" "$api_rps" "$raw_rps" "$(ratio "$api_rps" "$raw_rps") ($(range "$low" "$high"))" "$api_p50 / $api_p99" "$raw_p50 / $raw_p99" "" ""

whole_connections=10
peak=0
for size in $sizes; do
  echo "== GET /quotes (whole list) at $size quotes against LRANGE 0 -1 ($whole_connections connections)"
  seed "$size"
  with_peak_rss $api wrk_run $whole_connections "http://127.0.0.1:$api_port/quotes" >"$work/whole"
  peak=$(cat "$work/peak")
  read -r api_rps api_p50 api_p99 <"$work/whole"
  read -r raw_rps raw_p50 raw_p99 <<<"$(redis_run $whole_connections "$(requests_for $((2000000 / size + 1)))" LRANGE quotes 0 -1)"
  row "GET /quotes vs LRANGE 0 -1 ($size)" "$api_rps" "$raw_rps" "$(ratio "$api_rps" "$raw_rps")" "$api_p50 / $api_p99" "$raw_p50 / $raw_p99" "$peak" "$(awk -v p="$peak" -v i="$idle" 'BEGIN { printf "%+.1f", p - i }')"
done
largest_growth=$(awk -v p="$peak" -v i="$idle" 'BEGIN { printf "%.1f", p - i }')

echo "== AppHost: start to all resources healthy"
start=$(date +%s.%N)
dotnet run --project QuoteAspire.AppHost -c Release --no-build -- QuoteStore:Host=redis-server QuoteFrontend:Port=$((api_port + 1)) \
  Parameters:quote-store-password="$password" >"$work/apphost.log" 2>&1 &
apphost=$!
pids+=($apphost)
healthy=""
for _ in $(seq 1 1200); do
  if curl -sf "http://127.0.0.1:$((api_port + 1))/health" >/dev/null 2>&1; then healthy=$(date +%s.%N); break; fi
  sleep 0.1
done
kill -TERM $apphost 2>/dev/null || true
for _ in $(seq 1 300); do kill -0 $apphost 2>/dev/null || break; sleep 0.1; done
apphost_seconds=$([ -n "$healthy" ] && awk -v a="$start" -v b="$healthy" 'BEGIN { printf "%.1f", b - a }' || echo "not healthy in 120 s")

verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), Redis $(redis-server --version | awk '{ print $3 }' | tr -d 'v='), wrk and redis-benchmark on the same cores as the API and Redis."
  echo "Each step ran ${duration} s; POST and the page ran $rounds rounds alternating with raw Redis, and the table shows the median round with the range of ratios. Compare the ratios, not the absolute figures, across machines and runs (they vary by about 25% here)."
  if [ "$smoke" = 1 ]; then echo "This was a smoke run: steps too short for the JIT to settle, so the figures say nothing about speed."; fi
  echo
  echo "| Measurement | API req/s | Redis req/s | API / Redis | API p50 / p99 ms | Redis p50 / p99 ms | API peak RSS MB | above idle MB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
  echo
  echo "API idle RSS after warm-up: ${idle} MB. AppHost start (\`dotnet run\`, Release, redis-server store) to every resource healthy: ${apphost_seconds} s."
  echo
  echo "| Target | Result |"
  echo "| --- | --- |"
  echo "| POST at least 50% of raw RPUSH | $(ratio "$post_ratio" 1) ($(verdict "$post_ratio >= 0.5")) |"
  echo "| 50-quote page at least 50% of raw LRANGE | $(ratio "$page_ratio" 1) ($(verdict "$page_ratio >= 0.5")) |"
  echo "| Whole largest list streamed within 64 MB above idle | ${largest_growth} MB ($(verdict "$largest_growth <= 64")) |"
  echo "| POST p99 under 5 ms at $connections connections | ${post_p99} ms ($(verdict "$post_p99 < 5")) |"
} >"$work/report.md"

cat "$work/report.md"
if [ -n "$report" ]; then
  mkdir -p "$(dirname "$report")"
  cp "$work/report.md" "$report"
  echo "Written to $report"
fi
