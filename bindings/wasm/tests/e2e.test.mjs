// End to end in a real browser: serve the calculator page on 127.0.0.1,
// drive Debian's Chromium headless with playwright-core, load the example
// co-op, change two curves, split, and check that every number the page
// shows is the CLI's for the same modified ledger (and splitJson's in
// Node); then, in the page, the web build's error class and the books.
// Screenshots are saved in bindings/wasm/tests/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { cli, here, loadPackage, readText, repo } from "./helpers.mjs";
import { startServer } from "../../../examples/web/serve.mjs";

const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const artifacts = join(here, "artifacts");
const coshare = loadPackage();

let server;
let context;
let page;
const problems = [];   // console errors, page errors, requests leaving 127.0.0.1
let userDataDir;

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing (apt-get install -y chromium)`);
  mkdirSync(artifacts, { recursive: true });
  ({ server } = await startServer({ port: 0 }));
  userDataDir = mkdtempSync(join(tmpdir(), "coshare-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.protocol === "blob:" || url.protocol === "data:") return route.continue();
    problems.push(`request outside the page's origin: ${url}`);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/examples/web/`);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** The tables the page shows: {buckets: {name: {field: text}}, members: {id: {field: text}}}. */
function readTables() {
  return page.evaluate(() => {
    const rows = (selector, key) => Object.fromEntries(
      [...document.querySelectorAll(selector)].map((row) => [
        row.dataset[key],
        Object.fromEntries([...row.querySelectorAll("td[data-field]")].map((td) => [td.dataset.field, td.textContent])),
      ]),
    );
    return { buckets: rows("#buckets tbody tr[data-bucket]", "bucket"), members: rows("#members tbody tr[data-member]", "member") };
  });
}

/** What the page must show for a SPEC 6 result document. */
function expectedTables(result) {
  const pools = result.buckets.filter((b) => b.type === "pool").map((b) => b.name);
  return {
    buckets: Object.fromEntries(result.buckets.map((b) => [b.name, {
      amount: b.amount, basis_total: b.basis_total ?? "", unallocated: b.unallocated ?? "",
    }])),
    members: Object.fromEntries(result.members.map((m) => [m.member, {
      ...Object.fromEntries(pools.flatMap((p) => [[`${p}.share`, m.pools[p]?.share ?? ""], [`${p}.amount`, m.pools[p]?.amount ?? ""]])),
      allocated: m.allocated, carry_in: m.carry_in, paid: m.paid, cash: m.cash, retained: m.retained, carry_out: m.carry_out,
    }])),
  };
}

