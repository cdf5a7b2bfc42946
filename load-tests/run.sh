#!/usr/bin/env bash
# The load and latency harness: builds the server jar and the harness (test classes), then runs the
# harness with the given options (load-tests/run.sh --help lists them). LOADTEST_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LOADTEST_SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -ntp -DskipTests package
fi
exec java -Djava.awt.headless=true -cp target/test-classes:target/captiond.jar io.captiond.loadtest.Harness "$@"
