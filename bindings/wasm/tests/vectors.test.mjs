// Every shared vector of testdata/vectors through the package, twice:
// splitJson on the JSON text exactly as written (byte-for-byte result), and
// the typed split() on plain objects wherever a JS object holds the input
// faithfully (otherwise on the same text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compact, loadPackage, vectorFiles, vectorInputs } from "./helpers.mjs";

const coshare = loadPackage();
const files = vectorFiles();

test("the shared vectors are all found", () => {
  assert.ok(files.length >= 60, `only ${files.length} vectors`);
});

/** Checks a thrown error against the vector's {code, entry?}. */
function assertCoshareError(e, want, name) {
  assert.ok(e instanceof Error, `${name}: threw a non-Error ${e}`);
  assert.equal(e.name, "CoshareError", name);
  assert.equal(e.code, want.code, `${name}: ${e.message}`);
  if (want.entry !== undefined) assert.equal(e.entry, want.entry, `${name}: entry`);
  assert.ok("entry" in e && "path" in e, `${name}: entry and path are always present`);
}

/** JSON text -> the plain object, when JSON.parse/stringify keeps every byte that matters. */
function faithfulObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.stringify(value) === compact(text) ? value : undefined;
}

for (const [name, path] of files) {
  const v = vectorInputs(readFileSync(path, "utf8"));
  assert.ok(v.ledger !== undefined && v.request !== undefined, `${name}: needs a ledger and a request`);
  assert.ok((v.expected === undefined) !== (v.error === undefined), `${name}: expected or error`);

  test(`splitJson: ${name}`, () => {
    const run = () => coshare.splitJson(v.ledger, v.request, v.csv);
    if (v.expected !== undefined) {
      assert.equal(run(), v.expected, v.description);
    } else {
      assert.throws(run, (e) => (assertCoshareError(e, v.error, name), true));
    }
  });

  test(`split: ${name}`, () => {
    const ledger = (v.ledgerIsObject && faithfulObject(v.ledger)) || v.ledger;
    const request = (v.requestIsObject && faithfulObject(v.request)) || v.request;
    const run = () => coshare.split(ledger, request, v.csv);
    if (v.expected !== undefined) {
      assert.equal(JSON.stringify(run()), v.expected, v.description);
    } else {
      assert.throws(run, (e) => (assertCoshareError(e, v.error, name), true));
    }
  });
}
