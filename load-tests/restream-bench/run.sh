#!/usr/bin/env bash
# Restream benchmark: captiond's CPU for one stream pushed to 1, 10, 50 RTMP outputs with CEA-608
# embedding and without, beside ffmpeg -c copy to the same outputs. See load-tests/restream-bench/README.md.
#
#   load-tests/restream-bench/run.sh [--outputs 0,1,10,50] [--seconds 30] [--warmup 10]
#                                    [--modes captiond-none,captiond-cea608,ffmpeg-copy] [--out FILE]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
for tool in java python3 ffmpeg; do
  command -v "$tool" >/dev/null || { echo "restream-bench: missing $tool" >&2; exit 2; }
done
[ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || {
  echo "restream-bench: needs nginx and libnginx-mod-rtmp (apt-get install -y nginx libnginx-mod-rtmp)" >&2; exit 2; }
if [ ! -f "$ROOT/target/captiond.jar" ]; then
  echo "restream-bench: building target/captiond.jar (mvn -q -ntp -DskipTests package)" >&2
  (cd "$ROOT" && mvn -q -ntp -DskipTests package)
fi
exec python3 "$HERE/bench.py" --root "$ROOT" "$@"
