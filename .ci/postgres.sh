#!/usr/bin/env bash
# The PostgreSQL the suites use when DATABASE_URL is set, idempotently: Debian's PostgreSQL 15 server
# (installed with apt when missing), its `main` cluster started on 127.0.0.1:5432, the `postgres`
# role given the password `postgres` (Debian's pg_hba.conf asks TCP clients for a password,
# scram-sha-256) and a `test` database. A throwaway CI credential on loopback only; nothing else
# reaches this port. Leaves the server running.
set -euo pipefail

log() { printf '[postgres.sh] %s\n' "$*" >&2; }
die() { printf '[postgres.sh] ERROR: %s\n' "$*" >&2; exit 1; }

if ! ls /etc/postgresql/*/main/postgresql.conf >/dev/null 2>&1; then
  log "installing postgresql with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -q >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends postgresql >&2
fi
version="$(ls /etc/postgresql | sort -V | tail -n1)"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432 -q || die "PostgreSQL $version did not answer on 127.0.0.1:5432 (see /var/log/postgresql/)"

# Over the Unix socket as the postgres OS user (peer auth), the one way in before a password exists.
as_postgres() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
as_postgres -c "ALTER ROLE postgres PASSWORD 'postgres'"
if [[ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]]; then
  as_postgres -c 'CREATE DATABASE test'
fi
PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d test -qAt -c 'SELECT 1' >/dev/null \
  || die "cannot log in as postgres@127.0.0.1/test with the password"
log "PostgreSQL $version on 127.0.0.1:5432: role postgres (password postgres), database test"
