// End to end in a real browser: serve the what-if page on 127.0.0.1, drive
// Debian's Chromium headless with playwright-core, load the example co-op,
// change two curves, split, and check that every number the page shows is
// the CLI's for the same modified ledger (and splitJson's in Node); then the
// what-if view: each edit (a multiplier, the cash fraction, a departure)
// splits again and the differences shown are those of the CLI's splits of
// the modified and the original ledger, member by member and figure by
// figure; bucket shares that do not sum to 1 show invalid_shares; the CSV
// export; the chart's paths; the message when the WebAssembly build is
// missing; and, in the page, the web build's error class and the books.
// Screenshots are saved in bindings/wasm/tests/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** What the page must show for a docs/format.md, "Request and split result" result document. */
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

/** Waits until the page has split after the last edit (edits split again after a short pause). */
async function settled() {
  await page.waitForFunction(() => document.body.dataset.pending === undefined && document.body.dataset.runs !== undefined);
}

// Exact decimal strings, independently of the page: "123.45" is 12345n at scale 2.
const scaleOf = (d) => (d.includes(".") ? d.length - d.indexOf(".") - 1 : 0);
const unitsAt = (d, scale) => BigInt(d.replace(".", "")) * 10n ** BigInt(scale - scaleOf(d));
function decimalMinus(a, b) {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const v = unitsAt(a, scale) - unitsAt(b, scale);
  const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, "0");
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return v < 0n ? `-${text}` : text;
}
const isZero = (d) => !/[1-9]/.test(d);

const FIGURES = ["allocated", "carry_in", "paid", "cash", "retained", "carry_out"];

/**
 * The comparison the page must show for two docs/format.md, "Request and split result" result documents: one
 * row per member (of either split, by id) and figure (each pool's share and
 * amount, then the member's money), with changed − baseline; a value one
 * split lacks counts as zero and is shown "—"; and one row per bucket and
 * figure (amount; unallocated for a pool).
 */
function expectedComparison(baseline, changed) {
  const pools = [];
  for (const r of [changed, baseline]) for (const b of r.buckets) if (b.type === "pool" && !pools.includes(b.name)) pools.push(b.name);
  const figures = [...pools.flatMap((p) => [`${p}.share`, `${p}.amount`]), ...FIGURES];
  const value = (m, f) => {
    if (!m) return null;
    if (FIGURES.includes(f)) return m[f];
    const [pool, field] = [f.slice(0, f.lastIndexOf(".")), f.slice(f.lastIndexOf(".") + 1)];
    return m.pools[pool]?.[field] ?? null;
  };
  const row = (b, c) => ({
    baseline: b,
    changed: c,
    difference: b === null && c === null ? null : decimalMinus(c ?? "0", b ?? "0"),
  });
  const ids = [...new Set([...baseline.members, ...changed.members].map((m) => m.member))].sort();
  const members = Object.fromEntries(ids.map((id) => {
    const [b, c] = [baseline.members.find((m) => m.member === id), changed.members.find((m) => m.member === id)];
    return [id, Object.fromEntries(figures.map((f) => [f, row(value(b, f), value(c, f))]))];
  }));
  const buckets = {};
  for (const name of new Set([...changed.buckets, ...baseline.buckets].map((b) => b.name))) {
    const [b, c] = [baseline.buckets.find((x) => x.name === name), changed.buckets.find((x) => x.name === name)];
    buckets[name] = { amount: row(b?.amount ?? null, c?.amount ?? null) };
    if (b?.type === "pool" || c?.type === "pool") buckets[name].unallocated = row(b?.unallocated ?? null, c?.unallocated ?? null);
  }
  return { figures, members, buckets };
}

/** As the page shows a comparison row: "—" for a missing value, "+" before a gain. */
function shownRow({ baseline, changed, difference }) {
  return {
    baseline: baseline ?? "—",
    changed: changed ?? "—",
    difference: difference === null ? "—" : /^-/.test(difference) || isZero(difference) ? difference : `+${difference}`,
  };
}

