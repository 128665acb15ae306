// Issue 15: arguments of the wrong type and the error class.
// Every export checks every argument: a Date, a number, undefined, an
// object... where a string belongs is a CoshareError `invalid_request`
// naming the argument, never a raw TypeError nor a WebAssembly trap
// ("RuntimeError: memory access out of bounds"). Thrown errors are
// instances of the exported class CoshareError, and the ErrorCode union
// of the TypeScript types is the core's list of codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadPackage, pkgDir, readText, wasmDir } from "./helpers.mjs";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";

const coshare = loadPackage();
const ledger = readText("examples", "coop.json");
const request = readText("examples", "fy2025.json");
const next = { period: { start: "2026-01-01", end: "2026-12-31" }, amount: "1000.00" };

/** Calls fn, expecting a CoshareError; returns it. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("did not throw");
}

/**
 * Every export with good arguments, and, by position, what each argument
 * is: "string" (required), "optional" (a string, or undefined/null),
 * "strings" (an optional array of strings), or "document" (JSON text or a
 * plain object, checked by the core's reader).
 */
const exports = {
  splitJson: { args: [ledger, request, undefined], kinds: ["string:ledgerJson", "string:requestJson", "optional:contributionsCsv"] },
  split: { args: [ledger, request, undefined], kinds: ["document", "document", "optional:contributionsCsv"] },
  splitMany: { args: [ledger, [JSON.parse(request)], undefined], kinds: ["document", "document", "optional:contributionsCsv"] },
  shares: { args: [ledger, "2025-06-30", undefined], kinds: ["document", "string:at", "optional:contributionsCsv"] },
  explain: {
    args: [ledger, "ana", "2025-01-01", "2025-12-31", undefined, undefined],
    kinds: ["document", "string:member", "string:start", "string:end", "strings:kinds", "optional:contributionsCsv"],
  },
  curve: {
    args: [ledger, "2025-01-01", "2025-12-31", "P1M", undefined],
    kinds: ["document", "string:from", "string:to", "string:every", "optional:contributionsCsv"],
  },
  validate: { args: [ledger, undefined], kinds: ["document", "optional:contributionsCsv"] },
  close: {
    args: [ledger, next, "fy2026", "2027-03-01", undefined],
    kinds: ["document", "document", "string:id", "string:date", "optional:contributionsCsv"],
  },
  closeJson: {
    args: [ledger, next, "fy2026", "2027-03-01", undefined],
    kinds: ["document", "document", "string:id", "string:date", "optional:contributionsCsv"],
  },
  accounts: { args: [ledger, "2026-12-31", undefined], kinds: ["document", "string:at", "optional:contributionsCsv"] },
  statement: {
    args: [ledger, "ana", "2025-01-01", "2026-12-31", undefined],
    kinds: ["document", "string:member", "string:start", "string:end", "optional:contributionsCsv"],
  },
  notices: { args: [ledger, "fy2025", undefined], kinds: ["document", "string:allocation", "optional:contributionsCsv"] },
  journal: { args: [ledger, "2025-01-01", "2026-12-31", undefined], kinds: ["document", "string:start", "string:end", "options"] },
};

/** Values that are never strings (a symbol cannot even be converted to one). */
const notStrings = {
  "a Date": () => new Date("2025-06-30"),
  "a number": () => 20250630,
  "an object": () => ({ date: "2025-06-30" }),
  "an array": () => ["2025-06-30"],
  "a boolean": () => true,
  "a bigint": () => 20250630n,
  "a symbol": () => Symbol("2025-06-30"),
  "a function": () => () => "2025-06-30",
  "a String object": () => new String("2025-06-30"),
};

test("every export is covered, and each runs with its good arguments", () => {
  const functions = Object.keys(coshare).filter((k) => typeof coshare[k] === "function" && k !== "CoshareError");
  assert.deepEqual(functions.sort(), [...Object.keys(exports), "errorCodes", "warningCodes"].sort());
  for (const [name, { args }] of Object.entries(exports)) {
    assert.doesNotThrow(() => coshare[name](...args), name);
  }
});

for (const [name, { args, kinds }] of Object.entries(exports)) {
  kinds.forEach((kind, i) => {
    const [type, argument] = kind.split(":");
    if (type === "document") return;
    const bad = { ...notStrings };
    if (type === "string") {
      bad.undefined = () => undefined;
      bad.null = () => null;
    }
    if (type === "strings") {
      delete bad["an array"];
      bad["a string"] = () => "labor";
    }
    if (type === "options") {
      delete bad["an object"];
      bad["a string"] = () => "csv";
    }
    for (const [what, make] of Object.entries(bad)) {
      test(`${name}: ${type === "options" ? "options" : argument} as ${what} is invalid_request naming it`, () => {
        const call = [...args];
        call[i] = make();
        const e = thrown(() => coshare[name](...call));
        assert.ok(e instanceof coshare.CoshareError, `${e?.constructor?.name}: ${e}`);
        assert.equal(e.code, "invalid_request", e.message);
        assert.equal(e.path, argument ?? "options");
        assert.ok(e.message.startsWith(`${argument ?? "options"} must be`), e.message);
        assert.equal(e.entry, null);
      });
    }
  });
}

