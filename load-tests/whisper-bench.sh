#!/usr/bin/env bash
# Whisper speed on this machine: captiond's ONNX Runtime path (Java) against whisper.cpp 1.7.1 (the
# engine FFmpeg's af_whisper and OvenMediaEngine run; whisper-jni's build, driven through whisper.h
# by models/synthetic/whisper_cpp.py) and the PyTorch reference implementation, on the same weights
# (the synthetic models of models/synthetic/, tiny and base dimensions, float16 weights), at each
# thread count of THREADS. Not a test: it prints a Markdown report and writes it to $OUT.
#
#   load-tests/whisper-bench.sh                       # THREADS="1 2" RUNS=5 STEPS=100 SIZES="tiny base"
#   THREADS=1 RUNS=3 SIZES=tiny load-tests/whisper-bench.sh
#   DEVICE=cuda SKIP_TORCH=1 load-tests/whisper-bench.sh   # the GPU build (see load-tests/gpu-check.sh)
#   REPORT_ONLY=1 load-tests/whisper-bench.sh          # re-render the report from target/bench-*.json
#   VARIANTS="_q4" load-tests/whisper-bench.sh         # which variants beside float32 (default "... _s _q8s _q8sf")
#   INT8=0 load-tests/whisper-bench.sh                 # drops _int8 from VARIANTS
# The variants: _int8 (models/synthetic/quantize_int8.py: ONNX Runtime's dynamic int8 MatMuls); _f32, _q8
# and _q4 (models/synthetic/quantize_nbits.py: attention's scale folded into the query projections, and
# for _q8/_q4 every decoder MatMul as MatMulNBits, 8 or 4 bits, symmetric blocks of Q_BLOCK, default 32,
# accuracy_level 4; float32 encoder); _q8x (models/synthetic/quantize_exact.py: only the output projection
# in 8 bits, with bounds, the deciding logits recomputed in float32: float32's tokens by construction;
# _q8xc: the same with --bound compact, the bound before 2026-12-01's row bound); a name ending in "s"
# (_s, _q8s, _q8xs, ...) is its base variant (float32 for _s) with the one-token step graph of
# models/synthetic/slim_step.py (the base's numbers, half the nodes); one ending in "sf" (_sf, _q8sf) is the
# slim variant with models/synthetic/fuse_step.py's graph (each attention one MultiHeadAttention kernel, the
# query/key/value projections one MatMul; the slim variant's numbers). A variant's files are remade when
# one of the scripts that write them is newer than them.
# Each gets its own row and a line of greedy-token agreement with float32.
# Each row also gets the live step at W = 5, 10, 20 s decoded as the engine does (Whisper's rules), without
# and with the previous step's tokens as a draft (asr/whisper/DraftedDecoder: same tokens, fewer decoder calls).
# TORCH_RUNS and TORCH_BATCHES (default RUNS and BATCHES) shorten the PyTorch side, which is slow.
# ROUNDS=R (default 1) runs the ONNX Runtime rows and whisper.cpp R times in turn, RUNS runs each time, and
# reports the median of the rounds' medians: on a shared machine a noisy spell then falls on every side
# alike instead of on one row (PyTorch runs once, after them).
#
# Needs Java 17, Maven, and Debian's /usr/bin/python3 with python3-torch, python3-onnx, python3-numpy
# (scripts/install-deps.sh), and the test data (FIXTURES, default src/test/data).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-"1 2"}
RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-1}
STEPS=${STEPS:-100}
SIZES=${SIZES:-"tiny base"}
BATCHES=${BATCHES:-1,4,8}
DEVICE=${DEVICE:-cpu}
SKIP_TORCH=${SKIP_TORCH:-0}
SKIP_CPP=${SKIP_CPP:-0}
INT8=${INT8:-1}
VARIANTS=${VARIANTS:-"_int8 _f32 _q8 _q8x _q4 _s _q8s _q8sf"}
Q_BLOCK=${Q_BLOCK:-32}
[ "$INT8" = 1 ] || VARIANTS=$(echo " $VARIANTS " | sed 's/ _int8 / /g')
REPORT_ONLY=${REPORT_ONLY:-0}
TORCH_RUNS=${TORCH_RUNS:-$RUNS}
TORCH_BATCHES=${TORCH_BATCHES:-$BATCHES}
FIXTURES=${FIXTURES:-src/test/data}
MVN_FLAGS=${MVN_FLAGS:-}
OUT=${OUT:-load-tests/results/whisper-${DEVICE}-$(date -u +%F).md}
PY=/usr/bin/python3