/** The comparison tables of the page: {members: {id: {figure: row}}, buckets: {name: {figure: row}}}. */
function readComparison() {
  return page.evaluate(() => {
    const row = (tr) => Object.fromEntries(["baseline", "changed", "difference"].map((f) => [f, tr.querySelector(`td[data-field="${f}"]`).textContent]));
    const members = {};
    for (const body of document.querySelectorAll("#compare tbody[data-member]")) {
      members[body.dataset.member] = Object.fromEntries([...body.querySelectorAll("tr[data-figure]")].map((tr) => [tr.dataset.figure, row(tr)]));
    }
    const buckets = {};
    for (const tr of document.querySelectorAll("#compare-buckets tbody tr[data-bucket]")) {
      (buckets[tr.dataset.bucket] ??= {})[tr.dataset.figure] = row(tr);
    }
    return { members, buckets };
  });
}

/** Asserts that the page shows exactly the comparison of two CLI results. */
async function assertComparison(baseline, changed) {
  const want = expectedComparison(baseline, changed);
  const shown = (table) => Object.fromEntries(Object.entries(table).map(([k, figs]) =>
    [k, Object.fromEntries(Object.entries(figs).map(([f, r]) => [f, shownRow(r)]))]));
  const got = await readComparison();
  for (const id of Object.keys(want.members)) {
    assert.deepEqual(got.members[id], shown(want.members)[id], `member ${id}: baseline, changed and difference of every figure`);
  }
  assert.deepEqual(Object.keys(got.members), Object.keys(want.members), "one block per member, by id");
  assert.deepEqual(got.buckets, shown(want.buckets));
  // The summary per member repeats the full table's figures.
  const summary = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#compare-summary tbody tr[data-member]")]
    .map((tr) => [tr.dataset.member, Object.fromEntries([...tr.querySelectorAll("td[data-field]")].map((td) => [td.dataset.field, td.textContent]))])));
  for (const [id, figs] of Object.entries(want.members)) {
    for (const f of ["allocated", "cash", "retained"]) {
      const r = shownRow(figs[f]);
      assert.deepEqual([summary[id][`${f}.baseline`], summary[id][`${f}.changed`], summary[id][`${f}.difference`]],
        [r.baseline, r.changed, r.difference], `summary of ${id}, ${f}`);
    }
  }
  for (const f of ["allocated", "cash", "retained"]) {
    const total = (side) => Object.values(want.members).map((m) => m[f][side]).filter((v) => v !== null).reduce((a, v) => decimalMinus(a, decimalMinus("0", v)), "0.00");
    const r = shownRow({ baseline: total("baseline"), changed: total("changed"), difference: decimalMinus(total("changed"), total("baseline")) });
    assert.deepEqual([summary[""][`${f}.baseline`], summary[""][`${f}.changed`], summary[""][`${f}.difference`]],
      [r.baseline, r.changed, r.difference], `total of ${f}`);
  }
  return want;
}

/** Members with a non-zero share of a pool at any point of a curve. */
function poolHolders(points, pool) {
  return new Set(points.flatMap((p) => (p.pools.find((x) => x.pool === pool)?.members ?? []).filter((m) => !isZero(m.share)).map((m) => m.member)));
}

