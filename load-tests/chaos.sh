#!/bin/sh
# The chaos run on a 3-node cluster (api node + 2 ASR nodes on loopback): N RTMP streams, PHASE_S seconds
# between faults: kill -9 / SIGTERM the api node + restart, kill -9 an ASR node, SIGSTOP an ASR node, the api
# node's writes failing (HOLD_S each for the last three).
# usage: load-tests/chaos.sh N PHASE_S OUT_DIR [HOLD_S [FAULT,...]]   (LOADTEST_SKIP_BUILD=1 skips the Maven build)
set -e
cd "$(dirname "$0")/.."
if [ -z "$LOADTEST_SKIP_BUILD" ]; then
  mvn -q -B -ntp -DskipTests package
  mvn -q -B -ntp test-compile
fi
exec java -Djava.awt.headless=true -cp target/test-classes:target/captiond.jar io.captiond.loadtest.Chaos "$@"
