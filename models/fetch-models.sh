#!/usr/bin/env bash
# Downloads the model files captiond needs and checks them. Sources and licenses: models/README.md.
set -euo pipefail

readonly SILERO_PACKAGE='@ricky0123/vad-web@0.0.31'
readonly SILERO_MEMBER='package/dist/silero_vad_v5.onnx'
readonly SILERO_FILE='silero_vad_v5.onnx'
readonly SILERO_SHA256='2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f'

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly PROG="${0##*/}"

usage() {
  cat <<USAGE
Usage: $PROG MODEL [DEST_DIR]

Downloads a model into DEST_DIR (default: $SCRIPT_DIR) and verifies its SHA-256.
A file already there with the right checksum is left alone.

Models:
  silero-vad   Silero VAD v5 ($SILERO_FILE) from npm $SILERO_PACKAGE (MIT); needs npm

Whisper models are not fetched yet: that arrives with the Whisper engine (see models/README.md).
Pocketsphinx needs no download: install the Debian packages libpocketsphinx3 pocketsphinx-en-us.
USAGE
}

die() {
  echo "$PROG: $*" >&2
  exit 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch_silero_vad() {
  local dest_dir="$1"
  local target="$dest_dir/$SILERO_FILE"

  if [[ -e "$target" ]]; then
    local have
    have="$(sha256_of "$target")"
    if [[ "$have" == "$SILERO_SHA256" ]]; then
      echo "$target: already present, checksum OK"
      return 0
    fi
    die "$target exists but its SHA-256 is $have, expected $SILERO_SHA256; move it away and rerun"
  fi

  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js and npm to fetch $SILERO_PACKAGE"
  mkdir -p "$dest_dir" || die "cannot create $dest_dir"

  local work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT

  echo "downloading $SILERO_PACKAGE from the npm registry ..."
  local tarball
  if ! tarball="$(npm pack --silent --pack-destination "$work" "$SILERO_PACKAGE")" \
      || [[ ! -f "$work/$tarball" ]]; then
    die "download of $SILERO_PACKAGE failed (npm pack); check network access to the npm registry"
  fi
  tar -xzf "$work/$tarball" -C "$work" "$SILERO_MEMBER" \
    || die "$tarball has no $SILERO_MEMBER"

  local got
  got="$(sha256_of "$work/$SILERO_MEMBER")"
  if [[ "$got" != "$SILERO_SHA256" ]]; then
    die "checksum mismatch for $SILERO_MEMBER in $tarball: got $got, expected $SILERO_SHA256"
  fi
  # Copy beside the target, then rename, so a failure never leaves a partial model behind.
  cp "$work/$SILERO_MEMBER" "$target.part"
  mv -f "$target.part" "$target"
  echo "$target: downloaded, checksum OK"
}

main() {
  if [[ $# -lt 1 || $# -gt 2 ]]; then
    usage >&2
    exit 2
  fi
  local model="$1"
  local dest_dir="${2:-$SCRIPT_DIR}"
  case "$model" in
    -h | --help)
      usage
      ;;
    silero-vad)
      fetch_silero_vad "$dest_dir"
      ;;
    whisper | whisper-*)
      die "Whisper models are not fetched by this script yet (it arrives with the Whisper engine); see models/README.md"
      ;;
    *)
      echo "$PROG: unknown model '$model'" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
