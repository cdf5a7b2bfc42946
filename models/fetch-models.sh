#!/usr/bin/env bash
# Downloads the model files captiond needs and checks them. Sources and licenses: models/README.md.
set -euo pipefail

readonly SILERO_PACKAGE='@ricky0123/vad-web@0.0.31'
readonly SILERO_MEMBER='package/dist/silero_vad_v5.onnx'
readonly SILERO_FILE='silero_vad_v5.onnx'
readonly SILERO_SHA256='2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f'
readonly SILERO_BATCHED_FILE='silero_vad_v5_batched.onnx'
# What silero_batched.py writes from SILERO_FILE (python3-onnx 1.12); a different onnx may serialize otherwise
readonly SILERO_BATCHED_SHA256='05a65d06714ccdad20973379515199a708c2683f9c3c72f52940d66bfea72ae8'

readonly WHISPER_SIZES='tiny tiny.en base base.en small large-v3-turbo'
readonly HF='https://huggingface.co'
# what captiond reads (models/README.md); the ONNX files sit in onnx/ as onnx-community publishes them
readonly WHISPER_FILES='config.json generation_config.json tokenizer.json'
readonly WHISPER_OPTIONAL='preprocessor_config.json tokenizer_config.json vocab.json merges.txt added_tokens.json special_tokens_map.json normalizer.json'
readonly WHISPER_ONNX='encoder_model decoder_model decoder_with_past_model decoder_model_merged'

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly PROG="${0##*/}"
# Writes the batched rewrite of Silero VAD beside it (see silero_batched.py) and checks its SHA-256.
make_silero_batched() {
  local dest_dir="$1"
  local target="$dest_dir/$SILERO_BATCHED_FILE"
  fetch_silero_vad "$dest_dir"
  if [[ -e "$target" && "$(sha256_of "$target")" == "$SILERO_BATCHED_SHA256" ]]; then
    echo "$target: already present, checksum OK"
    return 0
  fi
  local python=""
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import onnx, numpy' >/dev/null 2>&1; then
      python="$candidate"
      break
    fi
  done
  [[ -n "$python" ]] || die "no python3 with the onnx package: install python3-onnx (or pip install onnx)"
  "$python" "$SCRIPT_DIR/silero_batched.py" "$dest_dir/$SILERO_FILE" "$target.part" \
    || die "silero_batched.py failed on $dest_dir/$SILERO_FILE"
  local got
  got="$(sha256_of "$target.part")"
  if [[ "$got" != "$SILERO_BATCHED_SHA256" ]]; then
    rm -f "$target.part"
    die "$SILERO_BATCHED_FILE written with SHA-256 $got, expected $SILERO_BATCHED_SHA256 (another onnx version?)"
  fi
  mv -f "$target.part" "$target"
  echo "$target: written, checksum OK"
}

