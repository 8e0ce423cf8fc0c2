#!/usr/bin/env bash
# Draws bench/run.sh's results as SVG charts with gnuplot (Debian's gnuplot-nox), one per question the
# benchmarks answer. run.sh writes the data files and calls this; it can be run again on kept data:
#
#   bench/charts.sh DATA_DIR OUT_DIR
#
# DATA_DIR holds what run.sh measured, whitespace-separated with each target's name in quotes:
#   throughput.dat   target, POST req/s median lowest highest round, page req/s median lowest highest
#   latency.dat      target, POST p50 p99, page p50 p99 (ms, from each target's median round)
#   memory.dat       frontend, idle RSS, peak RSS under load, rise while streaming the whole list (MB)
#   whole.dat        list size, then req/s for each target, in the order of the header line's names
#   replication.dat  case, POST req/s, p50, p99 (replication off, then on)
# A missing file draws no chart. OUT_DIR gets bench-<name>.svg for each chart drawn.
set -euo pipefail

data=${1:?usage: bench/charts.sh DATA_DIR OUT_DIR}
out=${2:?usage: bench/charts.sh DATA_DIR OUT_DIR}
mkdir -p "$out"

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "== Installing gnuplot (Debian package gnuplot-nox)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi

# What every chart shares: an SVG of a fixed size (so a rerun changes only what was measured), clustered bars.
common='set terminal svg size 820,420 dynamic font "sans,12" background "white"
set style data histogram
set style fill solid 0.85 border -1
set key top right
set grid ytics
set yrange [0:*]
set xtics nomirror
set ytics nomirror
set border 3'

draw() {
  local name=$1 script=$2
  gnuplot <<GNUPLOT
$common
set output "$out/bench-$name.svg"
$script
GNUPLOT
  echo "   $out/bench-$name.svg"
}

if [ -f "$data/throughput.dat" ]; then
  draw throughput "set title 'Requests a second: the median round (bars) and the range over the rounds (whiskers)'
set ylabel 'req/s'
set style histogram errorbars gap 2 lw 1
plot '$data/throughput.dat' using 2:3:4:xtic(1) title 'POST /quotes (raw: RPUSH)' lc rgb '#5b4fc7', \
     '' using 5:6:7 title 'GET ?limit=50 (raw: LRANGE)' lc rgb '#2e9e6b'"
fi

if [ -f "$data/latency.dat" ]; then
  draw latency "set title 'Latency at 50 connections, median round'
set ylabel 'ms'
set style histogram clustered gap 2
plot '$data/latency.dat' using 2:xtic(1) title 'POST p50' lc rgb '#a9a3e6', \
     '' using 3 title 'POST p99' lc rgb '#5b4fc7', \
     '' using 4 title 'page p50' lc rgb '#9fd9bf', \
     '' using 5 title 'page p99' lc rgb '#2e9e6b'"
fi

if [ -f "$data/memory.dat" ]; then
  draw memory "set title 'Memory of each frontend'
set ylabel 'MB'
set style histogram clustered gap 2
plot '$data/memory.dat' using 2:xtic(1) title 'idle RSS after warm-up' lc rgb '#a9a3e6', \
     '' using 3 title 'peak RSS under load' lc rgb '#5b4fc7', \
     '' using 4 title 'RSS rise streaming the whole list' lc rgb '#e0a030'"
fi

if [ -f "$data/whole.dat" ]; then
  draw whole-list "set title 'The whole list, streamed: requests a second by the length of the list'
set style data linespoints
set logscale xy
set xrange [*:*]
set offsets graph 0.04, graph 0.04, 0, 0
set yrange [*:*]
set xlabel 'quotes in the list'
set ylabel 'req/s (log)'
set key autotitle columnhead
plot for [column = 2:*] '$data/whole.dat' using 1:column lw 2 pt 7"
fi

if [ -f "$data/replication.dat" ]; then
  draw replication "set title 'POST /quotes with a replica: not waiting for it, and waiting (WAIT) for it'
set ylabel 'req/s'
set y2label 'p99, ms'
set y2range [0:*]
set y2tics
set style histogram clustered gap 1
set boxwidth 0.6
set key top center
plot '$data/replication.dat' using 2:xtic(1) title 'req/s, median round' lc rgb '#5b4fc7', \
     '' using 0:4 axes x1y2 with linespoints lw 2 pt 7 lc rgb '#e0a030' title 'POST p99'"
fi