test("the example co-op loads and splits as the CLI does", async () => {
  await page.click("#load-example");
  await page.waitForSelector("#result:not([hidden])");
  await page.waitForSelector("#members tbody tr[data-member]", { state: "attached" });
  const want = JSON.parse(cliSplit(readText("examples", "coop.json"), "example-ledger.json"));
  assert.deepEqual(await readTables(), expectedTables(want));
  // Nothing changed yet: baseline and changed are both the CLI's split, every difference zero.
  const comparison = await assertComparison(want, want);
  for (const figs of Object.values(comparison.members)) for (const r of Object.values(figs)) assert.ok(r.difference === null || isZero(r.difference));
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

  // The chart: the workers pool from the first policy to five years after the period, monthly.
  await page.selectOption("#chart-pool", "workers");
  const drawn = await page.$$eval("#chart svg path.changed", (paths) => paths.map((p) => p.dataset.member));
  const holders = poolHolders(coshare.curve(modified, "2023-01-01", "2030-12-31", "P1M").points, "workers");
  assert.deepEqual(drawn.toSorted(), [...holders].sort(), "one path per member with a share of the pool");
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

test("what if cash counted double and a third were paid in cash: each edit splits again, the differences are the CLI's", async () => {
  await page.click("#load-example");
  await page.waitForFunction(() => document.querySelector("#ledger-status").textContent.startsWith("coop.json"));
  await page.waitForSelector("#result:not([hidden])");
  await page.selectOption("#scope", "all");
  const original = readText("examples", "coop.json");
  const baseline = JSON.parse(cliSplit(original, "example-ledger.json"));

  // No click on "Split": the edit itself splits again.
  await setKind("cash", "multiplier", "2");
  await settled();
  const modified = JSON.parse(original);
  for (const policy of modified.policies) policy.kinds.cash.multiplier = "2";
  assert.deepEqual(JSON.parse(await page.textContent("#ledger-json")), modified, "the page computed on the ledger it shows");
  let changed = JSON.parse(cliSplit(JSON.stringify(modified, null, 2), "what-if-cash-ledger.json"));
  let comparison = await assertComparison(baseline, changed);
  assert.ok(!isZero(comparison.members.fatima["capital.amount"].difference), "the edit moved money");

  await page.fill("#cash-fraction", "0.35");
  await settled();
  for (const policy of modified.policies) policy.distribution.cash_fraction = "0.35";
  assert.deepEqual(JSON.parse(await page.textContent("#ledger-json")), modified);
  const stdout = cliSplit(JSON.stringify(modified, null, 2), "what-if-cash-fraction-ledger.json");
  changed = JSON.parse(stdout);
  comparison = await assertComparison(baseline, changed);
  assert.ok(!isZero(comparison.members.ana.cash.difference), "the cash fraction moved cash");
  assert.ok(isZero(comparison.buckets.reserve.amount.difference), "and left the reserve alone");
  assert.deepEqual(await readTables(), expectedTables(changed), "the changed split in full is the CLI's");
  assert.equal(await page.isHidden("#error"), true);
  writeFileSync(join(artifacts, "what-if-split.json"), stdout);
  await page.screenshot({ path: join(artifacts, "e2e-what-if.png"), fullPage: true });
});

test("bucket shares that do not sum to 1 show invalid_shares; balancing them splits again", async () => {
  const reserve = page.locator('#buckets-edit tr[data-bucket="reserve"] input');
  await reserve.fill("0.35");
  await settled();
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.textContent("#error-code"), "invalid_shares");
  assert.match(await page.textContent("#error-path"), /^policies\[\d\]\.distribution\.buckets$/);
  assert.match(await page.textContent("#error-message"), /sum to 1\.05, not 1/);
  assert.equal(await page.textContent("#share-sum"), "1.05");
  assert.equal(await page.isHidden("#result"), true, "no numbers that are not the inputs'");
  await page.screenshot({ path: join(artifacts, "e2e-what-if-invalid-shares.png"), fullPage: true });

  await page.click("#balance");
  await settled();
  assert.equal(await reserve.inputValue(), "0.3");
  await page.waitForSelector("#error", { state: "hidden" });
  assert.equal(await page.isVisible("#result"), true);

  // Workers get a tenth more, taken from the reserve, in both policies.
  await page.locator('#buckets-edit tr[data-bucket="workers"] input').fill("0.6");
  await page.click("#balance");
  await settled();
  assert.equal(await reserve.inputValue(), "0.2");
  const modified = JSON.parse(readText("examples", "coop.json"));
  for (const policy of modified.policies) {
    policy.kinds.cash.multiplier = "2";
    policy.distribution.cash_fraction = "0.35";
    const shares = { reserve: "0.2", workers: "0.6", capital: "0.2" };
    for (const bucket of policy.distribution.buckets) bucket.share = shares[bucket.name];
  }
  assert.deepEqual(JSON.parse(await page.textContent("#ledger-json")), modified);
  const baseline = JSON.parse(cliSplit(readText("examples", "coop.json"), "example-ledger.json"));
  const comparison = await assertComparison(baseline, JSON.parse(cliSplit(JSON.stringify(modified), "what-if-buckets-ledger.json")));
  assert.equal(comparison.buckets.reserve.amount.difference, "-12000.00");
});

test("what if Chloé had left on bad terms in June: the departure, without her later contributions, as the CLI splits it", async () => {
  await page.click("#reset-policy");
  await settled();
  const row = page.locator('#departures tr[data-member="chloe"]');
  await row.locator('[data-field="date"]').fill("2025-06-30");
  await row.locator('[data-field="reason"]').selectOption("bad");
  await settled();
  assert.match(await row.textContent(), /2 later contributions dropped/);
  const original = readText("examples", "coop.json");
  const modified = JSON.parse(original);
  modified.entries = modified.entries.filter((e) => !(e.type === "contribution" && e.member === "chloe" && e.date > "2025-06-30"));
  modified.entries.push({ type: "departure", id: "what-if-chloe-leaves", member: "chloe", date: "2025-06-30", reason: "bad", note: "what-if" });
  assert.deepEqual(JSON.parse(await page.textContent("#ledger-json")), modified);
  const baseline = JSON.parse(cliSplit(original, "example-ledger.json"));
  const changed = JSON.parse(cliSplit(JSON.stringify(modified), "what-if-departure-ledger.json"));
  const comparison = await assertComparison(baseline, changed);
  assert.equal(comparison.members.chloe.allocated.difference.startsWith("-"), true, "leaving costs her");

  // Kept contributions after the departure: the core refuses them, and the page says so.
  await page.uncheck("#drop-later");
  await settled();
  assert.equal(await page.textContent("#error-code"), "member_departed");
  assert.equal(await page.textContent("#error-entry"), "lab-2025q3-chloe");
  await page.check("#drop-later");
  await settled();
  await page.waitForSelector("#error", { state: "hidden" });

  // A reason no policy defines cannot be chosen; a date that does not exist is the core's error.
  const reasons = await row.locator('[data-field="reason"] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(reasons, ["", "good", "bad"]);
  await row.locator('[data-field="date"]').fill("2025-06-31");
  await settled();
  assert.equal(await page.textContent("#error-code"), "invalid_date");
  assert.match(await page.textContent("#error-path"), /^entries\[\d+\]\.date$/);
  await row.locator('[data-field="date"]').fill("2025-06-30");
  await settled();
  await page.waitForSelector("#error", { state: "hidden" });
});

test("the comparison downloads as CSV: a snake_case header and one row per member and figure", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
  assert.equal(download.suggestedFilename(), "coshare-what-if-2025-01-01-2025-12-31.csv");
  const path = join(artifacts, "what-if-comparison.csv");
  await download.saveAs(path);
  const text = readFileSync(path, "utf8");
  const lines = text.split("\r\n");
  assert.equal(lines.pop(), "", "ends with a line break");
  assert.equal(lines[0], "section,member,name,figure,baseline,changed,difference");
  const rows = lines.slice(1).map((line) => line.split(","));   // no field of this ledger holds a comma or a quote
  for (const r of rows) assert.equal(r.length, 7, r.join(","));

  const modified = JSON.parse(await page.textContent("#ledger-json"));
  const want = expectedComparison(
    JSON.parse(cliSplit(readText("examples", "coop.json"), "example-ledger.json")),
    JSON.parse(cliSplit(JSON.stringify(modified), "what-if-departure-ledger.json")),
  );
  const names = Object.fromEntries(modified.members.map((m) => [m.id, m.name]));
  const expected = [
    ...Object.entries(want.buckets).flatMap(([name, figs]) => Object.entries(figs).map(([f, r]) => ["bucket", "", name, f, r.baseline, r.changed, r.difference])),
    ...Object.entries(want.members).flatMap(([id, figs]) => want.figures.map((f) => ["member", id, names[id], f, figs[f].baseline, figs[f].changed, figs[f].difference])),
  ].map((r) => r.map((v) => v ?? ""));
  assert.deepEqual(rows, expected);
  assert.equal(rows.filter((r) => r[0] === "member").length, Object.keys(want.members).length * want.figures.length);
});

test("the chart: one path per member of the chosen pool, baseline dashed, the years after the period shaded", async () => {
  const modified = JSON.parse(await page.textContent("#ledger-json"));
  const original = JSON.parse(readText("examples", "coop.json"));
  for (const [pool, years, to] of [["workers", "5", "2030-12-31"], ["capital", "10", "2035-12-31"]]) {
    await page.selectOption("#chart-pool", pool);
    await page.selectOption("#chart-years", years);
    const every = "P1M";
    const paths = await page.$$eval("#chart svg path", (ps) => ps.map((p) => [p.getAttribute("class"), p.dataset.member]));
    const ids = (cls) => paths.filter(([c]) => c === cls).map(([, m]) => m).sort();
    assert.deepEqual(ids("changed"), [...poolHolders(coshare.curve(modified, "2023-01-01", to, every).points, pool)].sort(), `${pool}: changed`);
    assert.deepEqual(ids("baseline"), [...poolHolders(coshare.curve(original, "2023-01-01", to, every).points, pool)].sort(), `${pool}: baseline`);
    const dashed = await page.$eval("#chart svg path.baseline", (p) => getComputedStyle(p).strokeDasharray);
    assert.notEqual(dashed, "none");
    const future = await page.$eval("#chart svg rect.future", (r) => [Number(r.getAttribute("x")), Number(r.getAttribute("width"))]);
    const period = await page.$eval("#chart svg rect.period", (r) => [Number(r.getAttribute("x")), Number(r.getAttribute("width"))]);
    assert.ok(Math.abs(future[0] - (period[0] + period[1])) < 0.01 && future[1] > 0, "shaded from the period's end");
  }
  // Chloé, gone in June with nothing retained, has no share of the capital pool after it.
  const last = await page.$eval('#chart svg path.changed[data-member="chloe"]', (p) => p.getAttribute("d").trim().split(" ").at(-1));
  const bottom = await page.$eval("#chart svg line.grid", (l) => l.getAttribute("y1"));   // the 0% line
  assert.equal(Number(last.split(",")[1]), Number(bottom));
  await page.uncheck("#chart-baseline");
  assert.equal(await page.locator("#chart svg path.baseline").count(), 0);
  await page.check("#chart-baseline");
  await page.selectOption("#chart-pool", "workers");
  await page.selectOption("#chart-years", "5");
  await page.locator("#chart").screenshot({ path: join(artifacts, "e2e-what-if-chart.png") });
});

test("without the WebAssembly build the page says how to build it", async () => {
  const second = await context.newPage();
  try {
    await second.route("**/bindings/wasm/pkg/**", (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }));
    await second.goto(`http://127.0.0.1:${server.address().port}/examples/web/`);
    await second.waitForSelector("body[data-ready='missing']", { timeout: 30_000 });
    assert.equal(await second.isVisible("#missing-build"), true);
    assert.match(await second.textContent("#missing-build"), /bash bindings\/wasm\/build\.sh/);
    assert.match(await second.textContent("#missing-build-detail"), /\/bindings\/wasm\/pkg\/web\/coshare_wasm\.js/);
    assert.equal(await second.isDisabled("#load-example"), true);
    await second.screenshot({ path: join(artifacts, "e2e-missing-build.png"), fullPage: true });
  } finally {
    await second.close();
  }
});

