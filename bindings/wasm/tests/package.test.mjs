// The npm package as a user gets it: `npm pack` in bindings/wasm/pkg, the
// tarball installed into a fresh project, used from CommonJS, an ES module
// and the web build, and a typed usage file checked by `tsc --noEmit`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { here, loadPackage, pkgDir, readText, vectorFiles, vectorInputs } from "./helpers.mjs";

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
  for (const dir of ["node", "web"]) {
    const snippet = new RegExp(`^${dir}/snippets/[^/]+/src/coshare_error\\.js$`);
    assert.ok(files.some((f) => snippet.test(f)), `${dir}'s error class in ${files}`);
  }
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
  writeFileSync(join(consumer, "vectors.ts"), vectorsTs());
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

test("CoshareError is exported, and thrown, from CommonJS, an ES module and the web build", () => {
  const script = (load) => `
    ${load}
    let e;
    try { shares("{}", new Date()); } catch (x) { e = x; }
    process.stdout.write(JSON.stringify([e instanceof CoshareError, e instanceof Error, e.name, e.code, e.path]));
  `;
  const want = JSON.stringify([true, true, "CoshareError", "invalid_request", "at"]);
  assert.equal(run(process.execPath, ["-e", script(`const { shares, CoshareError } = require("coshare-wasm");`)], consumer), want);
  assert.equal(run(process.execPath, ["--input-type=module", "-e", script(`import { shares, CoshareError } from "coshare-wasm";`)], consumer), want);
  const web = `
    import init, { shares, CoshareError } from "coshare-wasm/web";
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    await init({ module_or_path: readFileSync(createRequire(import.meta.url).resolve("coshare-wasm/web/coshare_wasm_bg.wasm")) });
  `;
  assert.equal(run(process.execPath, ["--input-type=module", "-e", script(web)], consumer), want);
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

/** The declared type of each query's result document. */
const resultTypes = {
  split: "T.SplitResult",
  validate: "ValidationVector",
  close: "T.ClosedAllocation",
  accounts: "T.AccountsResult",
  statement: "T.StatementResult",
  notices: "T.NoticesResult",
  journal: "T.JournalResult",
};

/**
 * Whether a document writes its decimals as strings: the types say so,
 * while the reader also takes a JSON integer there, as in files; only the
 * currency's scale and the tax year's end month are JSON integers.
 */
function decimalsAsStrings(text) {
  const walk = (value, key) =>
    typeof value === "number" ? key === "scale" || key === "tax_year_end"
      : value && typeof value === "object" ? Object.entries(value).every(([k, x]) => walk(x, k))
        : true;
  try {
    return walk(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * vectors.ts: every vector's expected document as a constant of its
 * query's declared result type, every expected error code as an ErrorCode,
 * the package's own validate report of each validate vector as a
 * ValidationReport, and the ledgers and requests of vectors with a result
 * as LedgerDocument and SplitRequest (those writing decimals as strings).
 */
function vectorsTs() {
  const coshare = loadPackage();
  const lines = [
    "// Generated by package.test.mjs from testdata/vectors: tsc checks each document against its declared type.",
    'import type * as T from "coshare-wasm";',
    "/** What a validate vector holds of the report: codes, entries and kinds. */",
    "type ValidationVector = {",
    "  valid: boolean;",
    '  errors: Array<Pick<T.ValidationError, "code" | "entry">>;',
    '  warnings: Array<Pick<T.ValidationWarning, "code" | "entry" | "kind">>;',
    "};",
  ];
  let wrong;
  vectorFiles().forEach(([name, path], i) => {
    const v = vectorInputs(readFileSync(path, "utf8"));
    lines.push(`// ${name}`);
    if (v.error !== undefined) {
      lines.push(`export const e${i}: T.ErrorCode = ${JSON.stringify(v.error.code)};`);
      return;
    }
    lines.push(`export const v${i}: ${resultTypes[v.query]} = ${v.expected};`);
    if (v.query === "validate") {
      lines.push(`export const r${i}: T.ValidationReport = ${JSON.stringify(coshare.validate(v.ledger, v.csv))};`);
    }
    const valid = v.query !== "validate" || JSON.parse(v.expected).valid;
    const typed = (type, text) => decimalsAsStrings(text) && lines.push(`export const i${i}_${type}: T.${type} = ${text};`);
    if (v.ledgerIsObject && valid) typed("LedgerDocument", v.ledger);
    if (v.query === "split" && v.requestIsObject) typed("SplitRequest", v.request);
    if (v.query === "close") typed("SplitRequest", v.rawArgs.get("request"));
    if (v.query === "accounts" && wrong === undefined) {
      wrong = { ...JSON.parse(v.expected), payable: 0 };
    }
  });
  // The check is not vacuous: a number where a decimal string belongs is refused.
  lines.push("// @ts-expect-error decimals are strings, never JS numbers");
  lines.push(`export const wrong: T.AccountsResult = ${JSON.stringify(wrong)};`);
  return lines.join("\n") + "\n";
}

test("tsc --noEmit accepts the typed usage file, and every vector's documents as their declared types", () => {
  const tsc = join(here, "node_modules", ".bin", "tsc");
  assert.ok(existsSync(tsc), "TypeScript is installed in bindings/wasm/tests (npm ci)");
  try {
    run(tsc, ["--noEmit", "-p", "tsconfig.json"], consumer);
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.match(readFileSync(join(consumer, "usage.ts"), "utf8"), /@ts-expect-error/);
  assert.match(readFileSync(join(consumer, "vectors.ts"), "utf8"), /export const v\d+: T\.JournalResult = /);
});
