#!/usr/bin/env bash
# Installs the Debian packages captiond and its tests use, if any is missing.
#   scripts/install-deps.sh --runtime   only what the server needs to run
#   runtime: the pocketsphinx recognizer and its US English model
#   tests:   ffmpeg (real publisher and reader), flite (speech with a known transcript),
#            python3-torch/-onnx/-numpy (synthetic Whisper models and the reference decoder),
#            chromium (the player page in a real browser, driven by npm playwright-core from
#            src/test/browser, installed here with npm ci; no browser download; npm shaka-player
#            is the second, independent HLS player engine of the subtitle-sync tests)
# Java 17, Maven and npm are expected on the machine already.
set -euo pipefail

runtime=(libpocketsphinx3 pocketsphinx-en-us)  # the CPU recognizer and its US English model
tests=(
  ffmpeg flite                                  # real publisher and reader; speech with a known transcript
  python3-numpy python3-torch python3-onnx      # synthetic Whisper models and the reference decoder
  chromium                                      # the player page in a real browser (hls.js, Shaka Player)
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-libav                            # rtmp2sink, flvmux, avenc_aac: a second real RTMP publisher
  apertium-apy apertium-eng-spa apertium-eng-cat  # the real machine-translation service (APy) and its pairs
  nginx-light libnginx-mod-rtmp                 # nginx-rtmp: the real RTMP server the restream tests push to
)
packages=("${runtime[@]}")
with_tests=1
if [ "${1:-}" = "--runtime" ]; then
  with_tests=0  # only what the server needs to run
else
  packages+=("${tests[@]}")
fi
browser_tests="$(dirname "$0")/../src/test/browser"

install_browser_driver() {
  if [ ! -d "$browser_tests/node_modules/playwright-core" ] || [ ! -d "$browser_tests/node_modules/shaka-player" ]; then
    echo "installing playwright-core and shaka-player for the browser tests (npm ci in src/test/browser)"
    (cd "$browser_tests" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  if [ "$with_tests" = 1 ]; then install_browser_driver; fi
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ "$with_tests" = 1 ]; then install_browser_driver; fi
