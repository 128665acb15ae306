#!/usr/bin/env bash
# Builds the npm package of the WebAssembly binding into bindings/wasm/pkg:
#   pkg/node/  wasm-bindgen's Node.js target (CommonJS), used by the tests
#   pkg/web/   wasm-bindgen's web target (ES module with an init function), used by the page
# plus package.json, README.md and LICENSE, ready for `npm pack`.
#
# Installs what it needs when missing: the wasm32-unknown-unknown target, and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in
# Cargo.lock, into a cache ($COSHARE_TOOLS_DIR, default ~/.cache/coshare-tools).
#
# Size and speed: the workspace release profile, overridden through Cargo's
# environment: fat LTO, one codegen unit, and opt-level "z" (size) for the
# web build, which every page view downloads, but "3" (speed) for the Node.js
# build, installed once and run on whole ledgers, where "z" is 1.8x slower
# (see README.md). COSHARE_WEB_OPT_LEVEL and COSHARE_NODE_OPT_LEVEL override
# the two levels, CARGO_PROFILE_RELEASE_LTO and _CODEGEN_UNITS the others.
# wasm-bindgen runs without the name and producers sections. wasm-opt is optional:
# WASM_OPT=auto uses tests/node_modules/.bin/wasm-opt (the npm package
# binaryen, installed by `npm ci` in tests/) or one on PATH, WASM_OPT=PATH
# that binary; unset, it is skipped. It saves ~10% raw but the result
# compresses worse (see README.md), so the default leaves it out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

log() { printf 'build.sh: %s\n' "$*" >&2; }

version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  log "cannot find the wasm-bindgen version in Cargo.lock (run cargo build -p coshare-wasm once)"
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

tools="${COSHARE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/coshare-tools}"
bindgen="$tools/wasm-bindgen-cli-$version/bin/wasm-bindgen"
if [[ ! -x "$bindgen" ]]; then
  if command -v wasm-bindgen >/dev/null && [[ "$(wasm-bindgen --version)" == "wasm-bindgen $version" ]]; then
    bindgen="$(command -v wasm-bindgen)"
  else
    log "installing wasm-bindgen-cli $version into $tools (a few minutes, once)"
    # --locked first; when a crate pinned in its lock file is no longer
    # offered by the registry (yanked), resolve its dependencies afresh.
    cargo install wasm-bindgen-cli --version "=$version" --locked \
      --root "$tools/wasm-bindgen-cli-$version" ||
      cargo install wasm-bindgen-cli --version "=$version" \
        --root "$tools/wasm-bindgen-cli-$version"
  fi
fi
log "using $("$bindgen" --version)"

export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-fat}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/release/coshare_wasm.wasm"

out="$here/pkg"
rm -rf "$out"
mkdir -p "$out"
# Cargo keeps both builds (the opt-level is part of their hash); each run
# after the first only relinks the one asked for.
bindgen_target() { # opt-level, wasm-bindgen target, directory
  CARGO_PROFILE_RELEASE_OPT_LEVEL="$1" cargo build --release --target wasm32-unknown-unknown -p coshare-wasm
  "$bindgen" --remove-name-section --remove-producers-section --target "$2" --out-dir "$out/$3" "$wasm"
}
bindgen_target "${COSHARE_NODE_OPT_LEVEL:-3}" nodejs node
bindgen_target "${COSHARE_WEB_OPT_LEVEL:-z}" web web

# The error class: src/coshare_error.js, which src/errors.rs imports, is
# copied by wasm-bindgen into each build's snippets/; every thrown error is
# an instance of it. wasm-bindgen does not export what Rust imports, so the
# package entry of each build re-exports the class from that same module
# (the same class object: `e instanceof CoshareError`). The Node.js build is
# CommonJS and must load on Node.js 18, which cannot require an ES module:
# its copy of the class ends with module.exports instead of export.
error_class() { # build directory -> path of its copy of the class, relative to it
  local found
  found="$(cd "$out/$1" && find snippets -path '*/src/coshare_error.js')"
  if [[ -z "$found" || "$found" == *$'\n'* ]]; then
    log "expected one snippets/*/src/coshare_error.js in $out/$1, found: ${found:-none}"
    exit 1
  fi
  printf '%s' "$found"
}
node_class="$(error_class node)"
web_class="$(error_class web)"
if [[ "$(tail -n 1 "$out/node/$node_class")" != 'export { CoshareError };' ]]; then
  log "src/coshare_error.js must end with the line: export { CoshareError };"
  exit 1
fi
class_body="$(sed '$d' "$out/node/$node_class")"
printf '%s\nmodule.exports = { CoshareError };\n' "$class_body" > "$out/node/$node_class"
printf '\nexports.CoshareError = require("./%s").CoshareError;\n' "$node_class" >> "$out/node/coshare_wasm.js"
printf '\nexport { CoshareError } from "./%s";\n' "$web_class" >> "$out/web/coshare_wasm.js"
# The web build is an ES module; the package root (and node/) stay CommonJS.
printf '{\n  "type": "module"\n}\n' > "$out/web/package.json"
cp "$here/npm/package.json" "$here/npm/README.md" "$out/"
cp "$root/LICENSE" "$out/LICENSE"

size_line() { # name file
  printf '%-22s %8d bytes raw, %7d bytes gzipped\n' "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"
}
{
  size_line "web/coshare_wasm_bg.wasm" "$out/web/coshare_wasm_bg.wasm"
  size_line "node/coshare_wasm_bg.wasm" "$out/node/coshare_wasm_bg.wasm"
} > "$out/.sizes"

wasm_opt="${WASM_OPT:-}"
if [[ "$wasm_opt" == auto ]]; then
  if [[ -x "$here/tests/node_modules/.bin/wasm-opt" ]]; then
    wasm_opt="$here/tests/node_modules/.bin/wasm-opt"
  elif command -v wasm-opt >/dev/null; then
    wasm_opt="$(command -v wasm-opt)"
  else
    log "WASM_OPT=auto: no wasm-opt found (npm ci in bindings/wasm/tests installs binaryen); skipped"
    wasm_opt=""
  fi
fi
if [[ -n "$wasm_opt" ]]; then
  for dir in web; do  # the Node.js build stays optimized for speed
    f="$out/$dir/coshare_wasm_bg.wasm"
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      --enable-multivalue -o "$f.opt" "$f"
    mv "$f.opt" "$f"
  done
  size_line "web, after wasm-opt -Oz" "$out/web/coshare_wasm_bg.wasm" >> "$out/.sizes"
fi
cat "$out/.sizes" >&2
rm "$out/.sizes"
log "built $out"