# writes a variant's files into a model folder unless they are there
make_variant() {
  local model=$1 variant=$2
  local made="$model/decoder_with_past_model$variant.onnx" script
  local scripts="models/synthetic/quantize_int8.py models/synthetic/quantize_nbits.py models/synthetic/quantize_exact.py"
  case "$variant" in # a slim or fused variant is remade when its scripts or its base changed
    _*s) local base=${variant%s}
         if [ "$base" = _ ]; then base=""; else make_variant "$model" "$base"; fi
         scripts="models/synthetic/slim_step.py $model/decoder_with_past_model$base.onnx" ;;
    _*sf) make_variant "$model" "${variant%f}"
         scripts="models/synthetic/fuse_step.py models/synthetic/slim_step.py $model/decoder_with_past_model${variant%f}.onnx" ;;
  esac
  for script in $scripts; do
    [ -f "$made" ] && [ "$made" -nt "$script" ] || { rm -f "$made"; break; } # remade when a script changed
  done
  case "$variant" in # and a block-quantized one when made with another Q_BLOCK (its slim and fused variants
    _q[48]|_q8x|_q8xc) # follow, being older than it then): blocks of 128 must not be reported as blocks of 32
      [ "$(cat "$made.block" 2>/dev/null)" = "$Q_BLOCK" ] || rm -f "$made"
      [ -f "$made" ] || echo "$Q_BLOCK" > "$made.block" ;;
  esac
  [ -f "$made" ] && return 0
  case "$variant" in
    _int8) "$PY" models/synthetic/quantize_int8.py "$model" >&2 ;;
    _f32) "$PY" models/synthetic/quantize_nbits.py "$model" --bits 32 --variant _f32 >&2 ;;
    _q[48]) "$PY" models/synthetic/quantize_nbits.py "$model" --bits "${variant#_q}" --block "$Q_BLOCK" \
               --variant "$variant" >&2 ;;
    _q8x) "$PY" models/synthetic/quantize_exact.py "$model" --block "$Q_BLOCK" --variant _q8x >&2 ;;
    _q8xc) "$PY" models/synthetic/quantize_exact.py "$model" --block "$Q_BLOCK" --bound compact --variant _q8xc >&2 ;;
    _s) "$PY" models/synthetic/slim_step.py "$model" >&2 ;;
    _*s) "$PY" models/synthetic/slim_step.py "$model" --variant "${variant%s}" >&2 ;;
    _*sf) "$PY" models/synthetic/fuse_step.py "$model" --variant "${variant%f}" >&2 ;;
    *) echo "unknown variant $variant (known: _int8, _f32, _q4, _q8, _q8x, _q8xc, each with s: _s, _q8s, ...," \
            "and each of those with f: _sf, _q8sf, ...)" >&2
       exit 2 ;;
  esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$REPORT_ONLY" != 1 ]; then
mvn -q -B -ntp $MVN_FLAGS test-compile
mvn -q -B -ntp $MVN_FLAGS dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
WHISPER_JNI_JAR=$(tr ':' '\n' < target/bench.cp | grep -m1 'whisper-jni-.*\.jar$')

