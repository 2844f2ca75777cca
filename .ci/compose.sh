#!/usr/bin/env bash
# What the Compose run of the container suite needs, idempotently (installs and builds only what is
# missing):
# 1. a Compose: `docker compose` (v2 plugin) when present, else Debian's `docker-compose` package
#    (1.29.2; bookworm packages no Compose v2), installed with apt;
# 2. a PostgreSQL image: the one compose.yaml names when it can be found or pulled, else a local
#    stand-in (scripts/containers/postgres-standin: Debian's PostgreSQL 15 on the local Node base
#    image) tagged todo-ci/postgres-standin:15-<content hash>.
# Prints `export COMPOSE=...` and `export POSTGRES_IMAGE=...` lines for the caller to eval.
# Expects bash .ci/docker.sh to have run (engine + local base image).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[compose.sh] %s\n' "$*" >&2; }
DOCKER="${DOCKER:-/usr/bin/docker}"
[[ -x "$DOCKER" ]] || DOCKER="$(command -v docker)"

# --- 1. Compose ---------------------------------------------------------------------------------
if "$DOCKER" compose version >/dev/null 2>&1; then
  COMPOSE="$DOCKER compose"
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    log "installing docker-compose with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2
    apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends docker-compose >&2
  fi
  COMPOSE="$(command -v docker-compose)"
fi
log "compose: $($COMPOSE version 2>/dev/null | head -n1)"

# --- 2. PostgreSQL image --------------------------------------------------------------------------
WANTED="$(sed -n 's/^ *image: \${POSTGRES_IMAGE:-\(.*\)}$/\1/p' compose.yaml | head -n1)"
[[ -n "$WANTED" ]] || { log "ERROR: compose.yaml names no postgres image"; exit 1; }
# Tagged by the content of its two files, so a change rebuilds it.
STANDIN="todo-ci/postgres-standin:15-$(cat scripts/containers/postgres-standin/* | sha256sum | cut -c1-12)"
if "$DOCKER" image inspect "$WANTED" >/dev/null 2>&1 || timeout 60 "$DOCKER" pull -q "$WANTED" >/dev/null 2>&1; then
  POSTGRES_IMAGE="$WANTED"
else
  if ! "$DOCKER" image inspect "$STANDIN" >/dev/null 2>&1; then
    NODE_IMAGE="$(sed -n 's/^ARG NODE_IMAGE=//p' apps/backend/Dockerfile | head -n1)"
    log "no registry: building $STANDIN (Debian PostgreSQL 15 on $NODE_IMAGE) instead of $WANTED"
    DOCKER_BUILDKIT=1 "$DOCKER" build -q --network=host --build-arg "BASE_IMAGE=$NODE_IMAGE" \
      -t "$STANDIN" scripts/containers/postgres-standin >&2
  fi
  POSTGRES_IMAGE="$STANDIN"
fi
log "postgres image: $POSTGRES_IMAGE"
printf 'export COMPOSE=%q\nexport POSTGRES_IMAGE=%q\n' "$COMPOSE" "$POSTGRES_IMAGE"
