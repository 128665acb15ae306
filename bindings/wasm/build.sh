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
# Size: the workspace release profile, overridden here for size through
# Cargo's environment (opt-level "z", fat LTO, one codegen unit; each can be
# overridden by setting the CARGO_PROFILE_RELEASE_* variable), and
# wasm-bindgen without the name and producers sections. wasm-opt is optional:
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

export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}"
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-fat}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
cargo build --release --target wasm32-unknown-unknown -p coshare-wasm
target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/release/coshare_wasm.wasm"

out="$here/pkg"
rm -rf "$out"
mkdir -p "$out"
"$bindgen" --remove-name-section --remove-producers-section --target nodejs --out-dir "$out/node" "$wasm"
"$bindgen" --remove-name-section --remove-producers-section --target web --out-dir "$out/web" "$wasm"
# The web build is an ES module; the package root (and node/) stay CommonJS.
printf '{\n  "type": "module"\n}\n' > "$out/web/package.json"
cp "$here/npm/package.json" "$here/npm/README.md" "$out/"
cp "$root/LICENSE" "$out/LICENSE"

size_line() { # name file
  printf '%-22s %8d bytes raw, %7d bytes gzipped\n' "$1" "$(wc -c < "$2")" "$(gzip -9 -c "$2" | wc -c)"
}
{
  size_line "coshare_wasm.wasm" "$out/node/coshare_wasm_bg.wasm"
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
  for dir in node web; do
    f="$out/$dir/coshare_wasm_bg.wasm"
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      --enable-multivalue -o "$f.opt" "$f"
    mv "$f.opt" "$f"
  done
  size_line "after wasm-opt -Oz" "$out/node/coshare_wasm_bg.wasm" >> "$out/.sizes"
fi
cat "$out/.sizes" >&2
rm "$out/.sizes"
log "built $out"
