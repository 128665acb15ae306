// Every shared vector of testdata/vectors through the package, by its
// query ("split" when absent): split, validate, close, accounts,
// statement, notices and journal. Each runs on the JSON text exactly as
// written (closeJson and splitJson: the result byte for byte), and the
// object-taking functions run on plain objects too wherever a JS object
// holds the input faithfully (otherwise on the same text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { faithfulObject, loadPackage, vectorFiles, vectorInputs } from "./helpers.mjs";

const coshare = loadPackage();
/** The format's warning codes, the ones vectors hold (coshare adds its own after them). */
const SPEC_WARNINGS = ["kind_in_no_pool", "capital_kind_in_pool", "allocation_differs"];
const files = vectorFiles();

test("the shared vectors are all found", () => {
  assert.ok(files.length >= 500, `only ${files.length} vectors`);
});

/** Checks a thrown error against the vector's {code, entry?}. */
function assertCoshareError(e, want, name) {
  assert.ok(e instanceof coshare.CoshareError, `${name}: threw something else than a CoshareError: ${e}`);
  assert.ok(e instanceof Error, `${name}: a CoshareError is an Error`);
  assert.equal(e.name, "CoshareError", name);
  assert.equal(e.code, want.code, `${name}: ${e.message}`);
  if (want.entry !== undefined) assert.equal(e.entry, want.entry, `${name}: entry`);
  assert.ok("entry" in e && "path" in e, `${name}: entry and path are always present`);
  assert.notEqual(e.entry, "", `${name}: an absent entry is null`);
  assert.notEqual(e.path, "", `${name}: an absent path is null`);
}

/** Runs `run`: its result, shown as text by `asText`, is the vector's expected document, or it throws its error. */
function expectResult(v, name, run, asText) {
  if (v.expected !== undefined) {
    assert.equal(asText(run()), v.expected, v.description);
  } else {
    assert.throws(run, (e) => (assertCoshareError(e, v.error, name), true));
  }
}

const stringify = (result) => JSON.stringify(result);

/**
 * A validation report against a vector's expected one, which holds only
 * codes, entries and kinds: an expected error's `"entry": null` matches any
 * entry (the reference names none where coshare names the entry it was
 * reading), as `same_validation` in crates/coshare-cli/tests/cli.rs.
 */
function assertSameValidation(report, expectedText, name) {
  const want = JSON.parse(expectedText);
  assert.equal(report.valid, want.valid, `${name}: valid`);
  assert.deepEqual(
    report.errors.map((e, i) => [e.code, want.errors[i]?.entry === null ? null : e.entry]),
    want.errors.map((e) => [e.code, e.entry]),
    `${name}: errors ${JSON.stringify(report.errors)}`,
  );
  // The vectors hold the format's warnings; coshare's own come after them.
  const spec = report.warnings.map((w) => SPEC_WARNINGS.includes(w.code));
  assert.deepEqual(spec, [...spec].sort().reverse(), `${name}: own warnings last`);
  assert.deepEqual(
    report.warnings
      .filter((w) => SPEC_WARNINGS.includes(w.code))
      .map(({ code, entry, kind }) => ({ code, entry, kind })),
    want.warnings,
    `${name}: warnings`,
  );
  for (const e of report.errors) {
    assert.equal(typeof e.message, "string");
    assert.ok("path" in e && "entry" in e);
  }
  for (const w of report.warnings) assert.equal(typeof w.message, "string");
}

/** The queries of the books: the function and its arguments after the ledger. */
const bookQueries = {
  accounts: (a) => [coshare.accounts, a.at],
  statement: (a) => [coshare.statement, a.member, a.start, a.end],
  notices: (a) => [coshare.notices, a.allocation],
};

const ran = new Map();
for (const [name, path] of files) {
  const v = vectorInputs(readFileSync(path, "utf8"));
  assert.ok(v.ledger !== undefined, `${name}: needs a ledger`);
  assert.ok((v.expected === undefined) !== (v.error === undefined), `${name}: expected or error`);
  ran.set(v.query, (ran.get(v.query) ?? 0) + 1);
  const ledgerObject = (v.ledgerIsObject && faithfulObject(v.ledger)) || v.ledger;

  switch (v.query) {
    case "split": {
      assert.ok(v.request !== undefined, `${name}: a split needs a request`);
      test(`splitJson: ${name}`, () => {
        expectResult(v, name, () => coshare.splitJson(v.ledger, v.request, v.csv), String);
      });
      test(`split: ${name}`, () => {
        const request = (v.requestIsObject && faithfulObject(v.request)) || v.request;
        expectResult(v, name, () => coshare.split(ledgerObject, request, v.csv), stringify);
      });
      break;
    }
    case "validate": {
      assert.ok(v.expected !== undefined, `${name}: validate never throws`);
      test(`validate: ${name}`, () => {
        assertSameValidation(coshare.validate(v.ledger, v.csv), v.expected, name);
        assertSameValidation(coshare.validate(ledgerObject, v.csv), v.expected, `${name} (object)`);
      });
      break;
    }
    case "close": {
      const { id, date } = v.args;
      const requestText = v.rawArgs.get("request");
      test(`closeJson: ${name}`, () => {
        expectResult(v, name, () => coshare.closeJson(v.ledger, requestText, id, date, v.csv), String);
      });
      test(`close: ${name}`, () => {
        const request = faithfulObject(requestText) ?? requestText;
        // An object's integer-like keys come first: compared as objects.
        expectResult(v, name, () => coshare.close(ledgerObject, request, id, date, v.csv),
          (entry) => (assert.deepEqual(entry, JSON.parse(v.expected)), v.expected));
      });
      break;
    }
    case "journal": {
      test(`journal: ${name}`, () => {
        const { start, end } = v.args;
        const options = v.csv === undefined ? undefined : { contributionsCsv: v.csv };
        expectResult(v, name, () => coshare.journal(v.ledger, start, end, options), stringify);
        expectResult(v, name, () => coshare.journal(ledgerObject, start, end, { ...options, format: "json" }), stringify);
      });
      break;
    }
    default: {
      const query = bookQueries[v.query];
      assert.ok(query, `${name}: unknown query ${v.query}`);
      test(`${v.query}: ${name}`, () => {
        const [fn, ...args] = query(v.args);
        expectResult(v, name, () => fn(v.ledger, ...args, v.csv), stringify);
        expectResult(v, name, () => fn(ledgerObject, ...args, v.csv), stringify);
      });
    }
  }
}

test("every query of the vectors ran, and every vector", () => {
  for (const query of ["split", "validate", "close", "accounts", "statement", "notices", "journal"]) {
    assert.ok((ran.get(query) ?? 0) > 0, `no vector of ${query}`);
  }
  assert.equal([...ran.values()].reduce((a, b) => a + b, 0), files.length);
});
