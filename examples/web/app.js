// The coshare what-if page. All money is the core's (WebAssembly): this file
// builds the baseline and changed ledgers and the request from the form,
// calls the package, shows the result documents' strings as they are, and
// subtracts them digit by digit (decimal.js, BigInt on the scaled integers)
// for the differences. Binary floats appear only as pixel positions in the
// chart.
import { sameNumber, sign, signed, subtract, sum } from "./decimal.js";

// The web build, imported when the page starts (see the end of this file):
// a static import would leave a blank page when the build is missing.
const PKG = "../../bindings/wasm/pkg/web/coshare_wasm.js";
let coshare = null;

const $ = (id) => document.getElementById(id);
const CURVE_FIELDS = {
  none: [],
  term: ["term"],
  linear: ["hold", "fade"],
  geometric: ["rate", "every", "hold"],
  steps: ["points"],
};
const FIELD_LABELS = { term: "term", hold: "hold", fade: "fade over", rate: "rate", every: "every", points: "points" };
const COLORS = ["#1f6f5c", "#c2571a", "#3b5bdb", "#b02a6b", "#7a8a00", "#6c3fb5", "#0b7fa5", "#8c5a2b", "#d6336c", "#495057"];
/** Without `buckets`, the distribution is one pool "all" of share 1 over every kind (docs/format.md, Policy). */
const DEFAULT_BUCKETS = [{ name: "all", share: "1", kinds: ["*"] }];
const ALL_UNITS = "\u0000all";  // the chart's "all live units" choice (no pool can be named so)
const MEMBER_FIGURES = ["allocated", "carry_in", "paid", "cash", "retained", "carry_out"];

const state = {
  base: null,         // the loaded ledger document (valid), as a plain object: the baseline
  baseName: "",
  csv: null,          // contributions CSV text, when one was added (used by both splits)
  csvName: "",
  carryIn: undefined, // the loaded request's carry_in, kept as is
  bucketsEdited: false,
  cashEdited: false,
  timer: 0,
  runs: 0,
  last: null,         // {ledger, request, baseline, changed} of the last successful run
  curves: null,       // {key, baseline, changed} of the chart
};

// ---------- the policies in scope ----------

/** The kinds of every policy, in first-seen order. */
function kindNames(ledger) {
  const names = [];
  for (const p of ledger.policies) for (const k of Object.keys(p.kinds)) if (!names.includes(k)) names.push(k);
  return names;
}

/** The policies the policy edits change: all of them, or the one chosen. */
function policiesInScope(ledger) {
  const scope = $("scope").value;
  return scope === "all" ? ledger.policies : ledger.policies.filter((p) => p.effective === scope);
}

/** The in-scope policy whose settings are shown: the latest by date. */
function shownPolicy(ledger) {
  const policies = [...policiesInScope(ledger)].sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0));
  return policies[policies.length - 1];
}

/** A kind's settings as shown: from the chosen policy, or the latest that defines it. */
function shownKind(ledger, name) {
  const defining = policiesInScope(ledger).filter((p) => p.kinds[name]);
  return defining.length ? defining[defining.length - 1].kinds[name] : null;
}

/**
 * The distribution in force under a policy: its own, or inherited whole from
 * the latest policy before it (by date) that has one; null for the default.
 */
function distributionInForce(ledger, policy) {
  if (policy.distribution) return policy.distribution;
  const earlier = ledger.policies
    .filter((p) => p.distribution && p.effective < policy.effective)
    .sort((a, b) => (a.effective < b.effective ? 1 : -1));
  return earlier.length ? earlier[0].distribution : null;
}

// ---------- building the changed ledger ----------

/** Reads one kind row of the knob table into {multiplier, curve}. */
function kindFromRow(row) {
  const value = (field) => row.querySelector(`[data-field="${field}"]`).value.trim();
  const type = value("type");
  const curveDoc = { type };
  for (const field of CURVE_FIELDS[type]) {
    const text = value(field);
    if (field === "points") {
      curveDoc.points = text === "" ? [] : text.split(",").map((point) => {
        const [duration = "", weight = ""] = point.trim().split(/\s+/);
        return [duration, weight];
      });
    } else if (text !== "" || field !== "hold") {
      curveDoc[field] = text;
    }
  }
  if (value("expire") !== "") curveDoc.expire = value("expire");
  return { multiplier: value("multiplier"), curve: curveDoc };
}

function applyKinds(ledger) {
  for (const row of $("kinds").tBodies[0].rows) {
    if (!row.dataset.changed) continue;
    const { multiplier, curve: curveDoc } = kindFromRow(row);
    for (const policy of policiesInScope(ledger)) {
      const kind = policy.kinds[row.dataset.kind];
      if (!kind) continue;
      kind.multiplier = multiplier;
      if (curveDoc.type === "none" && !curveDoc.expire) delete kind.curve;
      else kind.curve = curveDoc;
    }
  }
}

/** The bucket shares as typed, by bucket name. */
function typedShares() {
  return [...$("buckets-edit").tBodies[0].rows].map((row) => [row.dataset.bucket, row.querySelector("input").value.trim()]);
}

/**
 * The distribution edits: the shown shares (by bucket name) and cash
 * fraction go to every in-scope policy with a distribution of its own (the
 * later ones inherit it); a single chosen policy that inherits gets a copy
 * of what it inherits, changed.
 */
