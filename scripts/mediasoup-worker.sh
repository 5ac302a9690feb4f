#!/usr/bin/env bash
# Find, or build once and cache, a mediasoup-worker binary for the mediasoup
# package in node_modules, and print its absolute path as the LAST line on
# stdout. Everything else (progress, build logs) goes to stderr, so callers can do
#   MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker.sh)" && export MEDIASOUP_WORKER_BIN
#
# Resolution order:
#   1. $MEDIASOUP_WORKER_BIN, if it names an executable file;
#   2. node_modules/mediasoup/worker/out/Release/mediasoup-worker (mediasoup's own
#      postinstall downloaded or built it on a machine with internet);
#   3. the cached binary
#      ${YUNZHAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/yunzhao}/mediasoup-worker/
#        <mediasoup version>-<uname -s>-<uname -m>-<debian version|unknown>/mediasoup-worker
#   4. otherwise build it from the worker sources shipped in the npm package,
#      against Debian's system libraries (no network needed; see
#      scripts/mediasoup-shims/README.md), smoke-test it with mediasoup's Node
#      API, and install it atomically into that cache location.
#
# Builds are serialised with flock on a lock file in the cache directory: a
# second concurrent invocation waits, then reuses the first one's binary.
set -euo pipefail
set -o errtrace

# Keep the real stdout on fd 3 for the final path; send everything else to stderr.
exec 3>&1 1>&2

log() { printf '[mediasoup-worker] %s\n' "$*" >&2; }
die() {
  printf '[mediasoup-worker] error: %s\n' "$*" >&2
  exit 1
}
# shellcheck disable=SC2317 # invoked from a trap
on_err() {
  local rc=$1 line=$2 cmd=$3
  # Report once, from the top-level shell (not from a failing subshell too).
  if [[ "${BASH_SUBSHELL}" -eq 0 ]]; then
    printf '[mediasoup-worker] error: command failed (exit %s) at line %s: %s\n' "${rc}" "${line}" "${cmd}" >&2
  fi
}
trap 'on_err "$?" "$LINENO" "$BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# Print the result on the real stdout and stop.
emit() {
  printf '%s\n' "$1" >&3
  exit 0
}

# Absolute form of a path, without resolving symlinks.
abspath() {
  realpath -s -m -- "$1" 2>/dev/null && return 0
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "${PWD}" "${1#./}" ;;
  esac
}

if [[ $# -gt 0 ]]; then
  case "$1" in
    -h | --help)
      sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 0
      ;;
    *) die "unexpected argument '$1' (this script takes none; see --help)" ;;
  esac
fi

# Debian packages needed to build the worker (scripts/debian-packages.txt is the
# superset CI installs, including what the test suite needs).
BUILD_PACKAGES=(
  meson
  ninja-build
  pkg-config
  g++
  libuv1-dev
  libssl-dev
  libsrtp2-dev
  libusrsctp-dev
  libabsl-dev
  nlohmann-json3-dev
)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SHIM_DIR="${REPO_ROOT}/scripts/mediasoup-shims"
MEDIASOUP_DIR="${REPO_ROOT}/node_modules/mediasoup"

# --- 1. Explicit override -----------------------------------------------------
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  if [[ -f "${MEDIASOUP_WORKER_BIN}" && -x "${MEDIASOUP_WORKER_BIN}" ]]; then
    log "using MEDIASOUP_WORKER_BIN"
    emit "$(abspath "${MEDIASOUP_WORKER_BIN}")"
  fi
  log "warning: MEDIASOUP_WORKER_BIN='${MEDIASOUP_WORKER_BIN}' is not an executable file; ignoring it"
fi

[[ -f "${MEDIASOUP_DIR}/package.json" ]] ||
  die "${MEDIASOUP_DIR} not found: run 'npm ci' (or 'npm install') in ${REPO_ROOT} first"

# --- 2. Worker downloaded/built by mediasoup's own postinstall ----------------
PREBUILT="${MEDIASOUP_DIR}/worker/out/Release/mediasoup-worker"
if [[ -f "${PREBUILT}" && -x "${PREBUILT}" ]]; then
  log "using the worker installed by mediasoup's postinstall"
  emit "${PREBUILT}"
fi

# --- 3. Cached build ------------------------------------------------------------
if command -v node >/dev/null 2>&1; then
  MEDIASOUP_VERSION="$(node -p 'require(process.argv[1]).version' "${MEDIASOUP_DIR}/package.json")"
else
  MEDIASOUP_VERSION="$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "${MEDIASOUP_DIR}/package.json" | sed -n 1p)"
fi
[[ -n "${MEDIASOUP_VERSION}" ]] || die "cannot read the mediasoup version from ${MEDIASOUP_DIR}/package.json"

DEBIAN_VERSION="unknown"
if [[ -r /etc/debian_version ]]; then
  DEBIAN_VERSION="$(tr -d '[:space:]' </etc/debian_version)"
  DEBIAN_VERSION="${DEBIAN_VERSION//\//_}" # e.g. "trixie/sid" -> "trixie_sid"
  [[ -n "${DEBIAN_VERSION}" ]] || DEBIAN_VERSION="unknown"