usage() {
  cat <<USAGE
Usage: $PROG MODEL [DEST_DIR] [--verify]

Downloads a model into DEST_DIR (default: $SCRIPT_DIR) and verifies its SHA-256.
A file already there with the right checksum is left alone.

Models:
  silero-vad        Silero VAD v5 ($SILERO_FILE) from npm $SILERO_PACKAGE (MIT); needs npm
  silero-vad-batched
                    $SILERO_BATCHED_FILE: the same model rewritten by silero_batched.py (16 kHz
                    only, STFT and encoder as MatMuls: a fifth of the CPU per frame in batches); fetches
                    silero-vad first; needs python3 with onnx (Debian: python3-onnx)
  whisper-SIZE      Whisper ONNX export from Hugging Face onnx-community/whisper-SIZE into
                    DEST_DIR/whisper-SIZE/, SIZE one of: $WHISPER_SIZES
                    (needs curl and python3; VARIANT=_int8|_quantized|_fp16 also fetches that
                    variant's ONNX files, REVISION=<commit> pins a revision, default main)
  whisper-SIZE --verify
                    checks a folder already in place against its SHA256SUMS, without network

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

# Verifies every file SHA256SUMS (sha256sum format) names in $1; dies naming the first mismatch.
verify_sums() {
  local dir="$1"
  [[ -f "$dir/SHA256SUMS" ]] || die "$dir has no SHA256SUMS to verify against"
  local sum file have count=0
  while read -r sum file; do
    [[ -z "$sum" ]] && continue
    file="${file#\*}"
    [[ -f "$dir/$file" ]] || die "$dir/$file listed in SHA256SUMS is missing"
    have="$(sha256_of "$dir/$file")"
    [[ "$have" == "$sum" ]] || die "$dir/$file: SHA-256 $have, SHA256SUMS says $sum"
    count=$((count + 1))
  done < "$dir/SHA256SUMS"
  echo "$dir: $count files match SHA256SUMS"
}

fetch_whisper() {
  local size="$1" dest_dir="$2" verify_only="$3"
  case " $WHISPER_SIZES " in
    *" $size "*) ;;
    *) die "unknown Whisper size '$size'; sizes: $WHISPER_SIZES" ;;
  esac
  local repo="onnx-community/whisper-$size"
  local target="$dest_dir/whisper-$size"
  if [[ "$verify_only" == 1 ]]; then
    verify_sums "$target"
    return 0
  fi
  command -v curl >/dev/null 2>&1 || die "curl not found: install curl (or copy a model folder in: models/README.md)"
  command -v python3 >/dev/null 2>&1 || die "python3 not found: it reads Hugging Face's file listing"
  local revision="${REVISION:-main}" variant="${VARIANT:-}"

  # Hugging Face's listing gives each file's size and, for large (LFS) files, its SHA-256 ("lfs.oid");
  # small files are plain git blobs, checked by their git blob id ("oid", sha1 of "blob <size>\0" + bytes).
  local listing
  listing="$(mktemp)"
  # shellcheck disable=SC2064
  trap "rm -f '$listing'" EXIT
  if ! curl -fsSL --connect-timeout 15 --retry 2 "$HF/api/models/$repo/tree/$revision?recursive=true" -o "$listing"; then
    die "cannot reach $HF (offline, or no such repository $repo at $revision). Offline: copy a model folder to $target by hand, see models/README.md"
  fi
  local wanted=""
  for f in $WHISPER_FILES; do wanted="$wanted $f"; done
  for f in $WHISPER_OPTIONAL; do wanted="$wanted ?$f"; done
  for base in $WHISPER_ONNX; do
    wanted="$wanted ?onnx/$base.onnx ?onnx/$base.onnx_data"
    [[ -n "$variant" ]] && wanted="$wanted ?onnx/$base$variant.onnx ?onnx/$base$variant.onnx_data"
  done
  # one line per file to fetch: path, size, sha256 (or -), git blob id
  local plan
  plan="$(python3 - "$listing" $wanted <<'PY'
import json, sys
entries = {e["path"]: e for e in json.load(open(sys.argv[1])) if e.get("type") == "file"}
missing = []
for want in sys.argv[2:]:
    optional = want.startswith("?")
    path = want.lstrip("?")
    e = entries.get(path)
    if e is None:
        if not optional:
            missing.append(path)
        continue
    lfs = e.get("lfs") or {}
    print(path, e.get("size", 0), lfs.get("oid", "-"), e.get("oid", "-"))
if missing:
    sys.exit("the repository lacks " + ", ".join(missing))
PY
)" || die "unexpected file listing from $HF for $repo"
  grep -q '^onnx/encoder_model' <<<"$plan" || die "$repo has no onnx/encoder_model*.onnx"
  mkdir -p "$target/onnx" || die "cannot create $target"

  : > "$target/SHA256SUMS.part"
  local path bytes sha blob got
  while read -r path bytes sha blob; do
    local file="$target/$path"
    if [[ ! -f "$file" ]] || [[ "$(stat -c %s "$file")" != "$bytes" ]]; then
      echo "downloading $repo/$path ($bytes bytes) ..."
      curl -fL --connect-timeout 15 --retry 3 -C - "$HF/$repo/resolve/$revision/$path" -o "$file.part" \
        || die "download of $path failed; rerun to resume"
      mv -f "$file.part" "$file"
    fi
    if [[ "$sha" != "-" ]]; then
      got="$(sha256_of "$file")"
      [[ "$got" == "$sha" ]] || die "$file: SHA-256 $got, Hugging Face lists $sha; delete it and rerun"
    else
      got="$(python3 -c 'import hashlib,sys; d=open(sys.argv[1],"rb").read(); print(hashlib.sha1(b"blob %d\0" % len(d) + d).hexdigest())' "$file")"
      [[ "$got" == "$blob" ]] || die "$file: git blob id $got, Hugging Face lists $blob; delete it and rerun"
      got="$(sha256_of "$file")"
    fi
    echo "$got  $path" >> "$target/SHA256SUMS.part"
  done <<<"$plan"
  mv -f "$target/SHA256SUMS.part" "$target/SHA256SUMS"
  echo "$target: ready ($(wc -l < "$target/SHA256SUMS") files checked; SHA256SUMS written for --verify)"
  echo "use it with: whisper.models: [whisper-$size=$target]${variant:+ and whisper.variant: $variant}"
}

main() {
  if [[ $# -lt 1 || $# -gt 3 ]]; then
    usage >&2
    exit 2
  fi
  local model="$1"
  local verify=0
  if [[ "${2:-}" == "--verify" ]]; then
    verify=1
    shift
  elif [[ "${3:-}" == "--verify" ]]; then
    verify=1
  fi
  local dest_dir="${2:-$SCRIPT_DIR}"
  case "$dest_dir" in
    silero-vad | silero-vad-batched | whisper-*)
      # `fetch-models.sh silero-vad silero-vad-batched` would make a folder of that name: one model per call
      [[ -d "$dest_dir" ]] || die "'$dest_dir' is a model, not a folder: name one model per call"
      ;;
  esac
  case "$model" in
    -h | --help)
      usage
      ;;
    silero-vad)
      fetch_silero_vad "$dest_dir"
      ;;
    silero-vad-batched)
      make_silero_batched "$dest_dir"
      ;;
    whisper-*)
      fetch_whisper "${model#whisper-}" "$dest_dir" "$verify"
      ;;
    *)
      echo "$PROG: unknown model '$model'" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