function applyDistribution(ledger) {
  if (!state.bucketsEdited && !state.cashEdited) return;
  const scoped = policiesInScope(ledger);
  let targets = scoped.length === 1 ? scoped : scoped.filter((p) => p.distribution);
  if (targets.length === 0) targets = [...scoped].sort((a, b) => (a.effective < b.effective ? -1 : 1)).slice(0, 1);
  const shares = new Map(typedShares());
  for (const policy of targets) {
    if (!policy.distribution) policy.distribution = structuredClone(distributionInForce(ledger, policy) ?? {});
    const distribution = policy.distribution;
    if (state.bucketsEdited) {
      distribution.buckets ??= structuredClone(DEFAULT_BUCKETS);
      for (const bucket of distribution.buckets) if (shares.has(bucket.name)) bucket.share = shares.get(bucket.name);
    }
    if (state.cashEdited) distribution.cash_fraction = $("cash-fraction").value.trim();
  }
}

/** A member's departure that stands: the earliest one not voided. */
function standingDeparture(ledger, member) {
  const voided = new Set((ledger.entries ?? []).filter((e) => e.type === "void").map((e) => e.target));
  return (ledger.entries ?? [])
    .filter((e) => e.type === "departure" && e.member === member && !voided.has(e.id))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))[0] ?? null;
}

function unusedId(ledger, wanted) {
  const ids = new Set((ledger.entries ?? []).map((e) => e.id));
  let id = wanted;
  for (let n = 2; ids.has(id); n++) id = `${wanted}-${n}`;
  return id;
}

/** The departure edits: move, add or remove a member's departure; optionally drop their later contributions. */
function applyDepartures(ledger) {
  const dropLater = $("drop-later").checked;
  for (const row of $("departures").tBodies[0].rows) {
    const note = row.querySelector("[data-note]");
    note.textContent = "";
    if (!row.dataset.changed) continue;
    const member = row.dataset.member;
    const date = row.querySelector('[data-field="date"]').value.trim();
    const reason = row.querySelector('[data-field="reason"]').value;
    ledger.entries ??= [];
    const standing = standingDeparture(ledger, member);
    if (reason === "") {
      if (!standing && date !== "") note.textContent = "choose a reason to make them leave";
      if (standing) {
        ledger.entries = ledger.entries.filter((e) => e !== standing);
        note.textContent = "stays";
      }
      continue;
    }
    if (standing) {
      standing.date = date;
      standing.reason = reason;
    } else {
      ledger.entries.push({ type: "departure", id: unusedId(ledger, `what-if-${member}-leaves`), member, date, reason, note: "what-if" });
    }
    if (!dropLater) continue;
    const dropped = new Set(ledger.entries
      .filter((e) => e.type === "contribution" && e.member === member && e.date > date)
      .map((e) => e.id));
    if (dropped.size === 0) continue;
    // With a contribution go the voids and repayments that name it.
    ledger.entries = ledger.entries.filter((e) =>
      !dropped.has(e.id) && !(e.type === "void" && dropped.has(e.target)) && !(e.type === "repayment" && dropped.has(e.loan)));
    note.textContent = `${dropped.size} later ${dropped.size === 1 ? "contribution" : "contributions"} dropped`;
  }
}

/** The changed ledger: the baseline with every edit applied. */
function changedLedger() {
  const ledger = structuredClone(state.base);
  applyKinds(ledger);
  applyDistribution(ledger);
  applyDepartures(ledger);
  return ledger;
}

function currentRequest() {
  const request = {
    period: { start: $("start").value.trim(), end: $("end").value.trim() },
    amount: $("amount").value.trim(),
    basis: $("basis").value,
  };
  if (state.carryIn !== undefined) request.carry_in = state.carryIn;
  return request;
}

/** What was changed, in words. */
function describeChanges() {
  const parts = [];
  const kinds = [...$("kinds").tBodies[0].rows].filter((r) => r.dataset.changed).map((r) => r.dataset.kind);
  if (kinds.length) parts.push(`${kinds.length === 1 ? "the kind" : "the kinds"} ${kinds.join(", ")}`);
  if (state.bucketsEdited) parts.push("the bucket shares");
  if (state.cashEdited) parts.push("the cash fraction");
  const leaving = [...$("departures").tBodies[0].rows].filter((r) => r.dataset.changed).map((r) => r.dataset.member);
  if (leaving.length) parts.push(`the ${leaving.length === 1 ? "departure" : "departures"} of ${leaving.join(", ")}`);
  return parts.length ? `Changed: ${parts.join("; ")}.` : "No changes yet: the changed ledger is the baseline.";
}

// ---------- the edit tables ----------

function cell(row, ...children) {
  const td = row.insertCell();
  td.append(...children);
  return td;
}

function input(field, value, size = 7) {
  const el = document.createElement("input");
  el.dataset.field = field;
  el.size = size;
  el.value = value ?? "";
  el.autocomplete = "off";
  return el;
}

/** A row of an edit table: any input marks it changed and splits again. */
function watchRow(row, after = () => {}) {
  row.addEventListener("input", () => { row.dataset.changed = "1"; after(); schedule(); });
  row.addEventListener("change", () => { row.dataset.changed = "1"; after(); run(); });
}