test("explain: a kinds array with a non-string names the element", () => {
  const e = thrown(() => coshare.explain(ledger, "ana", "2025-01-01", "2025-12-31", ["labor", new Date()]));
  assert.equal(e.code, "invalid_request");
  assert.equal(e.path, "kinds[1]");
  assert.match(e.message, /^kinds\[1\] must be a string, not a Date/);
});

test("an absent optional argument is undefined or null, alike", () => {
  const [year] = ["2025-01-01", "2025-12-31"];
  assert.deepEqual(coshare.shares(ledger, "2025-06-30", null), coshare.shares(ledger, "2025-06-30"));
  assert.deepEqual(coshare.explain(ledger, "ana", year, "2025-12-31", null, null), coshare.explain(ledger, "ana", year, "2025-12-31"));
  assert.deepEqual(coshare.journal(ledger, year, "2025-12-31", null), coshare.journal(ledger, year, "2025-12-31"));
  assert.deepEqual(
    coshare.journal(ledger, year, "2025-12-31", { format: null, accounts: null, contributionsCsv: undefined }),
    coshare.journal(ledger, year, "2025-12-31", {}),
  );
});

test("journal options: an unknown option or format is invalid_request naming it", () => {
  const e = thrown(() => coshare.journal(ledger, "2025-01-01", "2025-12-31", { fromat: "csv" }));
  assert.equal(e.code, "invalid_request");
  assert.equal(e.path, "options.fromat");
  const f = thrown(() => coshare.journal(ledger, "2025-01-01", "2025-12-31", { format: "xml" }));
  assert.equal(f.code, "invalid_request");
  assert.equal(f.path, "options.format");
  assert.match(f.message, /"xml"/);
  const g = thrown(() => coshare.journal(ledger, "2025-01-01", "2025-12-31", { format: new Date() }));
  assert.equal(g.path, "options.format");
  const h = thrown(() => coshare.journal(ledger, "2025-01-01", "2025-12-31", { contributionsCsv: 1 }));
  assert.equal(h.path, "options.contributionsCsv");
});

test("no argument of any type traps: every throw is a CoshareError, and the module keeps working", () => {
  const pool = [
    undefined, null, 0, -1, 1.5, NaN, 2n ** 70n, true, "", "2025-06-30", "P1M", "ana", "{", "[]", "{}", "null",
    new Date(0), [], [1, "a"], {}, { period: {} }, Symbol("s"), () => 1, new Uint8Array(4), new Map(),
    Object.create(null), new Proxy({}, {}), "\ud800", "x".repeat(10_000),
  ];
  let seed = 15;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let calls = 0;
  for (const [name, { args }] of Object.entries(exports)) {
    for (let round = 0; round < 200; round++) {
      const call = args.map((good) => (random(3) === 0 ? good : pool[random(pool.length)]));
      try {
        coshare[name](...call);
      } catch (e) {
        assert.ok(e instanceof coshare.CoshareError, `${name}(${inspect(call)}): ${inspect(e)}`);
      }
      calls++;
    }
  }
  assert.ok(calls > 2000);
  assert.equal(coshare.splitJson(ledger, request), coshare.splitJson(ledger, request));
  assert.equal(coshare.shares(ledger, "2025-06-30").at, "2025-06-30");
});

test("thrown errors are instances of the exported class CoshareError, a subclass of Error", () => {
  const e = thrown(() => coshare.shares(ledger, "2025-02-30"));
  assert.equal(typeof coshare.CoshareError, "function");
  assert.ok(e instanceof coshare.CoshareError);
  assert.ok(e instanceof Error);
  assert.equal(e.name, "CoshareError");
  assert.equal(e.code, "invalid_date");
  assert.match(String(e), /^CoshareError: /);
  assert.ok(e.stack.includes("CoshareError"));
  assert.equal(Object.getPrototypeOf(e), coshare.CoshareError.prototype);
  assert.ok(!(new Error("x") instanceof coshare.CoshareError));
  const made = new coshare.CoshareError("made by hand", "invalid_request");
  assert.deepEqual([made.code, made.entry, made.path, made.name], ["invalid_request", null, null, "CoshareError"]);
});

