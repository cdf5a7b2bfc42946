#!/bin/sh
# The chaos run: N RTMP streams for PHASE_S seconds between faults (kill -9 + restart, then SIGTERM + restart).
# usage: load-tests/chaos.sh N PHASE_S OUT_DIR    (LOADTEST_SKIP_BUILD=1 skips the Maven build)
set -e
cd "$(dirname "$0")/.."
if [ -z "$LOADTEST_SKIP_BUILD" ]; then
  mvn -q -B -ntp -DskipTests package
  mvn -q -B -ntp test-compile
fi
exec java -Djava.awt.headless=true -cp target/test-classes:target/captiond.jar io.captiond.loadtest.Chaos "$@"
