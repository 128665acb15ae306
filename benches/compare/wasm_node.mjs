#!/usr/bin/env node
// W1 through the WebAssembly binding under Node.js.
//
//   node wasm_node.mjs LEDGER.json REQUEST.json [--runs N] [--out RESULT.json] [--pkg DIR]
//
// Loads the package's Node.js build (bindings/wasm/pkg/node, built by
// bindings/wasm/build.sh; --pkg another build of it), reads the ledger's
// JSON text (not timed) and, each run, times `split(ledgerText,
// requestText)` after untimed warm-up runs (a second of them, at least two): the text goes into
// WebAssembly memory, the core reads and checks it (`Ledger::from_json`) and
// splits FY 2025, and the result comes back as a plain object. The Rust counterpart is `w1 --mode bindings`
// (`Ledger::from_json` then the split). Also times `splitJson` (the result
// as JSON text, no object built) and `validate` (read and check only, every
// error listed) once each for reference.
//
// Writes the medians, every run, and each member's figures of the last split
// (for run.py to compare with `coshare split`) to --out.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const runs = Math.max(1, Number(option("--runs", "5")));
const out = option("--out", undefined);
const pkg = resolve(option("--pkg", join(here, "..", "..", "bindings", "wasm", "pkg")));
const [ledgerPath, requestPath] = args;
if (!ledgerPath || !requestPath) {
  console.error("usage: wasm_node.mjs LEDGER.json REQUEST.json [--runs N] [--out RESULT.json] [--pkg DIR]");
  process.exit(2);
}

const coshare = createRequire(import.meta.url)(join(pkg, "node", "coshare_wasm.js"));
const ledgerText = readFileSync(ledgerPath, "utf8");
const requestText = readFileSync(requestPath, "utf8");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const seconds = (run) => {
  const t = performance.now();
  const result = run();
  return [result, (performance.now() - t) / 1000];
};

// Untimed runs first, for at least a second and at least twice: Node.js
// compiles the module in tiers, first to baseline code, then, in the
// background, each function that runs long enough to optimized code, which
// replaces the baseline code during the first calls. One run was not
// enough on small ledgers (10k: 51, 28, 22, 15, 10 ms, then 6 ms a run
// from the ninth on). The first call's time is reported apart.
const [, firstS] = seconds(() => coshare.split(ledgerText, requestText));
for (let warm = 1, spent = firstS; warm < 2 || spent < 1; warm++) {
  spent += seconds(() => coshare.split(ledgerText, requestText))[1];
}
const times = [];
let result;
for (let i = 0; i < runs; i++) {
  result = undefined;
  const [r, s] = seconds(() => coshare.split(ledgerText, requestText));
  result = r;
  times.push(s);
}
const [text, splitJsonS] = seconds(() => coshare.splitJson(ledgerText, requestText));
if (text !== JSON.stringify(result)) throw new Error("splitJson and split disagree");
const [report, validateS] = seconds(() => coshare.validate(ledgerText));
if (!report.valid) throw new Error(`the ledger is invalid: ${JSON.stringify(report.errors[0])}`);

const summary = {
  members: result.members.length,
  bytes: Buffer.byteLength(ledgerText, "utf8"),
  split_s: times,
  split_median_s: median(times),
  first_split_s: firstS,
  split_json_s: splitJsonS,
  validate_s: validateS,
  node: process.version,
  wasm_bytes: readFileSync(join(pkg, "node", "coshare_wasm_bg.wasm")).length,
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
};
const full = {
  ...summary,
  buckets_result: Object.fromEntries(result.buckets.map((b) => [b.name, b.amount])),
  members_result: Object.fromEntries(
    result.members.map((m) => [m.member, { allocated: m.allocated, paid: m.paid, cash: m.cash, carry_out: m.carry_out }]),
  ),
};
if (out) writeFileSync(out, JSON.stringify(full));
console.log(JSON.stringify(summary));