for size in $SIZES; do
  dir=target/synthetic-whisper/$size
  if [ ! -f "$dir/model/ggml-model-f16.bin" ]; then
    echo "making the synthetic $size model in $dir" >&2
    "$PY" models/synthetic/make_synthetic_whisper.py "$dir" "$size" --fixtures "$FIXTURES" >&2
  fi
  rm -f target/bench-"$size"-agree*.json
  for variant in $VARIANTS; do
    make_variant "$dir/model" "$variant"
    echo "$variant variant vs float32, $size: greedy tokens" >&2
    java -cp "$CP" io.captiond.asr.whisper.VariantAgreement "$dir/model" "$variant" \
      "$dir/audio/jfk.wav" "$dir/audio/jfk_4s.wav" "$dir/audio/chirp_1s.wav" > "target/bench-$size-agree$variant.json"
  done
  for threads in $THREADS; do
    rm -f target/bench-"$size-$threads"-ort*.json target/bench-"$size-$threads"-cpp*.json
    for round in $(seq 1 "$ROUNDS"); do # each round runs every side once, so a noisy spell hits them alike
      echo "ONNX Runtime, $size, $threads threads, $DEVICE (round $round of $ROUNDS)" >&2
      java -cp "$CP" io.captiond.asr.whisper.WhisperBench "$dir/model" "$FIXTURES/speech/jfk.wav" \
        "$threads" "$RUNS" "$STEPS" "$BATCHES" "$DEVICE" > "target/bench-$size-$threads-ort.r$round.json"
      for variant in $VARIANTS; do
        echo "ONNX Runtime $variant, $size, $threads threads, $DEVICE (round $round of $ROUNDS)" >&2
        java -cp "$CP" io.captiond.asr.whisper.WhisperBench "$dir/model" "$FIXTURES/speech/jfk.wav" \
          "$threads" "$RUNS" "$STEPS" 1 "$DEVICE" "$variant" > "target/bench-$size-$threads-ort$variant.r$round.json"
      done
      if [ "$SKIP_CPP" != 1 ]; then
        echo "whisper.cpp, $size, $threads threads (round $round of $ROUNDS)" >&2
        "$PY" models/synthetic/whisper_cpp.py bench "$WHISPER_JNI_JAR" "$dir/model" "$FIXTURES/speech/jfk.wav" \
          --threads "$threads" --runs "$RUNS" --steps "$STEPS" > "target/bench-$size-$threads-cpp.r$round.json"
      fi
    done
    for side in ort $(printf 'ort%s ' $VARIANTS) cpp; do
      ls target/bench-"$size-$threads-$side".r*.json > /dev/null 2>&1 || continue
      "$PY" load-tests/median_of_rounds.py target/bench-"$size-$threads-$side".r*.json \
        > "target/bench-$size-$threads-$side.json"
    done
    if [ "$SKIP_TORCH" != 1 ]; then
      echo "PyTorch, $size, $threads threads" >&2
      "$PY" load-tests/whisper_bench_torch.py "$size" "$threads" "$TORCH_RUNS" "$STEPS" "$TORCH_BATCHES" "$FIXTURES" \
        > "target/bench-$size-$threads-torch.json"
    else
      rm -f "target/bench-$size-$threads-torch.json"
    fi
  done
done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$(dirname "$OUT")"
"$PY" - "$SIZES" "$THREADS" "$load_before" "$load_after" "$STEPS" "$VARIANTS" "$Q_BLOCK" <<'PYEOF' | tee "$OUT"
import json, os, platform, subprocess, sys, datetime
sizes, thread_counts = sys.argv[1].split(), sys.argv[2].split()
before, after, steps = sys.argv[3], sys.argv[4], int(sys.argv[5])
variants, q_block = sys.argv[6].split(), sys.argv[7]
VARIANT_NAMES = {"_int8": "ONNX Runtime, int8 variant",
                 "_f32": "ONNX Runtime, _f32 (float32, attention scale folded)",
                 "_q8": f"ONNX Runtime, _q8 (scale folded, MatMulNBits 8 bits, blocks of {q_block})",
                 "_q8x": f"ONNX Runtime, _q8x (float32 body, 8-bit projection of blocks of {q_block} + exact rows)",
                 "_q8xc": f"ONNX Runtime, _q8xc (as _q8x, the bound from every block's scale: --bound compact)",
                 "_q4": f"ONNX Runtime, _q4 (scale folded, MatMulNBits 4 bits, blocks of {q_block})"}
for base, name in list(VARIANT_NAMES.items()) + [("", "ONNX Runtime (float32)")]:
    VARIANT_NAMES[(base or "_") + "s"] = name + ", one-token step graph (slim_step.py)"
    VARIANT_NAMES[(base or "_") + "sf"] = name + ", one-token step graph, attention fused (fuse_step.py)"
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"
def load(size, threads, side):
    path = f"target/bench-{size}-{threads}-{side}.json"
    return json.load(open(path)) if os.path.exists(path) else None
cpu = sh("lscpu | sed -n 's/^Model name:[ ]*//p' | head -1")
mem = sh("free -g | awk '/Mem:/{print $2}'")
java = sh("java -version 2>&1 | head -1")
runs = [(size, t, load(size, t, "ort"), load(size, t, "cpp"), load(size, t, "torch"))
        for size in sizes for t in thread_counts]
