#!/usr/bin/env bash
# Everything a fresh clone needs before it can run or test, done once and
# skipped when already done. Sourced by start.sh and test.sh so the exported
# variables (MEDIASOUP_WORKER_BIN) reach the processes they start.
#   usage: source scripts/setup.sh [start|test]
set -euo pipefail
purpose="${1:-start}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# Node 20.19+ (Vite and NestJS 11 need it).
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "Node.js >= 20.19 is required (found $(node --version))." >&2
  exit 1
}

# Debian packages: ffmpeg for recordings; Chromium and CJK fonts for the browser tests.
packages=(ffmpeg)
[ "$purpose" = test ] && packages+=(chromium fonts-noto-cjk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm dependencies, when missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund >&2
fi

# The mediasoup worker binary (built once per machine into a cache outside the repo).
MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker.sh | tail -n 1)"
export MEDIASOUP_WORKER_BIN

# Build the apps and the web bundle when any source is newer than the last build.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find apps libs tools package-lock.json tsconfig.json tsconfig.build.json -newer "$stamp" -type f -print -quit)" ]; then
  say "building"
  rm -rf dist
  npm run --silent build >&2
  touch "$stamp"
fi
