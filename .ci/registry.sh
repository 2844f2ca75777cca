#!/usr/bin/env bash
# A local Docker registry with password auth for the container suite's registry test
# (scripts/containers/registry.containers.test.ts), idempotently: Debian's docker-registry package
# (the distribution project's registry, 2.8) and htpasswd from apache2-utils (the registry accepts
# bcrypt entries only), installed with apt when missing; one user with a random password kept in
# /var/cache/todo-registry; the registry started on 127.0.0.1:5000 unless it already answers there.
# Docker allows plain HTTP to a registry on localhost, so no certificate is needed.
# Prints `export REGISTRY_TEST_*=...` lines for the caller to eval.
set -euo pipefail

log() { printf '[registry.sh] %s\n' "$*" >&2; }
DIR=/var/cache/todo-registry
ADDR=127.0.0.1:5000
USER_NAME=todo-ci

if ! command -v docker-registry >/dev/null 2>&1 || ! command -v htpasswd >/dev/null 2>&1; then
  log "installing docker-registry and apache2-utils with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -q >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends docker-registry apache2-utils >&2
fi
# The package's own service (Debian starts one on :5000 where systemd runs; here nothing runs it).
mkdir -p "$DIR/data"
if [[ ! -s "$DIR/password" ]]; then
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/password"
  htpasswd -Bbn "$USER_NAME" "$(cat "$DIR/password")" > "$DIR/htpasswd" 2>/dev/null
fi
cat > "$DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: $ADDR
auth:
  htpasswd:
    realm: todo-ci
    path: $DIR/htpasswd
CONFIG

answers() { [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDR/v2/")" == 401 ]]; }
if ! answers; then
  log "starting docker-registry on $ADDR (log: $DIR/registry.log)"
  nohup docker-registry serve "$DIR/config.yml" >> "$DIR/registry.log" 2>&1 &
  for _ in $(seq 1 50); do answers && break; sleep 0.2; done
  answers || { log "ERROR: docker-registry did not answer on $ADDR; see $DIR/registry.log"; tail -n 20 "$DIR/registry.log" >&2; exit 1; }
fi
log "registry: http://$ADDR (user $USER_NAME, password in $DIR/password)"
printf 'export REGISTRY_TEST_ADDRESS=%q\nexport REGISTRY_TEST_USERNAME=%q\nexport REGISTRY_TEST_PASSWORD_FILE=%q\n' "localhost:5000" "$USER_NAME" "$DIR/password"