function renderKinds() {
  const body = $("kinds").tBodies[0];
  body.replaceChildren();
  for (const name of kindNames(state.base)) {
    const kind = shownKind(state.base, name);
    if (!kind) continue;
    const c = kind.curve ?? { type: "none" };
    const row = body.insertRow();
    row.dataset.kind = name;
    cell(row, name);
    cell(row, input("multiplier", String(kind.multiplier), 5));
    const type = document.createElement("select");
    type.dataset.field = "type";
    for (const t of Object.keys(CURVE_FIELDS)) type.add(new Option(t, t, false, t === c.type));
    cell(row, type);
    const settings = cell(row);
    for (const field of ["term", "hold", "fade", "rate", "every", "points"]) {
      const label = document.createElement("label");
      label.dataset.for = field;
      const shown = field === "points" ? (c.points ?? []).map((p) => p.join(" ")).join(", ") : c[field];
      label.append(`${FIELD_LABELS[field]} `, input(field, shown, field === "points" ? 24 : 6));
      settings.append(label);
    }
    cell(row, input("expire", c.expire, 6));
    showCurveFields(row);
    watchRow(row, () => showCurveFields(row));
  }
}

function showCurveFields(row) {
  const type = row.querySelector('[data-field="type"]').value;
  for (const label of row.querySelectorAll("label[data-for]")) {
    label.hidden = !CURVE_FIELDS[type].includes(label.dataset.for);
  }
}

function renderDistribution() {
  state.bucketsEdited = false;
  state.cashEdited = false;
  const distribution = distributionInForce(state.base, shownPolicy(state.base)) ?? {};
  const body = $("buckets-edit").tBodies[0];
  body.replaceChildren();
  for (const bucket of distribution.buckets ?? DEFAULT_BUCKETS) {
    const row = body.insertRow();
    row.dataset.bucket = bucket.name;
    cell(row, bucket.name);
    cell(row, bucket.kinds ? (bucket.kinds.includes("*") ? "every kind" : bucket.kinds.join(", ")) : "reserve (kept by the co-op)");
    cell(row, input("share", bucket.share, 6)).className = "num";
  }
  $("cash-fraction").value = distribution.cash_fraction ?? "1";
  const taker = balancingBucket();
  $("balance").textContent = taker ? `Let ${taker.dataset.bucket} take the difference` : "";
  $("balance").hidden = !taker || body.rows.length < 2;
  showShareSum();
}

/** The bucket that "balance" adjusts: the first reserve, else the first bucket. */
function balancingBucket() {
  const rows = [...$("buckets-edit").tBodies[0].rows];
  return rows.find((r) => r.cells[1].textContent.startsWith("reserve")) ?? rows[0] ?? null;
}

function showShareSum() {
  const total = sum(typedShares().map(([, share]) => share));
  const out = $("share-sum");
  out.textContent = total ?? "not a number";
  out.classList.toggle("bad", total === null || !sameNumber(total, "1"));
}

/** Sets the balancing bucket's share to 1 minus the others' (exactly). */
function balanceShares() {
  const taker = balancingBucket();
  if (!taker) return;
  const others = sum(typedShares().filter(([name]) => name !== taker.dataset.bucket).map(([, share]) => share));
  if (others === null) return;   // a share that is not a number: the error area says which
  let rest = subtract("1", others);
  if (rest.includes(".")) rest = rest.replace(/\.?0+$/, "");
  taker.querySelector("input").value = rest;
  state.bucketsEdited = true;
  showShareSum();
  run();
}

/** Departure reasons of every policy, in first-seen order. */
function departureReasons(ledger) {
  const reasons = [];
  for (const p of ledger.policies) for (const r of Object.keys(p.departures ?? {})) if (!reasons.includes(r)) reasons.push(r);
  return reasons;
}

function renderDepartures() {
  const body = $("departures").tBodies[0];
  body.replaceChildren();
  const reasons = departureReasons(state.base);
  const ids = (state.base.members ?? []).map((m) => m.id);
  for (const e of state.base.entries ?? []) if (e.member && !ids.includes(e.member) && e.type === "contribution") ids.push(e.member);
  for (const id of ids) {
    const standing = standingDeparture(state.base, id);
    const row = body.insertRow();
    row.dataset.member = id;
    cell(row, memberName(state.base, id));
    cell(row, standing ? `left on ${standing.date} (${standing.reason})` : "—");
    cell(row, input("date", standing?.date ?? "", 11)).querySelector("input").placeholder = "YYYY-MM-DD";
    const reason = document.createElement("select");
    reason.dataset.field = "reason";
    reason.add(new Option("stays", ""));
    for (const r of reasons) reason.add(new Option(r, r));
    if (standing && !reasons.includes(standing.reason)) reason.add(new Option(standing.reason, standing.reason));
    reason.value = standing?.reason ?? "";
    cell(row, reason);
    const note = cell(row);
    note.dataset.note = "";
    note.className = "status";
    watchRow(row);
  }
  if (reasons.length === 0) {
    const row = body.insertRow();
    cell(row, "The policies define no departure reasons.").colSpan = 5;
  }
}

function renderEdits() {
  renderKinds();
  renderDistribution();
  renderDepartures();
}

