#!/usr/bin/env bash
# The WebAssembly binding's whole test suite, on a machine that has only the
# Rust toolchain, Node.js 20 and npm: installs what is missing (the wasm32
# target and wasm-bindgen-cli via build.sh, the test packages with npm ci,
# Debian's chromium), builds the package and the CLI, then runs
#   1. node:test suites: every shared vector through its query (splits also
#      through splitMany), arguments of every type and the error class, the
#      API against the CLI, npm pack + install + tsc --noEmit over a typed
#      usage file and over every vector's expected document;
#   2. the browser end-to-end test (screenshots in tests/artifacts/).
# Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
log() { printf '\ntest.sh: %s\n' "$*" >&2; }

if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  log "installing Debian's chromium"
  sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

log "npm ci (TypeScript, playwright-core, binaryen)"
(cd "$here/tests" && npm ci --no-audit --no-fund --loglevel=error)

log "building the package"
bash "$here/build.sh"

log "building the CLI to compare with"
(cd "$root" && cargo build -p coshare-cli)

cd "$here/tests"
rm -rf artifacts
log "node:test: vectors, API, package and types"
node --test --test-reporter=spec vectors.test.mjs split_many.test.mjs arguments.test.mjs api.test.mjs package.test.mjs

log "end-to-end in headless Chromium"
node --test --test-reporter=spec e2e.test.mjs
log "all passed; screenshots in $here/tests/artifacts/"