test("the page links the documents' reference and JSON Schemas, served from the repository", async () => {
  const links = await page.$$eval("footer a", (as) => as.map((a) => a.href));
  assert.ok(links.length >= 5);
  const statuses = await page.evaluate(async (urls) => Promise.all(urls.map(async (u) => (await fetch(u)).status)), links);
  assert.deepEqual(statuses, links.map(() => 200), links.join(" "));
  const schema = JSON.parse(await page.evaluate(async () => (await fetch(document.getElementById("schema-ledger").href)).text()));
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
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

test("a member id or name that a spreadsheet would read as a formula downloads with an apostrophe first", async () => {
  const ledger = JSON.parse(readText("examples", "coop.json").replaceAll('"ana"', '"@ana"'));
  ledger.members.find((m) => m.id === "@ana").name = '=HYPERLINK("http://example.invalid","Ana")';
  const file = join(artifacts, "formula-names-ledger.json");
  writeFileSync(file, JSON.stringify(ledger));
  await page.setInputFiles("#file", file);
  await settled();
  await page.waitForSelector("#error", { state: "hidden" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
  const path = join(artifacts, "formula-names-comparison.csv");
  await download.saveAs(path);
  const lines = readFileSync(path, "utf8").split("\r\n").slice(1, -1);
  const ana = lines.filter((line) => line.startsWith("member,'@ana,"));
  assert.ok(ana.length > 0, lines.join("\n"));
  for (const line of ana) {
    assert.ok(line.startsWith(`member,'@ana,"'=HYPERLINK(""http://example.invalid"",""Ana"")",`), line);
  }
  // No text cell (section, member, figure) starts with a formula character.
  for (const line of lines.filter((l) => !l.startsWith("member,'@ana,"))) {
    const [section, member, , figure] = line.split(",");
    for (const cell of [section, member, figure]) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, line);
  }
});

test("the page loaded nothing from outside and logged no errors", () => {
  assert.deepEqual(problems, []);
});