function renderScope() {
  const scope = $("scope");
  const previous = scope.value;
  scope.replaceChildren(new Option("every policy", "all"));
  for (const p of state.base.policies) scope.add(new Option(`the policy effective ${p.effective}`, p.effective));
  scope.value = [...scope.options].some((o) => o.value === previous) ? previous : "all";
}

function memberName(ledger, id) {
  return (ledger.members ?? []).find((m) => m.id === id)?.name ?? id;
}

// ---------- errors ----------

function hideError() {
  $("error").hidden = true;
}

/** Shows a CoshareError (or a list of validation errors) with its code, entry and path. */
function showError(error, more = [], title = "The input was refused") {
  // Bad input throws a CoshareError; anything else is a bug of the page, for the console too.
  if (error instanceof Error && !(coshare && error instanceof coshare.CoshareError)) console.error(error);
  $("error-title").textContent = title;
  $("error-code").textContent = error.code ?? "error";
  $("error-entry").textContent = error.entry ?? "—";
  $("error-path").textContent = error.path ?? "—";
  $("error-message").textContent = error.message;
  $("error-more").replaceChildren(...more.map((e) => {
    const li = document.createElement("li");
    li.textContent = `${e.code}${e.entry ? ` (entry ${e.entry})` : ""}: ${e.message}`;
    return li;
  }));
  $("error").hidden = false;
  // The numbers below are no longer the inputs': hidden, but keeping their
  // place, so that the page does not jump under the pointer while editing.
  $("result").classList.add("stale");
}

// ---------- loading ----------

function setLedger(ledger, name) {
  state.base = ledger;
  state.baseName = name;
  state.curves = null;
  renderScope();
  renderEdits();
  $("policy-section").hidden = false;
  $("split-section").hidden = false;
  $("add-example-csv").disabled = false;
  updateStatus();
}

function setRequest(request) {
  $("start").value = request.period?.start ?? "";
  $("end").value = request.period?.end ?? "";
  $("amount").value = request.amount ?? "";
  $("basis").value = request.basis ?? "time_weighted";
  state.carryIn = request.carry_in;
}

function updateStatus() {
  const l = state.base;
  let text = `${state.baseName}: ${l.members?.length ?? 0} members, ${l.entries?.length ?? 0} entries, ` +
    `${l.policies.length} ${l.policies.length === 1 ? "policy" : "policies"}, currency ${l.currency.code}.`;
  if (state.csv !== null) text += ` Contributions added from ${state.csvName}.`;
  $("ledger-status").textContent = text;
}

/** Reads a ledger text: the core checks the text as written before the page parses it. */
function loadLedgerText(text, name) {
  const report = coshare.validate(text);
  if (!report.valid) {
    showError(report.errors[0], report.errors.slice(1), "The ledger was refused");
    return false;
  }
  // A valid ledger holds only strings and integers of at most 15 digits and no
  // repeated keys, so JSON.parse keeps every value exactly.
  state.csv = null;
  setLedger(JSON.parse(text), name);
  hideError();
  return true;
}

function loadCsv(text, name) {
  const report = coshare.validate(state.base, text);
  if (!report.valid) {
    showError(report.errors[0], report.errors.slice(1), "The contributions CSV was refused");
    return false;
  }
  state.csv = text;
  state.csvName = name;
  state.curves = null;
  updateStatus();
  hideError();
  return true;
}

async function fetchText(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`cannot load ${path}: ${response.status}`);
  return response.text();
}

async function loadExample() {
  const [ledger, request] = await Promise.all([fetchText("../coop.json"), fetchText("../fy2025.json")]);
  if (loadLedgerText(ledger, "coop.json (example)")) {
    setRequest(JSON.parse(request));
    run();
  }
}

async function openFile(file) {
  const text = await file.text();
  const looksLikeCsv = /\.csv$/i.test(file.name) || /^\uFEFF?\s*[a-z_]+(,[a-z_]+)+\s*$/m.test(text.split("\n")[0]);
  if (looksLikeCsv) {
    if (!state.base) {
      showError({ code: "missing_ledger", message: "Load or open a ledger first: a contributions CSV adds rows to a ledger." });
      return;
    }
    if (loadCsv(text, file.name)) run();
    return;
  }
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left to the core, which reports invalid_json with the same words as the CLI.
  }
  if (parsed && typeof parsed === "object" && "period" in parsed && !("policies" in parsed)) {
    if (!state.base) {
      showError({ code: "missing_ledger", message: "This is a split request; load or open a ledger first." });
      return;
    }
    setRequest(parsed);
    run();
    return;
  }
  if (loadLedgerText(text, file.name) && $("amount").value) run();
}

// ---------- running ----------

/** Splits again shortly (while typing); `run` cancels it. */
function schedule() {
  clearTimeout(state.timer);
  document.body.dataset.pending = "1";
  state.timer = setTimeout(run, 250);
}

/** Splits the baseline and the changed ledger; never throws (errors go to the error area). */
function run() {
  clearTimeout(state.timer);
  delete document.body.dataset.pending;
  if (!state.base) return;
  try {
    runOnce();
  } catch (error) {
    showError(error, [], "The page failed");
  } finally {
    document.body.dataset.runs = String(++state.runs);
  }
}