test("the class is the same from require and from an ES module import of the Node.js build", async () => {
  const entry = join(pkgDir, "node", "coshare_wasm.js");
  const esm = await import(pathToFileURL(entry).href);
  assert.equal(esm.CoshareError, coshare.CoshareError);
  assert.equal(createRequire(import.meta.url)(entry).CoshareError, coshare.CoshareError);
  assert.ok(thrown(() => esm.shares(ledger, new Date())) instanceof esm.CoshareError);
});

test("an absent entry or path is null, never an empty string", () => {
  // A reading error at the document's root: the core's path there is "".
  const root = thrown(() => coshare.split("[]", request));
  assert.equal(root.code, "invalid_json");
  assert.equal(root.path, null);
  assert.equal(root.entry, null);
  const accounts = thrown(() => coshare.journal(ledger, "2025-01-01", "2025-12-31", { accounts: "[]" }));
  assert.equal(accounts.code, "invalid_json");
  assert.equal(accounts.path, null);
  const e = thrown(() => coshare.shares(ledger, "2025-02-30"));
  assert.equal(e.entry, null);
});

/** The codes of the union `name` (`ErrorCode`, `WarningCode`) in a TypeScript declaration file. */
function unionCodes(dts, name = "ErrorCode") {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
  assert.ok(m, `export type ${name} = ...; is in the file`);
  return [...m[1].matchAll(/"([a-z_]+)"/g)].map((x) => x[1]);
}

test("the WarningCode union of src/types.d.ts and of the shipped .d.ts is the core's list of warning codes", () => {
  const codes = coshare.warningCodes();
  // The format's three, then coshare's own (docs/format.md, "Warnings").
  assert.deepEqual(codes, [
    "kind_in_no_pool", "capital_kind_in_pool", "allocation_differs",
    "kind_dropped", "member_without_contributions",
  ]);
  assert.deepEqual(unionCodes(readFileSync(join(wasmDir, "src", "types.d.ts"), "utf8"), "WarningCode"), codes);
  for (const build of ["node", "web"]) {
    assert.deepEqual(unionCodes(readFileSync(join(pkgDir, build, "coshare_wasm.d.ts"), "utf8"), "WarningCode"), codes, build);
  }
});

test("the ErrorCode union of src/types.d.ts and of the shipped .d.ts is the core's list of codes", () => {
  const codes = coshare.errorCodes();
  assert.equal(codes.length, 35);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of ["overlapping_allocation", "unbalanced_allocation", "over_redemption", "over_payment"]) {
    assert.ok(codes.includes(code), code);
  }
  assert.deepEqual(unionCodes(readFileSync(join(wasmDir, "src", "types.d.ts"), "utf8")), codes);
  for (const build of ["node", "web"]) {
    assert.deepEqual(unionCodes(readFileSync(join(pkgDir, build, "coshare_wasm.d.ts"), "utf8")), codes, build);
  }
});

test("text arguments keep every character: accents, CJK, a surrogate pair, and a lone surrogate as U+FFFD", () => {
  // Strings reach WebAssembly through TextEncoder.encodeInto (src/convert.rs):
  // ASCII at one byte per code unit, anything else on a second, wider try.
  const plain = coshare.split(ledger, request);
  const renamed = (name) => ledger.replaceAll('"ana"', `"${name}"`);
  const check = (result, read) => {
    const members = result.members.map((m) => m.member);
    assert.ok(members.includes(read), `${inspect(read)} in ${inspect(members)}`);
    assert.ok(!members.includes("ana"));
    assert.equal(result.members.length, plain.members.length);
    assert.deepEqual(
      result.members.find((m) => m.member === read).allocated,
      plain.members.find((m) => m.member === "ana").allocated,
    );
  };
  const name = "Ána 中文 🙂";
  check(coshare.split(renamed(name), request), name);
  check(coshare.split(JSON.parse(renamed(name)), request), name);
  assert.equal(coshare.explain(renamed(name), name, "2025-01-01", "2025-12-31").member, name);

  // A lone surrogate in the text becomes U+FFFD, in the ledger and in a
  // string argument alike; JSON.stringify of an object writes it as a
  // \ud800 escape, which the reader refuses like any lone surrogate escape.
  const lone = "\uD800ana";
  check(coshare.split(renamed(lone), request), "\uFFFDana");
  assert.equal(coshare.explain(renamed(lone), lone, "2025-01-01", "2025-12-31").member, "\uFFFDana");
  assert.equal(thrown(() => coshare.split(JSON.parse(renamed(lone)), request)).code, "invalid_json");

  const e = thrown(() => coshare.explain(ledger, "nobody 🙂", "2025-01-01", "2025-12-31"));
  assert.equal(e.code, "unknown_member");
  assert.match(e.message, /nobody 🙂/);
});
