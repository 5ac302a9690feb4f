#!/usr/bin/env bash
# npm start: set everything up, then run api, media and worker in the
# foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh start

# Secrets come from the environment; on a first local start they are
# generated once into var/ (never committed) so restarts keep them.
mkdir -p var && chmod 700 var
if [ -z "${JWT_SECRET:-}" ]; then
  [ -s var/jwt-secret ] || (umask 077 && openssl rand -hex 32 > var/jwt-secret)
  JWT_SECRET="$(cat var/jwt-secret)"
  export JWT_SECRET
fi
if [ -z "${ADMIN_PASSWORD:-}" ]; then
  [ -s var/admin-password ] || (umask 077 && openssl rand -base64 18 | tr -d '/+=' > var/admin-password)
  ADMIN_PASSWORD="$(cat var/admin-password)"
  export ADMIN_PASSWORD
fi

node scripts/check-services.js --create-db
exec node scripts/launch.js
