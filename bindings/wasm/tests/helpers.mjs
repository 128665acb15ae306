// Shared helpers of the coshare-wasm test suites.
import { createRequire } from "node:module";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const wasmDir = resolve(here, "..");
export const repo = resolve(here, "../../..");
export const pkgDir = join(wasmDir, "pkg");

/** The package's Node.js build (build.sh must have run). */
export function loadPackage() {
  const entry = join(pkgDir, "node", "coshare_wasm.js");
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run bindings/wasm/build.sh first`);
  }
  return createRequire(import.meta.url)(entry);
}

/** Every vector file under testdata/vectors, sorted, as [name, path]. */
export function vectorFiles() {
  const root = join(repo, "testdata", "vectors");
  const paths = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) paths.push(path);
    }
  };
  walk(root);
  return paths.map((p) => [relative(root, p), p]);
}

/**
 * The members of a top-level JSON object as raw source text, key -> text.
 * JSON.parse would turn numbers such as 1.50 or 1e3 into JS numbers and drop
 * repeated keys, changing what the core would read; the raw text keeps
 * every byte as written.
 */
export function rawMembers(text) {
  let i = 0;
  const fail = (why) => {
    throw new SyntaxError(`rawMembers: ${why} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    const start = i;
    if (text[i] !== '"') fail("expected a string");
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) fail("unterminated string");
      i += text[i] === "\\" ? 2 : 1;
    }
    i++;
    return text.slice(start, i);
  };
  const value = () => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '"') {
      string();
    } else if (c === "{" || c === "[") {
      let depth = 0;
      do {
        if (i >= text.length) fail("unterminated value");
        const d = text[i];
        if (d === '"') {
          string();
          continue;
        }
        if (d === "{" || d === "[") depth++;
        else if (d === "}" || d === "]") depth--;
        i++;
      } while (depth > 0);
    } else {
      while (i < text.length && !",}] \t\n\r".includes(text[i])) i++;
    }
    if (i === start) fail("expected a value");
    return text.slice(start, i);
  };
  const out = new Map();
  ws();
  if (text[i] !== "{") fail("expected an object");
  i++;
  ws();
  if (text[i] === "}") return out;
  for (;;) {
    ws();
    const key = JSON.parse(string());
    ws();
    if (text[i] !== ":") fail("expected ':'");
    i++;
    const raw = value();
    if (out.has(key)) fail(`repeated key ${key}`);
    out.set(key, raw);
    ws();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] !== "}") fail("expected ',' or '}'");
    return out;
  }
}

/** Raw JSON text with the whitespace outside strings removed. */
export function compact(raw) {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') {
      const start = i++;
      while (raw[i] !== '"') i += raw[i] === "\\" ? 2 : 1;
      out += raw.slice(start, i + 1);
    } else if (!" \t\n\r".includes(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * A vector's inputs as JSON text: the object member as written, or the
 * *_text string; its query ("split" when absent) and arguments (`args`
 * parsed, and `rawArgs`, each argument's text as written, for a close
 * request that JSON.parse could change).
 */
export function vectorInputs(fileText) {
  const m = rawMembers(fileText);
  const text = (objectKey, textKey) =>
    m.has(objectKey) ? m.get(objectKey) : m.has(textKey) ? JSON.parse(m.get(textKey)) : undefined;
  return {
    description: m.has("description") ? JSON.parse(m.get("description")) : "",
    query: m.has("query") ? JSON.parse(m.get("query")) : "split",
    args: m.has("args") ? JSON.parse(m.get("args")) : {},
    rawArgs: m.has("args") ? rawMembers(m.get("args")) : new Map(),
    ledger: text("ledger", "ledger_text"),
    ledgerIsObject: m.has("ledger"),
    request: text("request", "request_text"),
    requestIsObject: m.has("request"),
    csv: m.has("contributions_csv") ? JSON.parse(m.get("contributions_csv")) : undefined,
    // Result documents hold only strings and booleans, so JSON.parse/stringify keeps them exactly.
    expected: m.has("expected") ? JSON.stringify(JSON.parse(m.get("expected"))) : undefined,
    error: m.has("error") ? JSON.parse(m.get("error")) : undefined,
  };
}

/** JSON text -> the plain object, when JSON.parse/stringify keeps every byte that matters. */
export function faithfulObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.stringify(value) === compact(text) ? value : undefined;
}

/** The `coshare` CLI built by `cargo build -p coshare-cli`. */
export function cliPath() {
  const target = process.env.CARGO_TARGET_DIR
    ? resolve(repo, process.env.CARGO_TARGET_DIR)
    : join(repo, "target");
  const path = join(target, "debug", "coshare");
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run cargo build -p coshare-cli first`);
  }
  return path;
}

/** Runs the CLI: {status, stdout, stderr}. */
export function cli(...args) {
  const r = spawnSync(cliPath(), args, { encoding: "utf8", cwd: repo });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function readText(...parts) {
  return readFileSync(join(repo, ...parts), "utf8");
}

export { execFileSync };
