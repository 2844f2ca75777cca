#!/usr/bin/env bash
# The real tools the cluster suite drives, built from the Go module proxy (no other download works on
# these machines) into a cache keyed by their versions:
#
#   bash .ci/tools.sh            # idempotent: builds only what is missing; prints `export ...` lines
#
#   $TODO_TOOLS_DIR/<tool>-<version>/bin/...   (default /var/cache/todo-tools)
#
# Every version below is pinned exactly: the proxy serves only some module versions (a version it
# does not serve answers "403 ... not available" at once), and a tool rebuilt at another version
# would be another tool. Cold builds on 2 cores (measured, see docs/testing.md "The cluster suite"): Pulumi CLI
# ~4 min, Kubernetes provider ~6-9 min, kube-* ~3.5 min, kwok ~1.5 min, language host and etcd < 1 min.
set -euo pipefail
cd "$(dirname "$0")/.."

PULUMI_VERSION=3.248.0
# The newest Node language host the proxy serves; later ones are a module of their own.
LANGUAGE_NODEJS_VERSION=3.68.0
# The only pulumi-kubernetes provider pseudo-version the proxy serves. It is installed as a plugin
# under the version the npm SDK (@pulumi/kubernetes in package-lock.json) asks for.
K8S_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199
K8S_PROVIDER_SDK_REPLACE=v4.22.2
K8S_PROVIDER_PULUMI_VERSION=v3.215.0
KUBERNETES_VERSION=1.36.1
ETCD_VERSION=3.6.10
KWOK_VERSION=0.8.0
CLIPBOARD_REPLACE=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e

TOOLS_DIR="${TODO_TOOLS_DIR:-/var/cache/todo-tools}"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" GOTOOLCHAIN=local
export PATH="/usr/local/go/bin:$PATH"

