#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: build captiond with the -Pgpu profile (onnxruntime_gpu), check that
# Whisper runs on CUDA, that CUDA and CPU decodes agree token for token at batch sizes 1/4/16/32,
# and time CUDA against the CPU with the Whisper bench. Writes load-tests/results/whisper-gpu-<date>.md.
#
#   load-tests/gpu-check.sh                 # SIZES="tiny base" BATCHES=1,4,16,32
#
# Needs: CUDA 12 and cuDNN 9 libraries where ONNX Runtime finds them (LD_LIBRARY_PATH), Java 17,
# Maven with access to Maven Central or a local repository that already holds
# com.microsoft.onnxruntime:onnxruntime_gpu:1.28.0 (~700 MB), /usr/bin/python3 with python3-torch,
# python3-onnx and python3-numpy to make the synthetic models (or target/synthetic-whisper/<size>/
# already in place), and the test data (FIXTURES, default src/test/data).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"tiny base"}
BATCHES=${BATCHES:-1,4,16,32}
FIXTURES=${FIXTURES:-src/test/data}
MIN_AGREEMENT=${MIN_AGREEMENT:-0.9}
OUT=${OUT:-load-tests/results/whisper-gpu-$(date -u +%F).md}
MVN_FLAGS=${MVN_FLAGS:-}

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi finds none); run this on a GPU machine" >&2
  exit 2
fi
nvidia-smi -L
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

echo "building with -Pgpu (onnxruntime_gpu)" >&2
mvn -q -B -ntp -Pgpu $MVN_FLAGS test-compile
mvn -q -B -ntp -Pgpu $MVN_FLAGS dependency:build-classpath -Dmdep.outputFile=target/gpu.cp -Dmdep.includeScope=test
grep -q onnxruntime_gpu target/gpu.cp || { echo "gpu-check: the classpath lacks onnxruntime_gpu" >&2; exit 1; }
CP="target/test-classes:target/classes:$(cat target/gpu.cp)"

mkdir -p "$(dirname "$OUT")"
{
  echo "# Whisper on CUDA: agreement with the CPU and speed"
  echo
  echo "- date: $(date -u '+%F %H:%M') UTC; GPU: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -1)"
  echo "- CPU: $(lscpu | sed -n 's/^Model name:[ ]*//p' | head -1), $(nproc) logical CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} > "$OUT"

status=0
for size in $SIZES; do
  dir=target/synthetic-whisper/$size
  if [ ! -f "$dir/model/encoder_model.onnx" ]; then
    /usr/bin/python3 models/synthetic/make_synthetic_whisper.py "$dir" "$size" --fixtures "$FIXTURES" >&2
  fi
  echo "## $size: CUDA vs CPU token agreement (greedy, batched, mixed lengths and prompts)" >> "$OUT"
  echo '```' >> "$OUT"
  set +e
  java -cp "$CP" io.captiond.asr.whisper.WhisperDeviceCheck "$dir/model" "$FIXTURES/speech/jfk.wav" "$BATCHES" \
    "$MIN_AGREEMENT" 2>&1 | tee -a "$OUT"
  rc=${PIPESTATUS[0]}
  set -e
  echo '```' >> "$OUT"
  [ "$rc" -ne 0 ] && status=$rc
done

for device in cuda cpu; do
  echo "bench on $device" >&2
  DEVICE=$device SKIP_TORCH=1 BATCHES=$BATCHES MVN_FLAGS="-Pgpu $MVN_FLAGS" SIZES="$SIZES" \
    OUT="target/gpu-bench-$device.md" load-tests/whisper-bench.sh >/dev/null
  { echo; echo "## bench, whisper.device $device"; sed 1d "target/gpu-bench-$device.md"; } >> "$OUT"
done
cat "$OUT"
echo "written to $OUT (exit $status)" >&2
exit $status