fi

if [[ -z "${YUNZHAO_CACHE_DIR:-}" && -z "${XDG_CACHE_HOME:-}" && -z "${HOME:-}" ]]; then
  die "HOME is not set: set YUNZHAO_CACHE_DIR (or XDG_CACHE_HOME) to choose the cache directory"
fi
CACHE_ROOT="${YUNZHAO_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/yunzhao}"
CACHE_ROOT="$(abspath "${CACHE_ROOT}")"
CACHE_KEY="${MEDIASOUP_VERSION}-$(uname -s)-$(uname -m)-${DEBIAN_VERSION}"
CACHE_DIR="${CACHE_ROOT}/mediasoup-worker/${CACHE_KEY}"
CACHED_BIN="${CACHE_DIR}/mediasoup-worker"

# Fast path: no lock, no smoke check (a cached binary passed it when it was built).
if [[ -f "${CACHED_BIN}" && -x "${CACHED_BIN}" ]]; then
  emit "${CACHED_BIN}"
fi

# --- 4. Build -------------------------------------------------------------------

# Run mediasoup's Node API against a worker binary: worker, router (opus + VP8),
# WebRtcTransport on 127.0.0.1, PlainTransport, then close everything.
SMOKE_JS="$(
  cat <<'EOF'
const mediasoup = require('mediasoup');
(async () => {
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const router = await worker.createRouter({
    mediaCodecs: [
      { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
      { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
    ],
  });
  const mimeTypes = router.rtpCapabilities.codecs.map((c) => c.mimeType);
  for (const m of ['audio/opus', 'video/VP8']) {
    if (!mimeTypes.includes(m)) throw new Error(`router lacks ${m}: ${mimeTypes.join(', ')}`);
  }
  const webRtc = await router.createWebRtcTransport({
    listenIps: [{ ip: '127.0.0.1' }],
    enableUdp: true,
    enableTcp: true,
  });
  const plain = await router.createPlainTransport({
    listenIp: { ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: false,
  });
  if (!webRtc.iceCandidates.length) throw new Error('WebRtcTransport has no ICE candidates');
  if (!plain.tuple || !plain.tuple.localPort) throw new Error('PlainTransport has no local port');
  console.log(
    `smoke check ok: mediasoup ${mediasoup.version}, worker pid ${worker.pid}, ` +
      `${webRtc.iceCandidates.length} ICE candidates, plain port ${plain.tuple.localPort}`,
  );
  plain.close();
  webRtc.close();
  router.close();
  worker.close();
})().catch((err) => {
  console.error('smoke check failed:', err && err.stack ? err.stack : err);
  process.exit(1);
});
EOF
)"

smoke_check() {
  local bin=$1
  command -v node >/dev/null 2>&1 || {
    log "node is not on PATH"
    return 1
  }
  (cd "${REPO_ROOT}" && MEDIASOUP_WORKER_BIN="${bin}" timeout 60 node -e "${SMOKE_JS}") >&2
}

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

ensure_build_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    log "warning: dpkg-query not found (not Debian?); cannot check the build packages (${BUILD_PACKAGES[*]}); meson will report what is missing"
    return 0
  fi
  local missing=() pkg
  for pkg in "${BUILD_PACKAGES[@]}"; do
    is_installed "${pkg}" || missing+=("${pkg}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing missing Debian build packages: ${missing[*]}"
    apt-get update >&2 || die "apt-get update failed (log above)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2 ||
      die "apt-get install ${missing[*]} failed (log above)"
    return 0
  fi
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo "
  die "missing Debian build packages; run: ${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
}

BUILD_TMP=""
STAGED_BIN=""
# shellcheck disable=SC2317 # invoked from a trap
cleanup() {
  if [[ -n "${STAGED_BIN}" ]]; then rm -f -- "${STAGED_BIN}"; fi
  if [[ -n "${BUILD_TMP}" ]]; then rm -rf -- "${BUILD_TMP}"; fi
}
trap cleanup EXIT

command -v flock >/dev/null 2>&1 || die "flock not found (Debian package util-linux)"
mkdir -p -- "${CACHE_DIR}" || die "cannot create cache directory ${CACHE_DIR}"
LOCK_FILE="${CACHE_DIR}/.lock"
exec 9>"${LOCK_FILE}" || die "cannot open lock file ${LOCK_FILE}"
if ! flock -n 9; then
  log "another invocation is building the worker; waiting for ${LOCK_FILE}"
  flock 9
fi

# Someone else may have finished the build while we waited.
if [[ -f "${CACHED_BIN}" && -x "${CACHED_BIN}" ]]; then
  log "reusing the worker built by a concurrent invocation"
  emit "${CACHED_BIN}"
fi
# Leftovers of a build that was killed (only the lock holder creates these).
rm -f -- "${CACHE_DIR}"/.mediasoup-worker.tmp.*

log "no cached worker for ${CACHE_KEY}; building mediasoup ${MEDIASOUP_VERSION}'s worker from source (several minutes)"
ensure_build_packages
for tool in meson ninja pkg-config c++; do
  command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' not found on PATH (install: ${BUILD_PACKAGES[*]})"
done
[[ -f "${MEDIASOUP_DIR}/worker/meson.build" ]] ||
  die "${MEDIASOUP_DIR}/worker/meson.build not found: this mediasoup package ships no worker sources"
[[ -d "${SHIM_DIR}" ]] || die "shim directory ${SHIM_DIR} not found"

BUILD_TMP="$(mktemp -d "${TMPDIR:-/tmp}/yunzhao-mediasoup-worker.XXXXXX")"
SRC="${BUILD_TMP}/worker"
BUILD="${BUILD_TMP}/build"
START_SECONDS=${SECONDS}

# Work on a copy: node_modules is never modified.
cp -R -- "${MEDIASOUP_DIR}/worker" "${SRC}"
chmod -R u+w -- "${SRC}"
rm -rf -- "${SRC}/out"

# Lower the meson version requirement in the copy when the installed meson is
# older (Debian 12 ships 1.0.1; mediasoup 3.12.16 asks for >= 1.1.0 but builds).
MESON_VERSION="$(meson --version)"
MESON_REQUIRED="$(sed -n "s/.*meson_version[[:space:]]*:[[:space:]]*'>=[[:space:]]*\([0-9][0-9.]*\)'.*/\1/p" "${SRC}/meson.build" | sed -n 1p)"
if [[ -n "${MESON_REQUIRED}" && "${MESON_REQUIRED}" != "${MESON_VERSION}" &&
  "$(printf '%s\n%s\n' "${MESON_REQUIRED}" "${MESON_VERSION}" | sort -V | sed -n 1p)" == "${MESON_VERSION}" ]]; then
  log "lowering the meson requirement in the build copy from >= ${MESON_REQUIRED} to >= ${MESON_VERSION}"
  sed -i "s/\(meson_version[[:space:]]*:[[:space:]]*'>=[[:space:]]*\)[0-9][0-9.]*'/\1${MESON_VERSION}'/" "${SRC}/meson.build"
fi

# Shim subprojects: for each scripts/mediasoup-shims/<wrap>/, create
# subprojects/<directory named in <wrap>.wrap>, so meson uses the system library
# instead of downloading the wrap.
shim_count=0
for shim in "${SHIM_DIR}"/*/; do
  name="$(basename -- "${shim}")"
  wrap="${SRC}/subprojects/${name}.wrap"
  [[ -f "${wrap}" ]] || die "shim '${name}' has no matching subprojects/${name}.wrap in mediasoup ${MEDIASOUP_VERSION}"
  dir="$(sed -n '/^[[:space:]]*directory[[:space:]]*=/{s/^[^=]*=[[:space:]]*//;s/[[:space:]]*$//;p;q;}' "${wrap}")"
  [[ -n "${dir}" && "${dir}" != */* ]] || die "cannot read 'directory =' from ${name}.wrap"
  rm -rf -- "${SRC}/subprojects/${dir}"
  cp -R -- "${shim}" "${SRC}/subprojects/${dir}"
  cp -- "${SHIM_DIR}/empty.c" "${SRC}/subprojects/${dir}/empty.c"
  shim_count=$((shim_count + 1))
done
[[ ${shim_count} -gt 0 ]] || die "no shim subprojects found in ${SHIM_DIR}"

log "meson setup (meson ${MESON_VERSION}) in ${BUILD_TMP}"
meson setup --buildtype=release --wrap-mode=nodownload "${BUILD}" "${SRC}" >&2 ||
  die "meson setup failed (log above)"
log "ninja -C ${BUILD} mediasoup-worker"
ninja -C "${BUILD}" mediasoup-worker >&2 || die "ninja build of mediasoup-worker failed (log above)"
[[ -x "${BUILD}/mediasoup-worker" ]] || die "the build produced no ${BUILD}/mediasoup-worker"
BUILD_SECONDS=$((SECONDS - START_SECONDS))
log "built in ${BUILD_SECONDS}s"

# Stage next to the final path (same filesystem), verify, then publish with mv.
STAGED_BIN="${CACHE_DIR}/.mediasoup-worker.tmp.$$"
cp -- "${BUILD}/mediasoup-worker" "${STAGED_BIN}"
chmod 0755 -- "${STAGED_BIN}"

log "smoke check: worker, router (opus + VP8), WebRtcTransport on 127.0.0.1, PlainTransport"
if ! smoke_check "${STAGED_BIN}"; then
  rm -f -- "${STAGED_BIN}" "${CACHED_BIN}"
  die "the freshly built worker failed the smoke check (log above); nothing was cached"
fi
mv -f -- "${STAGED_BIN}" "${CACHED_BIN}"
STAGED_BIN=""
rm -rf -- "${BUILD_TMP}"
BUILD_TMP=""
log "cached ${CACHED_BIN}"
emit "${CACHED_BIN}"
