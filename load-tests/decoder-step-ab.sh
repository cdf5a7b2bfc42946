#!/usr/bin/env bash
# One decoder step of two builds of captiond side by side: BEFORE (another checkout, e.g. a git worktree
# of an older commit, built with `mvn test-compile`) against this checkout, on the same synthetic model
# and variants. Each pair runs asr/whisper/DecoderStepBench (Whisper's rules + argmax, the engine's own
# DecoderBatch path) once with BEFORE's classes and once with these, one after the other, so a noisy
# machine hurts both alike; the table gives the medians over the pairs of each run's median per token.
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -o test-compile)
#   BEFORE=/tmp/before load-tests/decoder-step-ab.sh
#   BEFORE=/tmp/before THREADS=2 PAIRS=6 VARIANTS="_q8s _q8 -" load-tests/decoder-step-ab.sh
#
# MODEL (default target/synthetic-whisper/tiny/model, as load-tests/whisper-bench.sh makes it with its
# variants), VARIANTS ("-" is float32), THREADS, PAIRS, ROUNDS and STEPS (per run) may be set; MVN_FLAGS
# (e.g. -o) goes to the two Maven calls. The report goes to standard output, progress to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${BEFORE:?set BEFORE to the checkout to compare with (built with mvn test-compile)}
MODEL=${MODEL:-target/synthetic-whisper/tiny/model}
VARIANTS=${VARIANTS:-"_q8s -"}
THREADS=${THREADS:-"1 2"}
PAIRS=${PAIRS:-4}
ROUNDS=${ROUNDS:-7}
STEPS=${STEPS:-100}

[ -d "$BEFORE/target/test-classes" ] || { echo "$BEFORE is not built: run mvn test-compile there" >&2; exit 2; }
[ -f "$MODEL/config.json" ] || { echo "no model in $MODEL: run load-tests/whisper-bench.sh once" >&2; exit 2; }
mvn -q -B -ntp ${MVN_FLAGS:-} test-compile >&2
mvn -q -B -ntp ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
DEPS=$(cat target/bench.cp)
MODEL=$(cd "$MODEL" && pwd)
models=()
for v in $VARIANTS; do
  if [ "$v" = - ]; then models+=("$MODEL"); else models+=("$MODEL:$v"); fi
done

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for t in $THREADS; do
  for pair in $(seq "$PAIRS"); do
    for side in before after; do
      dir=$BEFORE
      [ "$side" = after ] && dir=$PWD
      echo "threads $t, pair $pair, $side (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      # rows "| MODEL[:VARIANT] | CPU ms | wall ms | Java ms |" -> "THREADS SIDE VARIANT CPU WALL"
      java -cp "$dir/target/test-classes:$dir/target/classes:$DEPS" io.captiond.asr.whisper.DecoderStepBench \
          "$t" "$ROUNDS" "$STEPS" "${models[@]}" 2>/dev/null \
        | awk -F'|' -v t="$t" -v side="$side" -v model="$MODEL" '
            index($2, model) { v = $2; sub(/^ */, "", v); sub(/ *$/, "", v); sub(model, "", v); sub(/^:/, "", v);
                               if (v == "") v = "float32"; printf "%s %s %s %s %s\n", t, side, v, $3 + 0, $4 + 0 }' \
        | tee -a "$raw" >&2
    done
  done
done

echo "# Decoder step, $BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo '?')) vs this checkout ($(git rev-parse --short HEAD))"
echo
echo "- $(date -u '+%F %H:%M') UTC; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) logical CPUs"
echo "- load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- model $MODEL; $PAIRS pairs of runs, each run $ROUNDS rounds of a prompt and $STEPS steps (Whisper's rules + argmax)"
echo
echo "| threads | variant | before: wall ms a token | after | after / before | before: CPU ms (calling thread) | after |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
sort -k1,1n -k3,3 -k2,2 -s "$raw" | awk '
  function median(list,   n, a, i, j, x) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { key = $1 " " $3; wall[key, $2] = wall[key, $2] " " $5; cpu[key, $2] = cpu[key, $2] " " $4
    if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
  END { for (i = 1; i <= k; i++) { split(order[i], p, " ")
          wb = median(wall[order[i], "before"]); wa = median(wall[order[i], "after"])
          printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", p[1], p[2], wb, wa, wa / wb,
              median(cpu[order[i], "before"]), median(cpu[order[i], "after"]) } }'
echo
echo "Each run's medians, in the order they ran (threads, side, variant, CPU ms, wall ms):"
echo
echo '```'
cat "$raw"
echo '```'
