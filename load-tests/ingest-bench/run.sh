#!/usr/bin/env bash
# Ingest benchmark: CPU and memory of the server process per live RTMP publisher, captiond
# (ingest only, then with audio decode + VAD) side by side with nginx-rtmp doing the same
# RTMP receive + HLS remux on this machine. See load-tests/ingest-bench/README.md.
#
#   load-tests/ingest-bench/run.sh [--publishers 1,10,50] [--seconds 60] [--warmup 15]
#                                  [--repeats 3] [--modes captiond-ingest,captiond-vad,nginx-rtmp]
#                                  [--out DIR]
#
# Installs nothing silently: it checks for what it needs and says how to install it.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
missing=()
command -v java >/dev/null || missing+=("java (apt-get install -y openjdk-17-jre-headless)")
command -v python3 >/dev/null || missing+=("python3 (apt-get install -y python3)")
command -v ffmpeg >/dev/null || missing+=("ffmpeg (apt-get install -y ffmpeg)")
command -v nginx >/dev/null && nginx_bin=$(command -v nginx) || nginx_bin=/usr/sbin/nginx
[ -x "$nginx_bin" ] || missing+=("nginx (apt-get install -y nginx)")
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=("libnginx-mod-rtmp (apt-get install -y libnginx-mod-rtmp)")
command -v curl >/dev/null || missing+=("curl (apt-get install -y curl)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "ingest-bench: missing:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "install them (as root: apt-get install -y nginx libnginx-mod-rtmp ffmpeg) and run again" >&2
  exit 2
fi

if [ ! -f "$ROOT/target/captiond.jar" ]; then
  command -v mvn >/dev/null || { echo "ingest-bench: no target/captiond.jar and no mvn to build it" >&2; exit 2; }
  echo "ingest-bench: building target/captiond.jar (mvn -q -ntp -DskipTests package)" >&2
  (cd "$ROOT" && mvn -q -ntp -DskipTests package)
fi

exec python3 "$HERE/bench.py" --root "$ROOT" --nginx "$nginx_bin" "$@"