/** Runs the CLI's split on a ledger document; returns its stdout (the JSON document + newline). */
function cliSplit(ledgerText, name, ...extra) {
  const file = join(artifacts, name);
  writeFileSync(file, ledgerText);
  const r = cli("split", file, "--request", "examples/fy2025.json", "--format", "json", ...extra);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

async function setKind(kind, field, value) {
  const target = page.locator(`#kinds tr[data-kind="${kind}"] [data-field="${field}"]`);
  if (field === "type") await target.selectOption(value);
  else await target.fill(value);
}

test("the example co-op loads and splits as the CLI does", async () => {
  await page.click("#load-example");
  await page.waitForSelector("#members tbody tr[data-member]");
  const want = JSON.parse(cliSplit(readText("examples", "coop.json"), "example-ledger.json"));
  assert.deepEqual(await readTables(), expectedTables(want));
});

test("labour fading over five years and equipment on a three-year term: the page's numbers are the CLI's", async () => {
  await page.selectOption("#scope", "all");
  await setKind("labor", "fade", "P5Y");
  await setKind("equipment", "type", "term");
  await setKind("equipment", "term", "P3Y");
  await page.click("#run");
  await page.waitForFunction(() => document.querySelector("#ledger-json").textContent.includes('"P5Y"'));

  // The same change, made independently of the page.
  const modified = JSON.parse(readText("examples", "coop.json"));
  for (const policy of modified.policies) {
    policy.kinds.labor.curve = { type: "linear", hold: "P1Y", fade: "P5Y" };
    policy.kinds.equipment.curve = { type: "term", term: "P3Y" };
  }
  const shown = JSON.parse(await page.textContent("#ledger-json"));
  assert.deepEqual(shown, modified, "the page computed on the ledger it shows");

  const text = JSON.stringify(modified, null, 2);
  const stdout = cliSplit(text, "modified-ledger.json");
  assert.equal(coshare.splitJson(text, readText("examples", "fy2025.json")), stdout.trimEnd(), "splitJson in Node is the CLI");
  const want = JSON.parse(stdout);
  const got = await readTables();
  assert.deepEqual(got, expectedTables(want));
  assert.notDeepEqual(got, expectedTables(JSON.parse(cliSplit(readText("examples", "coop.json"), "example-ledger.json"))),
    "the change moved money");
  writeFileSync(join(artifacts, "modified-split.json"), stdout);

  const lines = await page.locator("#chart svg polyline").count();
  const chartMembers = new Set(coshare.curve(modified, "2023-01-01", "2025-12-31", "P1M").points.flatMap((p) => p.members.map((m) => m.member)));
  assert.equal(lines, chartMembers.size, "one line per member with shares");
  await page.screenshot({ path: join(artifacts, "e2e-calculator.png"), fullPage: true });
});

test("a contributions CSV opened in the page splits as the CLI's --contributions", async () => {
  await page.setInputFiles("#file", join(repo, "examples", "hours.csv"));
  await page.waitForFunction(() => document.querySelector("#ledger-status").textContent.includes("hours.csv"));
  await page.click("#run");
  const ledgerText = await page.textContent("#ledger-json");
  const want = JSON.parse(cliSplit(ledgerText, "modified-ledger-with-csv.json", "--contributions", "examples/hours.csv"));
  assert.deepEqual(await readTables(), expectedTables(want));
});

test("invalid input shows the error code, entry and path", async () => {
  await page.fill("#amount", "120000.005");
  await page.click("#run");
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.textContent("#error-code"), "invalid_amount");
  assert.equal(await page.isHidden("#result"), true);

  await page.fill("#amount", "120000.00");
  await setKind("labor", "multiplier", "two");
  await page.click("#run");
  await page.waitForFunction(() => document.querySelector("#error-code").textContent === "invalid_number");
  assert.match(await page.textContent("#error-path"), /^policies\[0\]\.kinds\.labor\.multiplier$/);
  await page.screenshot({ path: join(artifacts, "e2e-error.png"), fullPage: true });

  await setKind("labor", "multiplier", "2");
  await page.click("#run");
  await page.waitForSelector("#error", { state: "hidden" });

  // A ledger with an entry error, opened as a file: the code and the entry.
  const broken = JSON.parse(readText("examples", "coop.json"));
  broken.entries.push({ type: "contribution", id: "late-1", member: "dev", date: "2025-06-01", kind: "cash", value: "10.00" });
  const file = join(artifacts, "broken-ledger.json");
  writeFileSync(file, JSON.stringify(broken));
  await page.setInputFiles("#file", file);
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.textContent("#error-code"), "member_departed");
  assert.equal(await page.textContent("#error-entry"), "late-1");
});

test("in the browser, the web build throws instances of the CoshareError class it exports", async () => {
  const got = await page.evaluate(async () => {
    // The module the page loaded (the same URL), already initialised.
    const m = await import("/bindings/wasm/pkg/web/coshare_wasm.js");
    await m.default();
    const ledger = await (await fetch("/examples/coop.json")).text();
    const calls = [
      () => m.shares(ledger, new Date()),
      () => m.shares(ledger, 20250630),
      () => m.statement(ledger, "ana", undefined, "2025-12-31"),
      () => m.journal(ledger, "2025-01-01", "2025-12-31", { format: "xml" }),
      () => m.shares(ledger, "2025-02-30"),
      () => m.split("[]", "{}"),
    ];
    return calls.map((call) => {
      try {
        call();
        return "did not throw";
      } catch (e) {
        return [e instanceof m.CoshareError, e instanceof Error, e.name, e.code, e.path];
      }
    });
  });
  assert.deepEqual(got, [
    [true, true, "CoshareError", "invalid_request", "at"],
    [true, true, "CoshareError", "invalid_request", "at"],
    [true, true, "CoshareError", "invalid_request", "start"],
    [true, true, "CoshareError", "invalid_request", "options.format"],
    [true, true, "CoshareError", "invalid_date", "at"],
    [true, true, "CoshareError", "invalid_json", null],
  ]);
});

test("in the browser, the books run and give the numbers the CLI gives", async () => {
  const got = await page.evaluate(async () => {
    const m = await import("/bindings/wasm/pkg/web/coshare_wasm.js");
    const ledger = await (await fetch("/examples/coop.json")).text();
    return {
      accounts: JSON.stringify(m.accounts(ledger, "2026-12-31")),
      notices: JSON.stringify(m.notices(ledger, "fy2025")),
      beancount: m.journal(ledger, "2023-01-01", "2026-12-31", { format: "beancount" }),
    };
  });
  const run = (...args) => {
    const r = cli(...args);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  assert.equal(got.accounts + "\n", run("accounts", "examples/coop.json", "--at", "2026-12-31", "--format", "json"));
  assert.equal(got.notices + "\n", run("notices", "examples/coop.json", "--allocation", "fy2025", "--format", "json"));
  assert.equal(got.beancount, run("journal", "examples/coop.json", "--start", "2023-01-01", "--end", "2026-12-31", "--format", "beancount"));
});

test("the page loaded nothing from outside and logged no errors", () => {
  assert.deepEqual(problems, []);
});
