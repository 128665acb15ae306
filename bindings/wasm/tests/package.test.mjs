// The npm package as a user gets it: `npm pack` in bindings/wasm/pkg, the
// tarball installed into a fresh project, used from CommonJS, an ES module
// and the web build, and a typed usage file checked by `tsc --noEmit`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { here, loadPackage, pkgDir, readText } from "./helpers.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = mkdtempSync(join(tmpdir(), "coshare-wasm-pack-"));
const consumer = join(work, "consumer");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

let packed;
test("npm pack ships the .wasm, JS glue, .d.ts, README and LICENSE of both builds", (t) => {
  [packed] = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], pkgDir));
  const files = packed.files.map((f) => f.path).sort();
  for (const dir of ["node", "web"]) {
    for (const f of ["coshare_wasm.js", "coshare_wasm.d.ts", "coshare_wasm_bg.wasm"]) {
      assert.ok(files.includes(`${dir}/${f}`), `${dir}/${f} in ${files}`);
    }
  }
  for (const f of ["README.md", "LICENSE", "package.json", "web/package.json"]) assert.ok(files.includes(f), f);
  assert.equal(packed.name, "coshare-wasm");
  const wasm = packed.files.find((f) => f.path === "node/coshare_wasm_bg.wasm");
  t.diagnostic(`node/coshare_wasm_bg.wasm: ${wasm.size} bytes; tarball ${packed.size} bytes`);
});

test("the tarball installs into a fresh project", () => {
  assert.ok(packed, "npm pack ran");
  mkdirSync(consumer);
  for (const f of ["package.json", "tsconfig.json", "usage.ts"]) {
    copyFileSync(join(here, "types", f), join(consumer, f));
  }
  run(npm, ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", join(work, packed.filename)], consumer);
  assert.ok(existsSync(join(consumer, "node_modules", "coshare-wasm", "node", "coshare_wasm_bg.wasm")));
});

const ledger = readText("examples", "coop.json");
const request = readText("examples", "fy2025.json");

test("the installed package works from CommonJS and from an ES module", () => {
  const want = run(process.execPath, ["-e", `
    const c = require("coshare-wasm");
    const fs = require("fs");
    process.stdout.write(c.splitJson(fs.readFileSync(process.argv[1], "utf8"), fs.readFileSync(process.argv[2], "utf8")));
  `, join(here, "../../../examples/coop.json"), join(here, "../../../examples/fy2025.json")], consumer);
  assert.match(want, /^\{"period":\{"start":"2025-01-01","end":"2025-12-31"\}/);
  const esm = run(process.execPath, ["--input-type=module", "-e", `
    import { splitJson } from "coshare-wasm";
    import { readFileSync } from "node:fs";
    process.stdout.write(splitJson(readFileSync(process.argv[1], "utf8"), readFileSync(process.argv[2], "utf8")));
  `, join(here, "../../../examples/coop.json"), join(here, "../../../examples/fy2025.json")], consumer);
  assert.equal(esm, want);
});

test("the installed web build initialises from the .wasm bytes and gives the same numbers", () => {
  const out = run(process.execPath, ["--input-type=module", "-e", `
    import init, { splitJson } from "coshare-wasm/web";
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    const wasm = readFileSync(createRequire(import.meta.url).resolve("coshare-wasm/web/coshare_wasm_bg.wasm"));
    await init({ module_or_path: wasm });
    process.stdout.write(splitJson(readFileSync(process.argv[1], "utf8"), readFileSync(process.argv[2], "utf8")));
  `, join(here, "../../../examples/coop.json"), join(here, "../../../examples/fy2025.json")], consumer);
  assert.equal(out, loadPackage().splitJson(ledger, request));
});

test("tsc --noEmit accepts the typed usage file against the installed types", () => {
  const tsc = join(here, "node_modules", ".bin", "tsc");
  assert.ok(existsSync(tsc), "TypeScript is installed in bindings/wasm/tests (npm ci)");
  try {
    run(tsc, ["--noEmit", "-p", "tsconfig.json"], consumer);
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.match(readFileSync(join(consumer, "usage.ts"), "utf8"), /@ts-expect-error/);
});