function runOnce() {
  showShareSum();
  $("change-count").textContent = describeChanges();
  const request = currentRequest();
  const ledger = changedLedger();
  $("ledger-json").textContent = JSON.stringify(ledger, null, 2);
  $("request-json").textContent = JSON.stringify(request, null, 2);
  let baseline;
  let changed;
  try {
    baseline = coshare.split(state.base, request, state.csv);
  } catch (error) {
    showError(error, [], "The split was refused (baseline and changed alike)");
    return;
  }
  try {
    changed = coshare.split(ledger, request, state.csv);
  } catch (error) {
    showError(error, [], "Your change was refused: the changed ledger is not valid");
    return;
  }
  state.last = { ledger, request, baseline, changed };
  try {
    renderChart();
  } catch (error) {
    showError(error, [], "The chart could not be computed");
    return;
  }
  hideError();
  $("changes-summary").textContent = describeChanges();
  renderComparison(baseline, changed, ledger);
  renderResult(changed, ledger);
  setDownload("download-ledger", JSON.stringify(ledger, null, 2), "application/json");
  setDownload("download-baseline", JSON.stringify(state.base, null, 2), "application/json");
  setDownload("download-request", JSON.stringify(request, null, 2), "application/json");
  $("result").classList.remove("stale");
  $("result").hidden = false;
}

function setDownload(id, text, type) {
  const link = $(id);
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type }));
}

function header(table, names) {
  const row = table.tHead.insertRow();
  for (const [name, numeric, span] of names) {
    const th = document.createElement("th");
    th.textContent = name;
    if (numeric) th.className = "num";
    if (span) th.colSpan = span;
    row.append(th);
  }
  return row;
}

function numCell(row, value, field) {
  const td = row.insertCell();
  td.className = "num";
  td.dataset.field = field;
  td.textContent = value ?? "";
  return td;
}

// ---------- the comparison ----------

/**
 * Baseline minus changed, figure by figure: a missing value (a member or a
 * pool part that one split does not have) counts as zero for the difference
 * and is written "" (the page shows "—"); both missing: no difference.
 */
function difference(baseline, changed) {
  if (baseline === null && changed === null) return null;
  return subtract(changed ?? "0", baseline ?? "0");
}

/** The pools of two results: the changed one's in bucket order, then any only the baseline has. */
function poolNames(...results) {
  const names = [];
  for (const r of results) for (const b of r.buckets) if (b.type === "pool" && !names.includes(b.name)) names.push(b.name);
  return names;
}

/** The member figures compared: each pool's share and amount, then the member's money. */
function figureNames(pools) {
  return [...pools.flatMap((p) => [`${p}.share`, `${p}.amount`]), ...MEMBER_FIGURES];
}

function figure(memberSplit, name) {
  if (!memberSplit) return null;
  const dot = name.lastIndexOf(".");
  if (dot > 0 && !MEMBER_FIGURES.includes(name)) {
    return memberSplit.pools[name.slice(0, dot)]?.[name.slice(dot + 1)] ?? null;
  }
  return memberSplit[name] ?? null;
}

/** Every compared row: [{section, member, name, figure, baseline, changed, difference}], strings or null. */
function comparisonRows(baseline, changed, ledger) {
  const rows = [];
  const bucketNames = [...new Set([...changed.buckets, ...baseline.buckets].map((b) => b.name))];
  for (const name of bucketNames) {
    const b = baseline.buckets.find((x) => x.name === name);
    const c = changed.buckets.find((x) => x.name === name);
    for (const field of ["amount", "unallocated"]) {
      if (field === "unallocated" && b?.type !== "pool" && c?.type !== "pool") continue;
      const [bv, cv] = [b?.[field] ?? null, c?.[field] ?? null];
      rows.push({ section: "bucket", member: "", name, figure: field, baseline: bv, changed: cv, difference: difference(bv, cv) });
    }
  }
  const figures = figureNames(poolNames(changed, baseline));
  const ids = [...new Set([...baseline.members, ...changed.members].map((m) => m.member))].sort();
  for (const id of ids) {
    const b = baseline.members.find((m) => m.member === id);
    const c = changed.members.find((m) => m.member === id);
    const name = memberName(ledger, id);
    for (const f of figures) {
      const [bv, cv] = [figure(b, f), figure(c, f)];
      rows.push({ section: "member", member: id, name, figure: f, baseline: bv, changed: cv, difference: difference(bv, cv) });
    }
  }
  return rows;
}

function shown(value) {
  return value ?? "—";
}

/** Three cells: baseline, changed, difference (signed, coloured by sign). */
function compareCells(row, r, prefix = "") {
  numCell(row, shown(r.baseline), `${prefix}baseline`);
  numCell(row, shown(r.changed), `${prefix}changed`).classList.add("changed");
  const td = numCell(row, r.difference === null ? "—" : signed(r.difference), `${prefix}difference`);
  td.classList.add("diff");
  const s = r.difference === null ? 0 : sign(r.difference);
  if (s > 0) td.classList.add("up");
  if (s < 0) td.classList.add("down");
  return s !== 0;
}

