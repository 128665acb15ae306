// The package's functions against the `coshare` CLI on the same input
// (each the twin of a `--format json` command), and its error contract:
// JS Error objects carrying the format (docs/format.md) code, entry and path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, loadPackage, readText } from "./helpers.mjs";

const coshare = loadPackage();
const ledgerText = readText("examples", "coop.json");
const ledger = JSON.parse(ledgerText);
const requestText = readText("examples", "fy2025.json");
const request = JSON.parse(requestText);
const csv = readText("examples", "hours.csv");
const scratch = mkdtempSync(join(tmpdir(), "coshare-wasm-"));

/** Writes a ledger object to a scratch file for the CLI; returns its path. */
function ledgerFile(doc) {
  const file = join(scratch, "ledger.json");
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** The CLI's JSON output of a successful command, without the final newline. */
function cliJson(...args) {
  const r = cli(...args, "--format", "json");
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.endsWith("\n"));
  return r.stdout.slice(0, -1);
}

/**
 * The CLI's JSON error document of a failing command. Where the core gives
 * an empty path (the document's root), the CLI writes "" and the package's
 * error null.
 */
function cliError(...args) {
  const r = cli(...args, "--format", "json");
  assert.equal(r.status, 2, `expected exit status 2, got ${r.status}: ${r.stdout}`);
  const { error } = JSON.parse(r.stderr);
  return { ...error, path: error.path === "" ? null : error.path };
}

/**
 * Calls fn, expecting a CoshareError; returns {code, message, entry, path},
 * or with `whole`, the error itself.
 */
function thrown(fn, whole = false) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof coshare.CoshareError, `threw something else than a CoshareError: ${e}`);
    assert.equal(e.name, "CoshareError");
    if (whole) return e;
    return { code: e.code, message: e.message, entry: e.entry, path: e.path };
  }
  assert.fail("did not throw");
}

test("splitJson on the example ledger is the CLI's split --format json, byte for byte", () => {
  const want = cliJson("split", "examples/coop.json", "--request", "examples/fy2025.json");
  assert.equal(coshare.splitJson(ledgerText, requestText), want);
});

test("splitJson with a contributions CSV is the CLI's split --contributions", () => {
  const want = cliJson(
    "split", "examples/coop.json", "--request", "examples/fy2025.json",
    "--contributions", "examples/hours.csv",
  );
  assert.equal(coshare.splitJson(ledgerText, requestText, csv), want);
  assert.notEqual(coshare.splitJson(ledgerText, requestText), want, "the CSV changes the split");
});

test("split on plain objects returns the same document as splitJson, as an object of strings", () => {
  const result = coshare.split(ledger, request);
  assert.equal(JSON.stringify(result), coshare.splitJson(ledgerText, requestText));
  assert.equal(typeof result.amount, "string");
  for (const m of result.members) {
    for (const key of ["allocated", "carry_in", "paid", "cash", "retained", "carry_out"]) {
      assert.match(m[key], /^-?\d+\.\d{2}$/, `${m.member}.${key}`);
    }
  }
});

test("split accepts JSON text for the ledger and the request too", () => {
  assert.deepEqual(coshare.split(ledgerText, requestText), coshare.split(ledger, request));
});

test("shares is the CLI's shares --format json", () => {
  const want = cliJson("shares", "examples/coop.json", "--at", "2025-06-30");
  assert.equal(JSON.stringify(coshare.shares(ledger, "2025-06-30")), want);
  const withCsv = cliJson(
    "shares", "examples/coop.json", "--at", "2025-12-31", "--contributions", "examples/hours.csv",
  );
  assert.equal(JSON.stringify(coshare.shares(ledger, "2025-12-31", csv)), withCsv);
});

test("explain is the CLI's explain --format json, with and without kinds", () => {
  const args = ["explain", "examples/coop.json", "--member", "dev", "--start", "2025-01-01", "--end", "2025-12-31"];
  assert.equal(JSON.stringify(coshare.explain(ledger, "dev", "2025-01-01", "2025-12-31")), cliJson(...args));
  assert.equal(
    JSON.stringify(coshare.explain(ledger, "dev", "2025-01-01", "2025-12-31", ["cash", "labor"])),
    cliJson(...args, "--kinds", "cash,labor"),
  );
  assert.equal(
    JSON.stringify(coshare.explain(ledger, "dev", "2025-01-01", "2025-12-31", null, null)),
    cliJson(...args),
  );
});

