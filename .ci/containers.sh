#!/usr/bin/env bash
# Container contract suite for CI: Docker engine + Node base image (.ci/docker.sh, idempotent and
# cached), Compose + a PostgreSQL image (.ci/compose.sh), then `npm run test:containers` (builds both
# images, runs them as the Deployments declare, brings compose.yaml up and smoke-tests it), with a
# local registry for the registry run (.ci/registry.sh).
# Expects `npm ci` to have run. Called from .ci/run as: bash .ci/containers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/docker.sh >/dev/null
export DOCKER=/usr/bin/docker DOCKER_BUILDKIT=1
[[ -x "$DOCKER" ]] || DOCKER="$(command -v docker)"

# The suite's throwaway PostgreSQL cluster uses the host's server binaries (initdb/pg_ctl) and psql.
command -v psql >/dev/null || { echo "psql is not installed" >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
PG_BIN_DIR="$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n1)")"
export PG_BIN_DIR

# The Compose run (scripts/containers/compose.containers.test.ts): a Compose and a PostgreSQL image.
# (assigned first: set -e stops on a failed command substitution in an assignment, not inside eval)
compose_env="$(bash .ci/compose.sh)"
eval "$compose_env"

# The registry run (scripts/containers/registry.containers.test.ts): a local registry with password auth.
registry_env="$(bash .ci/registry.sh)"
eval "$registry_env"

npm run test:containers
