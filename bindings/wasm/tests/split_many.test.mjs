// splitMany: many requests against one ledger, the same results as split
// on each request, in order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compact, loadPackage, readText, vectorFiles, vectorInputs } from "./helpers.mjs";

const coshare = loadPackage();

/** The thrown error, for assertions. */
function thrown(run) {
  try {
    run();
  } catch (e) {
    return e;
  }
  assert.fail("did not throw");
}

/** The day halfway through start..end (YYYY-MM-DD, UTC). */
function middle(start, end) {
  const t = (Date.parse(start) + Date.parse(end)) / 2;
  return new Date(Math.floor(t / 86400000) * 86400000).toISOString().slice(0, 10);
}

/** Requests around a vector's own: its basis swapped, each half of its period, a loss. */
function variants(request) {
  const { start, end } = request.period;
  const mid = middle(start, end);
  const other = request.basis === "snapshot" ? "time_weighted" : "snapshot";
  return [
    request,
    { ...request, basis: other },
    { ...request, period: { start, end: mid } },
    { ...request, period: { start: mid, end } },
    { ...request, amount: "-100.00", carry_in: undefined },
    request,
  ];
}

/** split on each request; those split refuses are left out. */
function splitEach(ledger, requests, csv) {
  const kept = [];
  const results = [];
  for (const r of requests) {
    try {
      results.push(coshare.split(ledger, r, csv));
      kept.push(r);
    } catch (e) {
      assert.equal(e.name, "CoshareError", String(e));
    }
  }
  return { kept, results };
}

let checked = 0;
for (const [name, path] of vectorFiles()) {
  const v = vectorInputs(readFileSync(path, "utf8"));
  if (v.expected === undefined || v.query !== "split") continue;
  test(`splitMany equals split on each request: ${name}`, () => {
    let request;
    try {
      request = JSON.parse(v.request);
    } catch {
      request = undefined;
    }
    if (request === undefined || JSON.stringify(request) !== compact(v.request)) {
      // Only the raw text keeps this request: the array's text then.
      const many = coshare.splitMany(v.ledger, `[${v.request},${v.request}]`, v.csv);
      const one = coshare.split(v.ledger, v.request, v.csv);
      assert.deepEqual(many, [one, one]);
      return;
    }
    const { kept, results } = splitEach(v.ledger, variants(request), v.csv);
    assert.ok(kept.length >= 2, `${name}: at least the request itself, twice`);
    assert.deepEqual(coshare.splitMany(v.ledger, kept, v.csv), results, v.description);
    assert.deepEqual(coshare.splitMany(v.ledger, JSON.stringify(kept), v.csv), results);
    checked++;
  });
}

test("splitMany checked the vectors", () => {
  assert.ok(checked >= 30, `only ${checked} vectors with a result`);
});

const ledgerText = readText("examples", "coop.json");
const csv = readText("examples", "hours.csv");

test("splitMany over twelve months of the example ledger equals twelve splits", () => {
  const months = Array.from({ length: 12 }, (_, m) => {
    const start = `2025-${String(m + 1).padStart(2, "0")}-01`;
    const end = new Date(Date.UTC(2025, m + 1, 0)).toISOString().slice(0, 10);
    return { period: { start, end }, amount: `${1000 * (m + 1)}.00` };
  });
  for (const contributions of [undefined, csv]) {
    const many = coshare.splitMany(ledgerText, months, contributions);
    assert.equal(many.length, 12);
    assert.deepEqual(many, months.map((r) => coshare.split(ledgerText, r, contributions)));
  }
  assert.deepEqual(coshare.splitMany(ledgerText, []), []);
});

test("splitMany errors: the request is named, the ledger's errors are split's", () => {
  const good = { period: { start: "2025-01-01", end: "2025-12-31" }, amount: "100.00" };
  const bad = { period: { start: "2025-02-30", end: "2025-12-31" }, amount: "100.00" };
  const e = thrown(() => coshare.splitMany(ledgerText, [good, good, bad]));
  const one = thrown(() => coshare.split(ledgerText, bad));
  assert.equal(e.name, "CoshareError");
  assert.equal(e.code, one.code);
  assert.equal(e.path, `requests[2].${one.path}`);
  assert.ok(e.message.startsWith("requests[2].period.start"), e.message);
  assert.equal(thrown(() => coshare.splitMany(ledgerText, good)).code, "invalid_request");
  assert.equal(thrown(() => coshare.splitMany(ledgerText, "[")).code, "invalid_json");
  assert.equal(thrown(() => coshare.splitMany(ledgerText, [1])).path, "requests[0]");
  const unchecked = JSON.stringify({ ...JSON.parse(ledgerText), members: [] });
  assert.deepEqual(
    thrown(() => coshare.splitMany(unchecked, [good])),
    thrown(() => coshare.split(unchecked, good)),
  );
  const loss = { ...good, period: { start: "2025-12-31", end: "2025-01-01" } };
  assert.equal(thrown(() => coshare.splitMany(ledgerText, [good, loss])).code, thrown(() => coshare.split(ledgerText, loss)).code);
});