test("curve is the CLI's curve --format json", () => {
  const want = cliJson("curve", "examples/coop.json", "--from", "2023-01-01", "--to", "2025-12-31", "--every", "P3M");
  const got = coshare.curve(ledger, "2023-01-01", "2025-12-31", "P3M");
  assert.equal(JSON.stringify(got), want);
  assert.equal(got.points.length, 12);
});

test("validate lists every error, as the CLI's validate --format json, and never throws", () => {
  const broken = structuredClone(ledger);
  broken.entries.push(
    { type: "contribution", id: "x-1", member: "zoe", date: "2025-01-01", kind: "cash", value: "1.00" },
    { type: "contribution", id: "x-2", member: "ana", date: "2025-01-01", kind: "cash", value: "1.001" },
  );
  const report = coshare.validate(broken);
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.errors.map((e) => [e.code, e.entry]),
    [["unknown_member", "x-1"], ["invalid_amount", "x-2"]],
  );
  const r = cli("validate", ledgerFile(broken), "--format", "json");
  assert.equal(r.status, 2);
  assert.equal(JSON.stringify(report), r.stdout.trimEnd());
  assert.deepEqual(coshare.validate(ledgerText), JSON.parse(cliJson("validate", "examples/coop.json")));
  assert.deepEqual(coshare.validate("{"), {
    valid: false,
    errors: [thrown(() => coshare.splitJson("{", requestText))],
    warnings: [],
  });
});

test("errors from the core carry the same code, message, entry and path as the CLI's", async (t) => {
  const cases = {
    "unknown member": (l) => l.entries.push({ type: "contribution", id: "x", member: "zoe", date: "2025-01-01", kind: "cash", value: "1.00" }),
    "JSON number with a fraction": (l) => { l.policies[0].kinds.cash.multiplier = 4.5; },
    "bad date": (l) => { l.entries[0].date = "2025-02-30"; },
    "bad duration": (l) => { l.policies[0].kinds.labor.curve.fade = "P3X"; },
    "unknown field": (l) => { l.policies[0].kinds.cash.multipler = "4"; },
    "duplicate id": (l) => l.entries.push({ ...l.entries[3] }),
  };
  for (const [name, change] of Object.entries(cases)) {
    await t.test(name, () => {
      const doc = structuredClone(ledger);
      change(doc);
      const want = cliError("split", ledgerFile(doc), "--request", "examples/fy2025.json");
      assert.deepEqual(thrown(() => coshare.split(doc, request)), want);
      assert.deepEqual(thrown(() => coshare.splitJson(JSON.stringify(doc), requestText)), want);
      const report = coshare.validate(doc);
      assert.deepEqual(report.errors[0], want);
    });
  }
});

test("request errors: invalid_period, invalid_amount, unknown_member carry-in", () => {
  const period = { start: "2025-12-31", end: "2025-01-01" };
  assert.equal(thrown(() => coshare.split(ledger, { ...request, period })).code, "invalid_period");
  assert.equal(thrown(() => coshare.split(ledger, { ...request, amount: "1.001" })).code, "invalid_amount");
  const e = thrown(() => coshare.split(ledger, { ...request, carry_in: { zoe: "1.00" } }));
  assert.equal(e.code, "unknown_member");
});

test("a JS number with a fraction is refused as invalid_number, as in a file; an integer is read as in a file", () => {
  const e = thrown(() => coshare.split(ledger, { ...request, amount: 120000.5 }));
  assert.equal(e.code, "invalid_number");
  assert.equal(e.path, "amount");
  assert.equal(
    JSON.stringify(coshare.split(ledger, { ...request, amount: 120000 })),
    coshare.splitJson(ledgerText, JSON.stringify({ ...request, amount: "120000" })),
  );
});

test("an error's location is its path as field names and indices (a kind's name may hold dots)", () => {
  const doc = structuredClone(ledger);
  const kinds = doc.policies[0].kinds;
  kinds["a.b"] = { ...Object.values(kinds)[0], multiplier: "-1" };
  const e = thrown(() => coshare.split(doc, request), true);
  assert.equal(e.code, "invalid_policy");
  assert.equal(e.path, "policies[0].kinds.a.b.multiplier");
  assert.deepEqual(e.location, ["policies", 0, "kinds", "a.b", "multiplier"]);
  const read = thrown(() => coshare.split(ledger, { ...request, amount: "1e3" }), true);
  assert.deepEqual([read.path, read.location], ["amount", ["amount"]]);
  const unplaced = thrown(() => coshare.split(ledger, { ...request, carry_in: { zoe: "1.00" } }), true);
  assert.deepEqual(unplaced.location, ["carry_in", "zoe"]);
});