function renderComparison(baseline, changed, ledger) {
  const code = ledger.currency.code;
  const basis = changed.basis === "snapshot" ? "live units on the last day" : "unit-days over the period";
  $("result-summary").textContent =
    `${changed.amount} ${code} from ${changed.period.start} to ${changed.period.end}, shared by ${basis}: ` +
    "the ledger as loaded (baseline) and with your changes (changed); difference = changed − baseline.";
  const rows = comparisonRows(baseline, changed, ledger);

  // Buckets.
  const buckets = $("compare-buckets");
  buckets.tHead.replaceChildren();
  buckets.tBodies[0].replaceChildren();
  header(buckets, [["bucket"], ["figure"], [`baseline (${code})`, true], [`changed (${code})`, true], ["difference", true]]);
  for (const r of rows.filter((x) => x.section === "bucket")) {
    const row = buckets.tBodies[0].insertRow();
    row.dataset.bucket = r.name;
    row.dataset.figure = r.figure;
    cell(row, r.name);
    cell(row, r.figure);
    compareCells(row, r);
  }

  // Per member at a glance: allocated, cash, retained; totals exact.
  const glance = ["allocated", "cash", "retained"];
  const summary = $("compare-summary");
  summary.tHead.replaceChildren();
  summary.tBodies[0].replaceChildren();
  header(summary, [["", false], ...glance.map((f) => [`${f} (${code})`, true, 3])]).classList.add("group");
  header(summary, [["member"], ...glance.flatMap(() => [["baseline", true], ["changed", true], ["difference", true]])]);
  const memberRows = rows.filter((x) => x.section === "member");
  const ids = [...new Set(memberRows.map((r) => r.member))];
  for (const id of ids) {
    const row = summary.tBodies[0].insertRow();
    row.dataset.member = id;
    cell(row, memberRows.find((r) => r.member === id).name);
    for (const f of glance) compareCells(row, memberRows.find((r) => r.member === id && r.figure === f), `${f}.`);
  }
  if (ids.length) {
    const row = summary.tBodies[0].insertRow();
    row.className = "total";
    row.dataset.member = "";
    cell(row, "total");
    for (const f of glance) {
      const of = (side) => sum(memberRows.filter((r) => r.figure === f && r[side] !== null).map((r) => r[side]));
      const [bv, cv] = [of("baseline"), of("changed")];
      compareCells(row, { baseline: bv, changed: cv, difference: difference(bv, cv) }, `${f}.`);
    }
  }

  // Every figure of every member.
  const table = $("compare");
  table.tHead.replaceChildren();
  for (const body of [...table.tBodies]) body.remove();
  header(table, [["member and figure"], ["baseline", true], ["changed", true], ["difference", true]]);
  for (const id of ids) {
    const body = table.createTBody();
    body.dataset.member = id;
    const mine = memberRows.filter((r) => r.member === id);
    const head = document.createElement("th");
    head.colSpan = 4;
    head.textContent = mine[0].name;
    body.insertRow().append(head);
    body.rows[0].className = "who";
    let moved = false;
    for (const r of mine) {
      const row = body.insertRow();
      row.dataset.figure = r.figure;
      const dot = r.figure.lastIndexOf(".");
      cell(row, dot > 0 ? `${r.figure.slice(0, dot)} ${r.figure.slice(dot + 1)}` : r.figure);
      if (compareCells(row, r)) moved = true;
      else row.classList.add("same");
    }
    if (!moved) body.classList.add("same");
  }
  table.classList.toggle("only-changed", $("only-changed").checked);

  const name = `coshare-what-if-${changed.period.start}-${changed.period.end}.csv`;
  $("download-csv").download = name;
  setDownload("download-csv", comparisonCsv(rows), "text/csv");
}

/**
 * The comparison as CSV (RFC 4180, UTF-8, snake_case header); missing values are empty cells.
 * A text cell a spreadsheet would take for a formula (a member id or name from the ledger
 * starting with =, +, -, @, a tab or a carriage return) starts with an apostrophe, as OWASP
 * advises against CSV injection; the figures are the core's decimals, written as they are.
 */
