#!/usr/bin/env bash
# Draws a failover's timeline, as the fault test that killed the primary under load wrote it (see
# PostingLoad.WriteTimelineAsync): the posts acknowledged and failed in each tenth of a second around the kill, and
# the test's own events (the kill, the dashboard naming a new primary, the clients stopping).
#
#   tools/draw-failover-timeline.sh TIMELINE.tsv OUT.svg
set -euo pipefail

timeline=${1:?usage: tools/draw-failover-timeline.sh TIMELINE.tsv OUT.svg}
out=${2:?usage: tools/draw-failover-timeline.sh TIMELINE.tsv OUT.svg}
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot is missing: apt-get install gnuplot-nox" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Per tenth of a second: acknowledged posts and failed ones, from a second before the kill to the clients' stop.
awk -F'\t' '
  /^#/ { next }
  $2 == "ack" || $2 == "fail" {
    tenth = int($1 * 10); if ($1 * 10 < tenth) tenth--
    bin = sprintf("%.1f", tenth / 10)
    if ($2 == "ack") ack[bin]++; else fail[bin]++
    seen[bin] = 1
  }
  END { for (bin in seen) printf "%s %d %d\n", bin, ack[bin], fail[bin] }
' "$timeline" | sort -g >"$work/bins.dat"
awk -F'\t' '$2 == "event" { printf "%s \"%s\"\n", $1, $3 }' "$timeline" >"$work/events.dat"
[ -s "$work/bins.dat" ] || { echo "$timeline holds no posts." >&2; exit 1; }

# The window: a second before the kill to the last post, events inside it marked with a dashed line and their name.
first=$(awk 'NR == 1 { print ($1 > -1 ? $1 : -1) }' "$work/bins.dat")
last=$(awk 'END { print $1 + 0.2 }' "$work/bins.dat")
# Labels above the plot, each on a line of its own, so that events a moment apart do not overwrite each other.
marks=$(awk -v from="$first" -v to="$last" '
  $1 >= from && $1 <= to {
    label = $0; sub(/^[^ ]+ /, "", label)
    row += 1
    printf "set arrow from %s, graph 0 to %s, graph 1 + %.2f nohead dashtype 2 lc rgb \"#444444\"\n", $1, $1, 0.07 * row
    printf "set label %s at %s, graph 1 + %.2f right offset -0.4,0 font \",10\"\n", label, $1, 0.07 * row
  }' "$work/events.dat")
rows=$(awk -v from="$first" -v to="$last" '$1 >= from && $1 <= to { n++ } END { print n + 0 }' "$work/events.dat")

gnuplot <<GNUPLOT
set terminal svg size 900,420 dynamic font "sans,12" background "white"
set output "$out"
set xlabel "seconds since the primary was killed"
set ylabel "posts per 100 ms"
set xrange [$first:$last]
set yrange [*:*]
set grid ytics
set border 3
set xtics nomirror
set ytics nomirror
# The middle of the plot is empty above zero (no post is acknowledged while the store fails over): the key goes there.
set key at graph 0.5, graph 0.95 center top
set tmargin $((1 + 2 * rows))
set style fill solid 0.8 noborder
set boxwidth 0.09
$marks
plot "$work/bins.dat" using (\$1 + 0.05):2 with boxes lc rgb "#2e9e6b" title "acknowledged (201)", \
     "" using (\$1 + 0.05):(-\$3) with boxes lc rgb "#c0392b" title "failed (503 or no answer), drawn below zero"
GNUPLOT
echo "$out"