test("values that cannot be written as JSON are invalid_json, never a crash", () => {
  assert.equal(thrown(() => coshare.split(undefined, request)).code, "invalid_json");
  assert.equal(thrown(() => coshare.split(ledger, undefined)).code, "invalid_json");
  assert.equal(thrown(() => coshare.split(null, request)).code, "invalid_json");
  assert.equal(thrown(() => coshare.split({ ...ledger, big: 10n }, request)).code, "invalid_json");
  const cyclic = structuredClone(ledger);
  cyclic.self = cyclic;
  assert.equal(thrown(() => coshare.split(cyclic, request)).code, "invalid_json");
  assert.equal(thrown(() => coshare.splitJson("[1,", requestText)).code, "invalid_json");
  assert.equal(coshare.validate(ledger, 'id,member\n"open').errors[0].code, "invalid_json");
});

test("query arguments: invalid_date, invalid_duration and invalid_request like the CLI", () => {
  const want = cliError("shares", "examples/coop.json", "--at", "2025-02-30");
  const got = thrown(() => coshare.shares(ledger, "2025-02-30"));
  assert.equal(got.code, want.code);
  assert.equal(got.code, "invalid_date");
  assert.equal(thrown(() => coshare.explain(ledger, "ana", "2025-01-01", "31/12/2025")).code, "invalid_date");
  assert.equal(thrown(() => coshare.curve(ledger, "2025-01-01", "2025-12-31", "1 month")).code, "invalid_duration");
  assert.equal(
    thrown(() => coshare.curve(ledger, "2025-01-01", "2025-12-31", "P0D")).code,
    cliError("curve", "examples/coop.json", "--from", "2025-01-01", "--to", "2025-12-31", "--every", "P0D").code,
  );
  const unknown = thrown(() => coshare.explain(ledger, "zoe", "2025-01-01", "2025-12-31"));
  assert.deepEqual(
    unknown,
    cliError("explain", "examples/coop.json", "--member", "zoe", "--start", "2025-01-01", "--end", "2025-12-31"),
  );
  assert.equal(unknown.entry, "zoe");
});

test("a bad contributions CSV row names its entry", () => {
  const bad = "id,member,date,kind,hours,rate\nh1,ana,2025-02-30,labor,1,1.00\n";
  const e = thrown(() => coshare.splitJson(ledgerText, requestText, bad));
  assert.equal(e.code, "invalid_date");
  assert.equal(e.entry, "h1");
  assert.equal(coshare.validate(ledger, bad).errors[0].code, "invalid_date");
});

test("the README's example gives the numbers it shows", () => {
  const result = coshare.split(
    {
      currency: { code: "USD", scale: 2 },
      policies: [{ effective: "2021-01-01", kinds: { time: { multiplier: "2" }, cash: { multiplier: "4" } },
                   distribution: { cash_fraction: "0.2" } }],
      members: [{ id: "alice" }, { id: "bob" }],
      entries: [
        { type: "contribution", id: "a1", member: "alice", date: "2021-03-01", kind: "time", hours: "1000", rate: "50.00", paid: "20000.00" },
        { type: "contribution", id: "b1", member: "bob", date: "2021-03-01", kind: "cash", value: "5000.00" },
      ],
    },
    { period: { start: "2021-01-01", end: "2021-12-31" }, amount: "10000.00", basis: "snapshot" },
  );
  assert.deepEqual(
    result.members.map((m) => [m.member, m.paid, m.cash]),
    [["alice", "7500.00", "1500.00"], ["bob", "2500.00", "500.00"]],
  );
});

// ---------- the books (docs/format.md, "The books") ----------