function comparisonCsv(rows) {
  const quote = (v) => (v === null || v === undefined ? "" : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const text = (v) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const lines = ["section,member,name,figure,baseline,changed,difference"];
  for (const r of rows) {
    const cells = [text(r.section), text(r.member), text(r.name), text(r.figure), r.baseline, r.changed, r.difference];
    lines.push(cells.map(quote).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The changed split in full, as the core returned it. */
function renderResult(result, ledger) {
  const code = ledger.currency.code;
  const buckets = $("buckets");
  buckets.tHead.replaceChildren();
  buckets.tBodies[0].replaceChildren();
  header(buckets, [["bucket"], ["type"], [`amount (${code})`, true], ["basis total", true], ["unallocated", true]]);
  for (const b of result.buckets) {
    const row = buckets.tBodies[0].insertRow();
    row.dataset.bucket = b.name;
    cell(row, b.name);
    cell(row, b.type);
    numCell(row, b.amount, "amount");
    numCell(row, b.basis_total, "basis_total");
    numCell(row, b.unallocated, "unallocated");
  }

  const pools = result.buckets.filter((b) => b.type === "pool").map((b) => b.name);
  const members = $("members");
  members.tHead.replaceChildren();
  members.tBodies[0].replaceChildren();
  header(members, [
    ["member"],
    ...pools.flatMap((p) => [[`${p} share`, true], [`${p} amount`, true]]),
    ["allocated", true], ["carry in", true], ["paid", true], ["cash", true], ["retained", true], ["carry out", true],
  ]);
  for (const m of result.members) {
    const row = members.tBodies[0].insertRow();
    row.dataset.member = m.member;
    cell(row, memberName(ledger, m.member));
    for (const p of pools) {
      numCell(row, m.pools[p]?.share, `${p}.share`);
      numCell(row, m.pools[p]?.amount, `${p}.amount`);
    }
    for (const f of MEMBER_FIGURES) numCell(row, m[f], f);
  }
  if (result.members.length === 0) {
    const row = members.tBodies[0].insertRow();
    cell(row, "No member has units in this period.");
  }
}

// ---------- the chart (SVG, drawn here) ----------

const SVG = "http://www.w3.org/2000/svg";
function svg(name, attrs = {}, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The same day `years` later (29 February becomes 28 February). */
function addYears(date, years) {
  const y = String(Number(date.slice(0, 4)) + years).padStart(4, "0");
  let rest = date.slice(4);
  if (rest === "-02-29") {
    const n = Number(y);
    if (!(n % 4 === 0 && (n % 100 !== 0 || n % 400 === 0))) rest = "-02-28";
  }
  return `${y}${rest}`;
}

/** Days since 1970 of a YYYY-MM-DD date: a pixel position only. */
function dayNumber(date) {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Both ledgers' curves from the first policy to `years` after the period, computed once per ledger and span. */
function chartCurves() {
  const { ledger, request } = state.last;
  const years = Number($("chart-years").value);
  const from = [...state.base.policies, ...ledger.policies].map((p) => p.effective).sort()[0];
  const to = addYears(request.period.end, years);
  const span = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  const every = span > 60 ? "P1Y" : span > 15 ? "P3M" : "P1M";
  const key = JSON.stringify([ledger, from, to, every, state.csv]);
  if (state.curves?.key !== key) {
    const baselineKey = JSON.stringify([from, to, every, state.csv]);
    const baseline = state.curves?.baselineKey === baselineKey
      ? state.curves.baseline
      : coshare.curve(state.base, from, to, every, state.csv).points;
    state.curves = { key, baselineKey, from, to, baseline, changed: coshare.curve(ledger, from, to, every, state.csv).points };
  }
  return state.curves;
}

/** The chart's pools: every pool of either curve, in first-seen order, then all live units. */
function renderPoolChoice(curves) {
  const select = $("chart-pool");
  const previous = select.value;
  const names = [];
  for (const points of [curves.changed, curves.baseline]) {
    for (const p of points) for (const pool of p.pools ?? []) if (!names.includes(pool.pool)) names.push(pool.pool);
  }
  select.replaceChildren(...names.map((n) => new Option(`${n}`, n)), new Option("all live units, every kind counted", ALL_UNITS));
  select.value = [...select.options].some((o) => o.value === previous) ? previous : select.options[0].value;
}

/** A member's share of the pool at each point, as a string, or null where the pool is not in force. */
function series(points, pool, member) {
  return points.map((p) => {
    const holders = pool === ALL_UNITS ? p.members : p.pools?.find((x) => x.pool === pool)?.members;
    if (!holders) return null;
    return holders.find((m) => m.member === member)?.share ?? "0";
  });
}

function holdersOf(points, pool) {
  const ids = new Set();
  for (const p of points) {
    const holders = pool === ALL_UNITS ? p.members : p.pools?.find((x) => x.pool === pool)?.members ?? [];
    for (const m of holders) if (sign(m.share) > 0) ids.add(m.member);
  }
  return ids;
}

function renderChart() {
  const curves = chartCurves();
  renderPoolChoice(curves);
  const pool = $("chart-pool").value;
  const { ledger, request } = state.last;
  const period = request.period;
  const withBaseline = $("chart-baseline").checked;
  const W = 860, H = 340, left = 48, right = 14, top = 22, bottom = 28;
  const [d0, d1] = [dayNumber(curves.from), dayNumber(curves.to)];
  const x = (date) => left + ((Math.min(Math.max(dayNumber(date), d0), d1) - d0) * (W - left - right)) / Math.max(d1 - d0, 1);
  // Shares are 9-decimal strings; they become numbers here only to place pixels.
  const y = (share) => top + (1 - Number(share)) * (H - top - bottom);
  const label = pool === ALL_UNITS ? "all live units" : `the ${pool} pool`;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Each member's share of ${label} over time` });

  if (period.start < curves.to && period.end > curves.from) {
    root.append(svg("rect", { class: "period", x: x(period.start), y: top, width: Math.max(x(period.end) - x(period.start), 2), height: H - top - bottom }));
  }
  if (period.end < curves.to) {
    root.append(svg("rect", { class: "future", x: x(period.end), y: top, width: x(curves.to) - x(period.end), height: H - top - bottom }));
    root.append(svg("text", { class: "future-label", x: x(period.end) + 6, y: top - 6 }, "after the period: no new contributions"));
  }
  for (const tick of ["0", "0.25", "0.5", "0.75", "1"]) {
    root.append(svg("line", { class: "grid", x1: left, x2: W - right, y1: y(tick), y2: y(tick) }));
    root.append(svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, `${Number(tick) * 100}%`));
  }
  root.append(svg("line", { class: "axis", x1: left, x2: left, y1: top, y2: H - bottom }));
  root.append(svg("line", { class: "axis", x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
  const [y0, y1] = [Number(curves.from.slice(0, 4)), Number(curves.to.slice(0, 4))];
  const step = Math.max(1, Math.ceil((y1 - y0) / 12));
  for (let year = y0; year <= y1; year += step) {
    const jan1 = `${String(year).padStart(4, "0")}-01-01`;
    if (jan1 < curves.from) continue;
    root.append(svg("line", { class: "tick", x1: x(jan1), x2: x(jan1), y1: H - bottom, y2: H - bottom + 4 }));
    root.append(svg("text", { x: x(jan1), y: H - bottom + 16, "text-anchor": "middle" }, String(year)));
  }

  const changedIds = holdersOf(curves.changed, pool);
  const baselineIds = withBaseline ? holdersOf(curves.baseline, pool) : new Set();
  const order = [...(ledger.members ?? []).map((m) => m.id)];
  const ids = [...new Set([...changedIds, ...baselineIds])].sort((a, b) => {
    const [i, j] = [order.indexOf(a), order.indexOf(b)];
    return (i < 0 ? Infinity : i) - (j < 0 ? Infinity : j) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const color = (id) => COLORS[ids.indexOf(id) % COLORS.length];
  const path = (points, id, cls) => {
    let d = "";
    let pen = "M";
    series(points, pool, id).forEach((share, i) => {
      if (share === null) {
        pen = "M";
        return;
      }
      d += `${pen}${x(points[i].at).toFixed(1)},${y(share).toFixed(1)} `;
      pen = "L";
    });
    const line = svg("path", { d: d.trim(), class: cls, fill: "none", stroke: color(id), "data-member": id });
    line.append(svg("title", {}, `${memberName(ledger, id)} (${cls})`));
    return line;
  };
  for (const id of ids) if (baselineIds.has(id)) root.append(path(curves.baseline, id, "baseline"));
  for (const id of ids) if (changedIds.has(id)) root.append(path(curves.changed, id, "changed"));

  const legend = document.createElement("div");
  legend.className = "legend";
  for (const id of ids) {
    const key = document.createElement("span");
    key.style.setProperty("--c", color(id));
    key.textContent = memberName(ledger, id);
    legend.append(key);
  }
  const styles = document.createElement("span");
  styles.className = "styles";
  styles.textContent = withBaseline ? "solid: changed · dashed: baseline" : "changed only";
  legend.append(styles);
  $("chart").replaceChildren(root, legend);
}

/** Redraws the chart only (a chart control changed). */
function redrawChart() {
  if (!state.last || $("result").hidden || $("result").classList.contains("stale")) return;
  try {
    renderChart();
  } catch (error) {
    showError(error, [], "The chart could not be computed");
  }
}

// ---------- wiring ----------

function bindUi() {
  $("load-example").addEventListener("click", () => loadExample().catch((e) => showError(e)));
  $("add-example-csv").addEventListener("click", async () => {
    try {
      if (loadCsv(await fetchText("../hours.csv"), "hours.csv (example)")) run();
    } catch (e) {
      showError(e);
    }
  });
  $("file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) openFile(file).catch((e) => showError(e));
    event.target.value = "";
  });
  $("scope").addEventListener("change", () => { renderKinds(); renderDistribution(); run(); });
  $("reset-policy").addEventListener("click", () => { renderEdits(); run(); });
  $("split-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  for (const id of ["start", "end", "amount", "basis"]) $(id).addEventListener("change", () => run());
  const buckets = $("buckets-edit").tBodies[0];
  buckets.addEventListener("input", () => { state.bucketsEdited = true; showShareSum(); schedule(); });
  buckets.addEventListener("change", () => { state.bucketsEdited = true; run(); });
  $("balance").addEventListener("click", balanceShares);
  $("cash-fraction").addEventListener("input", () => { state.cashEdited = true; schedule(); });
  $("cash-fraction").addEventListener("change", () => { state.cashEdited = true; run(); });
  $("drop-later").addEventListener("change", () => run());
  $("only-changed").addEventListener("change", () => $("compare").classList.toggle("only-changed", $("only-changed").checked));
  for (const id of ["chart-pool", "chart-years", "chart-baseline"]) $(id).addEventListener("change", redrawChart);
}

/** The page without its WebAssembly build: say how to build it, instead of a blank page. */
function showMissingBuild(error) {
  const detail = location.protocol === "file:"
    ? "This page was opened as a file: browsers load WebAssembly modules only from a server, so serve it as shown above."
    : `The browser said: ${error?.message ?? error}`;
  $("missing-build-detail").textContent = `${detail} (looked for ${new URL(PKG, import.meta.url).pathname})`;
  $("missing-build").hidden = false;
  $("ledger-status").textContent = "The calculator cannot run without the WebAssembly build (see above).";
  document.body.dataset.ready = "missing";
}

try {
  coshare = await import(PKG);
  await coshare.default();
} catch (error) {
  coshare = null;
  showMissingBuild(error);
}
if (coshare) {
  bindUi();
  for (const id of ["load-example", "file"]) $(id).disabled = false;
  document.body.dataset.ready = "1";
}