log() { printf '[tools.sh] %s\n' "$*" >&2; }
die() { printf '[tools.sh] ERROR: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null || die "Go is not installed (expected /usr/local/go/bin/go)"

# build_once <dir> <label> <function>: runs <function> <work dir> <dir>/bin unless <dir>/.done exists.
# The marker is written last, so an interrupted build starts over instead of leaving half a tool.
build_once() {
  local dir="$1" label="$2" fn="$3"
  if [[ -f "$dir/.done" ]]; then log "$label: cached ($dir)"; return; fi
  local work start
  work="$(mktemp -d /tmp/todo-tool.XXXXXX)"
  start=$(date +%s)
  log "$label: building (cold builds take minutes)"
  rm -rf "$dir"; mkdir -p "$dir/bin"
  ( cd "$work" && "$fn" "$work" "$dir/bin" ) >"$work.log" 2>&1 || {
    tail -n 40 "$work.log" >&2
    die "$label: build failed (full log: $work.log)"
  }
  rm -rf "$work" "$work.log"
  touch "$dir/.done"
  log "$label: built in $(( $(date +%s) - start )) s"
}

new_module() { go mod init todo.local/tools >/dev/null 2>&1; }

build_pulumi() {
  new_module
  # pkg/v3's own go.mod replaces atotto/clipboard; a dependency's replace is not applied, so repeat it.
  go mod edit -replace "github.com/atotto/clipboard=$CLIPBOARD_REPLACE"
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION"
  go build -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$2/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_language_nodejs() {
  new_module
  go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@v$LANGUAGE_NODEJS_VERSION"
  go build -o "$2/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
}

build_kubernetes_provider() {
  local version="$K8S_SDK_VERSION" mod
  new_module
  go get "github.com/pulumi/pulumi-kubernetes/provider/v4@$K8S_PROVIDER_MODULE_VERSION"
  mod="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)"
  # The provider's main embeds files its go:generate step writes (not in the module zip): the schema
  # with its version set, and the terraform mapping (cmd/pulumi-resource-kubernetes/generate.go).
  mkdir -p cmd && cp "$mod/cmd/pulumi-resource-kubernetes/main.go" cmd/
  node -e '
    const fs = require("fs"); const [src, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
    schema.version = version;
    fs.writeFileSync("cmd/schema-embed.json", JSON.stringify(schema));
    fs.writeFileSync("cmd/terraform-mapping-embed.json",
      JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
  ' "$mod/cmd/pulumi-resource-kubernetes" "$version"
  # Its go.mod replaces the SDK with ../sdk (not in the zip) and builds against pulumi v3.215.0.
  go mod edit \
    -replace "github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$K8S_PROVIDER_SDK_REPLACE" \
    -require "github.com/pulumi/pulumi/sdk/v3@$K8S_PROVIDER_PULUMI_VERSION" \
    -require "github.com/pulumi/pulumi/pkg/v3@$K8S_PROVIDER_PULUMI_VERSION"
  go mod tidy
  go build -ldflags "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$version" \
    -o "$2/pulumi-resource-kubernetes" ./cmd
}

build_kubernetes() {
  local gomod
  new_module
  go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" >/dev/null
  gomod="$(go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).GoMod));')"
  # k8s.io/kubernetes names its staging modules (k8s.io/api, ...) at v0.0.0 with a local replace;
  # outside its repository each must be replaced with the published v0.<minor>.<patch>.
  local staging
  staging="$(sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod")"
  [[ -n "$staging" ]] || die "no staging modules found in $gomod"
  local args=()
  for m in $staging; do args+=(-replace "$m=$m@v0.${KUBERNETES_VERSION#1.}"); done
  go mod edit "${args[@]}"
  go get "k8s.io/kubernetes@v$KUBERNETES_VERSION"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
    go get "k8s.io/kubernetes/cmd/$cmd@v$KUBERNETES_VERSION"
  done
  for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
    go build -o "$2/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
}

build_etcd() {
  new_module
  # etcd's binary is etcdmain.Main; the server module holds it, the repository root's main.go only
  # calls it.
  cat >main.go <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  go mod tidy
  go build -o "$2/etcd" .
}

build_kwok() {
  GOBIN="$2" go install "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@v$KWOK_VERSION"
  # The stages kwokctl applies when given none (pkg/kwokctl/runtime/cluster.go): the cluster suite
  # passes them with one of its own, which replaces the defaults, so it needs copies.
  local mod stages="$2/../stages"
  go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" >/dev/null
  mod="$(go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage"
  mkdir -p "$stages"
  cp "$mod/node/fast/node-initialize.yaml" "$mod/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
    "$mod/pod/fast/pod-ready.yaml" "$mod/pod/fast/pod-complete.yaml" "$mod/pod/fast/pod-delete.yaml" "$stages/"
}

K8S_SDK_VERSION="$(node -p 'require("./package-lock.json").packages["node_modules/@pulumi/kubernetes"].version')"
[[ "$K8S_SDK_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read @pulumi/kubernetes's version from package-lock.json"

PULUMI_DIR="$TOOLS_DIR/pulumi-$PULUMI_VERSION"
LANGUAGE_DIR="$TOOLS_DIR/pulumi-language-nodejs-$LANGUAGE_NODEJS_VERSION"
PROVIDER_DIR="$TOOLS_DIR/pulumi-resource-kubernetes-$K8S_SDK_VERSION-${K8S_PROVIDER_MODULE_VERSION##*-}"
KUBE_DIR="$TOOLS_DIR/kubernetes-$KUBERNETES_VERSION"
ETCD_DIR="$TOOLS_DIR/etcd-$ETCD_VERSION"
KWOK_DIR="$TOOLS_DIR/kwok-$KWOK_VERSION"

# One build at a time per cache: a second run (another suite, a second terminal) waits for the first
# instead of building the same tool into the same directory.
mkdir -p "$TOOLS_DIR"
exec 9>"$TOOLS_DIR/.lock"
flock 9

only="${1:-all}"
want() { [[ "$only" == all || " $only " == *" $1 "* ]]; }
want pulumi && build_once "$PULUMI_DIR" "Pulumi CLI $PULUMI_VERSION" build_pulumi
want language && build_once "$LANGUAGE_DIR" "Node language host $LANGUAGE_NODEJS_VERSION" build_language_nodejs
want etcd && build_once "$ETCD_DIR" "etcd $ETCD_VERSION" build_etcd
want kwok && build_once "$KWOK_DIR" "kwok $KWOK_VERSION" build_kwok
want kubernetes && build_once "$KUBE_DIR" "Kubernetes $KUBERNETES_VERSION" build_kubernetes
want provider && build_once "$PROVIDER_DIR" "Kubernetes provider for @pulumi/kubernetes $K8S_SDK_VERSION" build_kubernetes_provider

# For the caller to eval (tests/cluster reads these).
cat <<EOF
export TODO_PULUMI_BIN=$PULUMI_DIR/bin/pulumi
export TODO_PULUMI_LANGUAGE_DIR=$LANGUAGE_DIR/bin
export TODO_K8S_PROVIDER_BIN=$PROVIDER_DIR/bin/pulumi-resource-kubernetes
export TODO_K8S_PROVIDER_VERSION=$K8S_SDK_VERSION
export TODO_KUBE_BIN_DIR=$KUBE_DIR/bin
export TODO_ETCD_BIN=$ETCD_DIR/bin/etcd
export TODO_KWOK_BIN_DIR=$KWOK_DIR/bin
export TODO_KWOK_STAGES_DIR=$KWOK_DIR/stages
EOF