/** Writes text to a scratch file for the CLI; returns its path. */
function scratchFile(name, text) {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const nextYear = { period: { start: "2026-01-01", end: "2026-12-31" }, amount: "90000.00", basis: "snapshot" };

test("close and closeJson are the CLI's close: the allocation entry, byte for byte", () => {
  const requestFile = scratchFile("fy2026.json", JSON.stringify(nextYear));
  const args = ["close", "examples/coop.json", "--request", requestFile, "--id", "fy2026", "--date", "2027-03-15"];
  const r = cli(...args);
  assert.equal(r.status, 0, r.stderr);
  const text = coshare.closeJson(ledger, nextYear, "fy2026", "2027-03-15");
  assert.equal(text + "\n", r.stdout);
  assert.equal(coshare.closeJson(ledgerText, JSON.stringify(nextYear), "fy2026", "2027-03-15"), text);
  const entry = coshare.close(ledger, nextYear, "fy2026", "2027-03-15");
  assert.deepEqual(entry, JSON.parse(text));
  assert.equal(entry.type, "allocation");
  // The entry posts: the ledger with it is valid, and its notices follow.
  const posted = { ...ledger, entries: [...ledger.entries, entry] };
  assert.equal(coshare.validate(posted).valid, true);
  assert.equal(coshare.notices(posted, "fy2026").allocation, "fy2026");
  // With a contributions CSV, as --contributions.
  const withCsv = cli(...args, "--contributions", "examples/hours.csv");
  assert.equal(withCsv.status, 0, withCsv.stderr);
  assert.equal(coshare.closeJson(ledger, nextYear, "fy2026", "2027-03-15", csv) + "\n", withCsv.stdout);
});

test("close errors are the CLI's: a taken id, a date before the period's end, a bad date after the id", () => {
  const requestFile = scratchFile("fy2026.json", JSON.stringify(nextYear));
  for (const [id, date] of [["fy2025", "2027-03-15"], ["fy2026", "2026-06-30"], ["", "2027-02-30"], ["fy2026", "15/03/2027"]]) {
    const want = cliError("close", "examples/coop.json", "--request", requestFile, "--id", id, "--date", date);
    assert.deepEqual(thrown(() => coshare.close(ledger, nextYear, id, date)), want, `${id} ${date}`);
    assert.deepEqual(thrown(() => coshare.closeJson(ledgerText, nextYear, id, date)), want, `${id} ${date}`);
  }
});

test("accounts, statement and notices are the CLI's --format json", () => {
  for (const at of ["2024-12-31", "2025-03-15", "2026-12-31", "2030-01-01"]) {
    assert.equal(JSON.stringify(coshare.accounts(ledger, at)), cliJson("accounts", "examples/coop.json", "--at", at));
  }
  assert.equal(
    JSON.stringify(coshare.accounts(ledger, "2026-12-31", csv)),
    cliJson("accounts", "examples/coop.json", "--at", "2026-12-31", "--contributions", "examples/hours.csv"),
  );
  for (const member of ["ana", "emil", "fatima"]) {
    assert.equal(
      JSON.stringify(coshare.statement(ledgerText, member, "2023-01-01", "2026-12-31")),
      cliJson("statement", "examples/coop.json", "--member", member, "--start", "2023-01-01", "--end", "2026-12-31"),
    );
  }
  for (const allocation of ["fy2024", "fy2025"]) {
    assert.equal(
      JSON.stringify(coshare.notices(ledger, allocation)),
      cliJson("notices", "examples/coop.json", "--allocation", allocation),
    );
  }
});

test("book query errors follow the order of docs/format.md (Queries of the books), as the CLI: dates, the period, then the member or allocation", () => {
  const statement = (member, start, end) =>
    [() => coshare.statement(ledger, member, start, end),
     ["statement", "examples/coop.json", "--member", member, "--start", start, "--end", end]];
  // The same codes and entries; a date argument's message names the
  // option (--start) in the CLI, the argument (start) here.
  const codeAndEntry = ({ code, entry }) => ({ code, entry });
  for (const [fn, args] of [
    statement("zoe", "2025-02-30", "2024-01-01"),
    statement("zoe", "2025-12-31", "2024-01-01"),
    statement("zoe", "2025-01-01", "2025-12-31"),
  ]) {
    assert.deepEqual(codeAndEntry(thrown(fn)), codeAndEntry(cliError(...args)), args.join(" "));
  }
  assert.deepEqual(
    thrown(() => coshare.statement(ledger, "zoe", "2025-02-30", "2024-01-01")),
    { code: "invalid_date", message: 'start "2025-02-30" does not exist: February 2025 has 28 days, not 30', entry: null, path: "start" },
  );
  assert.equal(thrown(() => coshare.statement(ledger, "zoe", "2025-02-30", "2024-01-01")).code, "invalid_date");
  assert.equal(thrown(() => coshare.statement(ledger, "zoe", "2025-12-31", "2024-01-01")).code, "invalid_period");
  assert.equal(thrown(() => coshare.statement(ledger, "zoe", "2025-01-01", "2025-12-31")).code, "unknown_member");
  for (const allocation of ["pay-fy2025-ana", "nothing"]) {
    const e = thrown(() => coshare.notices(ledger, allocation));
    assert.deepEqual(e, cliError("notices", "examples/coop.json", "--allocation", allocation));
    assert.equal(e.code, "unknown_target");
  }
  assert.equal(
    thrown(() => coshare.accounts(ledger, "2026-13-01")).code,
    cliError("accounts", "examples/coop.json", "--at", "2026-13-01").code,
  );
});

test("journal: JSON, CSV and beancount, with default and own account names, are the CLI's", () => {
  const period = ["--start", "2023-01-01", "--end", "2026-12-31"];
  const journalCli = (format, ...extra) => {
    const r = cli("journal", "examples/coop.json", ...period, "--format", format, ...extra);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const [start, end] = ["2023-01-01", "2026-12-31"];
  const doc = coshare.journal(ledger, start, end);
  assert.equal(JSON.stringify(doc) + "\n", journalCli("json"));
  assert.deepEqual(coshare.journal(ledgerText, start, end, { format: "json" }), doc);
  assert.equal(coshare.journal(ledger, start, end, { format: "csv" }), journalCli("csv"));
  const beancount = coshare.journal(ledger, start, end, { format: "beancount" });
  assert.equal(beancount, journalCli("beancount"));

  const names = { cash: "Assets:Bank:Current", capital: "Equity:Members:{member}", kinds: { buyin: "Assets:Bank:Shares" } };
  const accountsFile = scratchFile("accounts.json", JSON.stringify(names));
  for (const format of ["json", "csv", "beancount"]) {
    const want = journalCli(format, "--accounts", accountsFile);
    for (const accounts of [names, JSON.stringify(names)]) {
      const got = coshare.journal(ledger, start, end, { format, accounts });
      assert.equal(format === "json" ? JSON.stringify(got) + "\n" : got, want, format);
    }
  }
  assert.equal(
    JSON.stringify(coshare.journal(ledger, start, end, { contributionsCsv: csv })) + "\n",
    journalCli("json", "--contributions", "examples/hours.csv"),
  );
});

test("journal errors: bad account names and a bad period are the CLI's", () => {
  const bad = scratchFile("bad-accounts.json", JSON.stringify({ cahs: "Assets:Bank" }));
  const want = cliError("journal", "examples/coop.json", "--start", "2023-01-01", "--end", "2026-12-31", "--accounts", bad);
  assert.equal(want.code, "unknown_field");
  assert.deepEqual(thrown(() => coshare.journal(ledger, "2023-01-01", "2026-12-31", { accounts: { cahs: "Assets:Bank" } })), want);
  assert.deepEqual(
    thrown(() => coshare.journal(ledger, "2026-01-01", "2025-01-01")),
    cliError("journal", "examples/coop.json", "--start", "2026-01-01", "--end", "2025-01-01"),
  );
  assert.equal(thrown(() => coshare.journal(ledger, "2023-01-01", "2026-12-31", { accounts: { cash: 5 } })).code, "invalid_json");
});

test("validate lists the warnings of a valid ledger, as the CLI's validate --format json", () => {
  const warned = structuredClone(ledger);
  // A posted figure that differs from today's split of its request.
  const fy2025 = warned.entries.find((e) => e.id === "fy2025");
  fy2025.reserves.reserve = (Number(fy2025.reserves.reserve) + 1).toFixed(2);
  fy2025.unallocated = "-1.00";
  const report = coshare.validate(warned);
  const r = cli("validate", ledgerFile(warned), "--format", "json");
  assert.equal(JSON.stringify(report) + "\n", r.stdout, r.stderr);
  assert.equal(report.valid, true);
  assert.deepEqual(report.warnings.map((w) => [w.code, w.entry, w.kind]), [["allocation_differs", "fy2025", null]]);
});
