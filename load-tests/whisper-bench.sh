#!/usr/bin/env bash
# Whisper speed on this machine: captiond's ONNX Runtime path (Java) against the PyTorch reference
# implementation on the same weights (the synthetic models of models/synthetic/, tiny and base
# dimensions), same thread count. Not a test: it prints a Markdown report and writes it to $OUT.
#
#   load-tests/whisper-bench.sh                       # THREADS=$(nproc) RUNS=5 STEPS=100 SIZES="tiny base"
#   THREADS=1 RUNS=3 SIZES=tiny load-tests/whisper-bench.sh
#   DEVICE=cuda SKIP_TORCH=1 load-tests/whisper-bench.sh   # the GPU build (see load-tests/gpu-check.sh)
#   REPORT_ONLY=1 load-tests/whisper-bench.sh          # re-render the report from target/bench-*.json
# TORCH_RUNS and TORCH_BATCHES (default RUNS and BATCHES) shorten the PyTorch side, which is slow.
#
# Needs Java 17, Maven, and Debian's /usr/bin/python3 with python3-torch, python3-onnx, python3-numpy
# (scripts/install-deps.sh), and the test data (FIXTURES, default src/test/data).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-$(nproc)}
RUNS=${RUNS:-5}
STEPS=${STEPS:-100}
SIZES=${SIZES:-"tiny base"}
BATCHES=${BATCHES:-1,4,8}
DEVICE=${DEVICE:-cpu}
SKIP_TORCH=${SKIP_TORCH:-0}
REPORT_ONLY=${REPORT_ONLY:-0}
TORCH_RUNS=${TORCH_RUNS:-$RUNS}
TORCH_BATCHES=${TORCH_BATCHES:-$BATCHES}
FIXTURES=${FIXTURES:-src/test/data}
MVN_FLAGS=${MVN_FLAGS:-}
OUT=${OUT:-load-tests/results/whisper-${DEVICE}-$(date -u +%F).md}
PY=/usr/bin/python3

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$REPORT_ONLY" != 1 ]; then
mvn -q -B -ntp $MVN_FLAGS test-compile
mvn -q -B -ntp $MVN_FLAGS dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench.cp)"

for size in $SIZES; do
  dir=target/synthetic-whisper/$size
  if [ ! -f "$dir/model/encoder_model.onnx" ]; then
    echo "making the synthetic $size model in $dir" >&2
    "$PY" models/synthetic/make_synthetic_whisper.py "$dir" "$size" --fixtures "$FIXTURES" >&2
  fi
  echo "ONNX Runtime, $size, $THREADS threads, $DEVICE" >&2
  java -cp "$CP" io.captiond.asr.whisper.WhisperBench "$dir/model" "$FIXTURES/speech/jfk.wav" \
    "$THREADS" "$RUNS" "$STEPS" "$BATCHES" "$DEVICE" > "target/bench-$size-ort.json"
  if [ "$SKIP_TORCH" != 1 ]; then
    echo "PyTorch, $size, $THREADS threads" >&2
    "$PY" load-tests/whisper_bench_torch.py "$size" "$THREADS" "$TORCH_RUNS" "$STEPS" "$TORCH_BATCHES" "$FIXTURES" \
      > "target/bench-$size-torch.json"
  else
    rm -f "target/bench-$size-torch.json"
  fi
done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$(dirname "$OUT")"
"$PY" - "$SIZES" "$load_before" "$load_after" "$STEPS" <<'PYEOF' | tee "$OUT"
import json, os, platform, subprocess, sys, datetime
sizes, before, after, steps = sys.argv[1].split(), sys.argv[2], sys.argv[3], int(sys.argv[4])
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"
cpu = sh("lscpu | sed -n 's/^Model name:[ ]*//p' | head -1")
mem = sh("free -g | awk '/Mem:/{print $2}'")
java = sh("java -version 2>&1 | head -1")
print(f"# Whisper speed: ONNX Runtime (captiond, Java) vs PyTorch reference\n")
print(f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC")
print(f"- machine: {cpu}, {os.cpu_count()} logical CPUs, {mem} GiB RAM, {platform.platform()}")
print(f"- load average (1/5/15 min) before: {before}; after: {after} (shared machine: other builds ran beside)")
print(f"- {java}; ONNX Runtime 1.28.0 (Java); the PyTorch side uses Debian's torch", end="")
rows, batches = [], []
for size in sizes:
    ort = json.load(open(f"target/bench-{size}-ort.json"))
    torch = json.load(open(f"target/bench-{size}-torch.json")) if os.path.exists(f"target/bench-{size}-torch.json") else None
    rows.append((size, ort, torch))
print(f" {rows[0][2]['torch']}" if rows[0][2] else " (skipped)")
ort0 = rows[0][1]
torch_runs = ", ".join(f"{s}: {t['runs']}" for s, _, t in rows if t)
print(f"- threads: {ort0['threads']} (ORT intra-op = torch.set_num_threads); medians of {ort0['runs']} runs "
      f"(ORT; PyTorch {torch_runs or '-'}; batches: half as many); device: {ort0['device']}")
print(f"- models: synthetic Whisper of tiny and base dimensions (models/synthetic/make_synthetic_whisper.py, "
      f"random weights, real shapes: 80 mels, 1500 audio frames, 51865 tokens); both sides run the same weights")
print(f"- decoder per token: {steps} single-token steps with the key/value cache after a 3-token prompt; "
      f"real-time factor of a 30 s window = (encoder + {steps} tokens) / 30 s (log-mel not included: "
      f"captiond's Java log-mel is listed apart)\n")
print("| size | implementation | encoder ms / 30 s window | decoder ms / token | RTF, 30 s window | encoder output matches |")
print("| --- | --- | ---: | ---: | ---: | --- |")
for size, ort, torch in rows:
    def rtf(r):
        return (r["encoder_ms"] + steps * r["decoder_ms_per_token"]) / 30000
    match = "—"
    if torch:
        diff = max(abs(a - b) for ra, rb in zip(ort["encoder_head"], torch["encoder_head"]) for a, b in zip(ra, rb))
        match = f"max diff {diff:.1e}"
    print(f"| {size} | ONNX Runtime (Java) | {ort['encoder_ms']:.1f} | {ort['decoder_ms_per_token']:.2f} | {rtf(ort):.4f} | {match} |")
    if torch:
        print(f"| {size} | PyTorch reference | {torch['encoder_ms']:.1f} | {torch['decoder_ms_per_token']:.2f} | {rtf(torch):.4f} | |")
        print(f"| {size} | **speed-up (PyTorch / ORT)** | **{torch['encoder_ms']/ort['encoder_ms']:.2f}x** | "
              f"**{torch['decoder_ms_per_token']/ort['decoder_ms_per_token']:.2f}x** | **{rtf(torch)/rtf(ort):.2f}x** | |")
print(f"\nJava log-mel per 30 s window: " + ", ".join(f"{s} {o['mel_ms']:.1f} ms" for s, o, _ in rows) + "\n")
print(f"## Throughput with batching (encoder on B windows + prompt + {steps} steps on B rows)\n")
print("| size | batch | ORT ms | ORT windows/s | PyTorch ms | PyTorch windows/s | speed-up |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, ort, torch in rows:
    for b, ms in ort["batches"].items():
        tms = torch["batches"].get(b) if torch else None
        t = f"{tms:.0f} | {int(b) * 1000 / tms:.2f} | {tms / ms:.2f}x" if tms else "— | — | —"
        print(f"| {size} | {b} | {ms:.0f} | {int(b) * 1000 / ms:.2f} | {t} |")
PYEOF
echo "written to $OUT" >&2
