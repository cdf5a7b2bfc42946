#!/usr/bin/env bash
# CPU of a running process per thread group over an interval, in % of a core, from /proc (utime + stime):
#   load-tests/thread-cpu.sh PID SECONDS
# Threads are grouped by name with trailing digits dropped (captiond-asr-0 and -1 -> captiond-asr-#), so a
# harness step's server splits into ASR decode threads, VAD batcher, event loops, RTMP decode/remux pools,
# JIT compiler and GC threads. Threads that start during the interval count from 0.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 PID SECONDS" >&2
  exit 2
fi
pid=$1
seconds=$2
hz=$(getconf CLK_TCK)
snapshot() {
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    stat=$(cut -d')' -f2- "$task/stat" 2>/dev/null) || continue
    # After the command's closing parenthesis, fields 12 and 13 are utime and stime (proc(5): 14 and 15).
    read -r -a f <<< "$stat"
    echo "${task##*/}|$name|$(( f[11] + f[12] ))"
  done
}
before=$(mktemp)
trap 'rm -f "$before"' EXIT
snapshot > "$before"
sleep "$seconds"
snapshot | awk -F'|' -v hz="$hz" -v s="$seconds" '
  NR == FNR { was[$1] = $3; next }
  { used = $3 - ($1 in was ? was[$1] : 0); group = $2; sub(/[0-9]+$/, "#", group)
    cpu[group] += used; threads[group]++; total += used }
  END { for (g in cpu) printf "%7.2f%%  %3d threads  %s\n", 100 * cpu[g] / hz / s, threads[g], g
        printf "%7.2f%%  all threads\n", 100 * total / hz / s }' "$before" - | sort -rn