quantized = {(size, t, v): load(size, t, "ort" + v) for size in sizes for t in thread_counts for v in variants}
agreement = {(size, v): json.load(open(f"target/bench-{size}-agree{v}.json")) for size in sizes for v in variants
             if os.path.exists(f"target/bench-{size}-agree{v}.json")}
torch_version = next((r[4]["torch"] for r in runs if r[4]), None)
print(f"# Whisper speed: ONNX Runtime (captiond, Java) vs whisper.cpp vs PyTorch reference\n")
print(f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC")
print(f"- machine: {cpu}, {os.cpu_count()} logical CPUs, {mem} GiB RAM, {platform.platform()}")
print(f"- load average (1/5/15 min) before: {before}; after: {after} (shared machine: other builds may run beside)")
print(f"- {java}; ONNX Runtime 1.28.0 (Java); whisper.cpp 1.7.1 as whisper-jni 1.7.1 bundles it (AVX2/FMA/F16C "
      f"build, called through whisper.h); PyTorch: Debian's torch {torch_version or '(skipped)'}")
ort0 = runs[0][2]
rounds = f" each, the median of {ort0['rounds']} rounds run in turn" if ort0.get("rounds", 1) > 1 else ""
print(f"- medians of {ort0['runs']} runs{rounds}; threads: ORT intra-op = whisper.cpp n_threads = torch.set_num_threads; "
      f"device: {ort0['device']}")
print(f"- models: synthetic Whisper of tiny and base dimensions (models/synthetic/make_synthetic_whisper.py, "
      f"random float16 weights, real shapes: 80 mels, 1500 audio frames, 51865 tokens); all three run the same "
      f"weights (whisper.cpp from ggml-model-f16.bin, written by models/synthetic/ggml_format.py)")
print(f"- decoder per token: {steps} single-token argmax steps with the key/value cache after a 3-token prompt; "
      f"RTF of a 30 s window = (encoder + {steps} tokens) / 30 s (log-mel not included)")
print(f"- live step: what the streaming policy repeats every captions.step_ms on a window open W s: log-mel of "
      f"the window (each engine's own; PyTorch's is the float64 numpy reference), encoder on it padded to 30 s, "
      f"a 36-token prompt (<|startofprev|>, 32 tokens of earlier text, the start sequence) and 3 W argmax steps\n")
def rtf(r):
    return (r["encoder_ms"] + steps * r["decoder_ms_per_token"]) / 30000
def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "—"
print("| size | threads | implementation | encoder ms / 30 s window | decoder ms / token | RTF, 30 s window | live step ms, 5 s | 10 s | 20 s |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, t, ort, cpp, torch in runs:
    rows = [("ONNX Runtime (captiond)", ort)] + [(VARIANT_NAMES.get(v, v), quantized[(size, t, v)]) for v in variants] \
        + [("whisper.cpp", cpp), ("PyTorch reference", torch)]
    for name, r in rows:
        if r:
            live = r.get("live_step_ms", {})
            print(f"| {size} | {t} | {name} | {r['encoder_ms']:.1f} | {r['decoder_ms_per_token']:.2f} | {rtf(r):.4f} | "
                  + " | ".join(f"{live[w]:.0f}" if w in live else "—" for w in ("5", "10", "20")) + " |")
    for name, base, other in [("whisper.cpp / ORT", ort, cpp)] \
            + [(f"whisper.cpp / ORT {v}", quantized[(size, t, v)], cpp) for v in variants] + [("PyTorch / ORT", ort, torch)]:
        if base and other:
            live, olive = base.get("live_step_ms", {}), other.get("live_step_ms", {})
            print(f"| {size} | {t} | **{name}** (above 1: ORT faster) | **{ratio(other['encoder_ms'], base['encoder_ms'])}** | "
                  f"**{ratio(other['decoder_ms_per_token'], base['decoder_ms_per_token'])}** | **{ratio(rtf(other), rtf(base))}** | "
                  + " | ".join(f"**{ratio(olive.get(w), live.get(w))}**" for w in ("5", "10", "20")) + " |")
for (size, v), agree in agreement.items():
    print(f"\n{v} variant ({size}) against float32, greedy under Whisper's rules (free decode: steps before the "
          f"first difference; forced along float32's tokens: steps picking its token): " + "; ".join(
        f"{name}: {a['agreeing_steps']} of {a['tokens']} free, {a.get('forced_agreeing_steps', '?')} forced"
        + (" (identical)" if a["equal"] else "") for name, a in agree.items()))
torch_encoder_match = []
for size, t, ort, cpp, torch in runs:
    if torch:
        diff = max(abs(a - b) for ra, rb in zip(ort["encoder_head"], torch["encoder_head"]) for a, b in zip(ra, rb))
        torch_encoder_match.append(f"{size}/{t}: {diff:.1e}")
if torch_encoder_match:
    print(f"\nEncoder output, ORT vs PyTorch, max difference over its first values: " + ", ".join(torch_encoder_match))
print(f"\nJava log-mel per 30 s window: " + ", ".join(f"{s}/{t} threads {o['mel_ms']:.1f} ms" for s, t, o, _, _ in runs) + "\n")
print("## The live step with the previous step's tokens as a draft\n")
print("The live step above (3 W argmax steps after the 36-token prompt, log-mel and encoder included) plainly and "
      "with the previous step's picks (the window 1 s shorter: 3 (W - 1) picks) as a draft checked 8 tokens at a "
      "decoder call, then the same decoder with Whisper's rules as the engine runs it. Same tokens in both columns "
      "(checked in each run); interleaved, medians; kept: drafted tokens the model picked too. A step graph that "
      "takes one token at a call (_s, _q8s, _q8sf: no causal mask) and _q8x have no draft row.\n")
print("| size | threads | implementation | W s | steps | live step ms, plain | with draft | speed-up | calls | kept from draft |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, t, ort, cpp, torch in runs:
    for name, r in [("ONNX Runtime (float32)", ort)] + [(VARIANT_NAMES.get(v, v), quantized[(size, t, v)]) for v in variants]:
        for w, d in ((r or {}).get("live_step_draft") or {}).items():
            if d:
                print(f"| {size} | {t} | {name} | {w} | {d['steps']} | {d['plain_ms']:.0f} | {d['draft_ms']:.0f} | "
                      f"{d['plain_ms'] / d['draft_ms']:.2f}x | {d['calls']} | {d['accepted']} of {d['steps']}"
                      + ("" if d["same_tokens"] else " **TOKENS DIFFER**") + " |")
print()
print("The engine's live step (Whisper's rules, at most 3 W tokens, same 36-token prompt) decoded plainly and with "
      "the previous step's decode (the window 1 s shorter) as a draft checked 8 tokens at a call "
      "(asr/whisper/DraftedDecoder: the same tokens, checked in each run); interleaved, medians. Kept: the "
      "tokens whose logits a call on drafted tokens had given (of the sampled tokens). A step graph that takes "
      "one token at a call (_s, _q8s, _q8sf: no causal mask) or _q8x decodes plainly: its two columns are the same work.\n")
print("| size | threads | implementation | W s | tokens | step ms, plain | step ms, draft | decode ms, plain | "
      "decode ms, draft | decode speed-up | calls | kept from draft |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, t, ort, cpp, torch in runs:
    for name, r in [("ONNX Runtime (float32)", ort)] + [(VARIANT_NAMES.get(v, v), quantized[(size, t, v)]) for v in variants]:
        for w, d in ((r or {}).get("live_draft") or {}).items():
            kept = f"{d['accepted']} of {d['tokens']}" + ("" if d["verifies"] else " (plain)") \
                + ("" if d["same_tokens"] else " **TOKENS DIFFER**")
            print(f"| {size} | {t} | {name} | {w} | {d['tokens']} | {d['plain_ms']:.0f} | {d['draft_ms']:.0f} | "
                  f"{d['plain_decode_ms']:.1f} | {d['draft_decode_ms']:.1f} | "
                  f"{d['plain_decode_ms'] / d['draft_decode_ms']:.2f}x | {d['calls']} | {kept} |")
print()
print(f"## Throughput with batching (encoder on B windows + prompt + {steps} steps on B rows)\n")
print("| size | threads | batch | ORT ms | ORT windows/s | PyTorch ms | PyTorch windows/s | speed-up |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, t, ort, cpp, torch in runs:
    for b, ms in ort["batches"].items():
        tms = torch["batches"].get(b) if torch else None
        tt = f"{tms:.0f} | {int(b) * 1000 / tms:.2f} | {tms / ms:.2f}x" if tms else "— | — | —"
        print(f"| {size} | {t} | {b} | {ms:.0f} | {int(b) * 1000 / ms:.2f} | {tt} |")
PYEOF
echo "written to $OUT" >&2
