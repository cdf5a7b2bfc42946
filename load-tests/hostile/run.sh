#!/usr/bin/env bash
# The hostile-traffic benchmark: builds the server jar and the harness, then runs the same legitimate
# streams quiet and under attack (hostile RTMP sessions, idle connections on every port, HTTP abuse)
# and writes a report. load-tests/hostile/run.sh --help lists the options. LOADTEST_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${LOADTEST_SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -ntp -DskipTests package
fi
ulimit -n 65536 2>/dev/null || true
exec java -Djava.awt.headless=true -cp target/test-classes:target/captiond.jar io.captiond.loadtest.HostileBench "$@"
