// The coshare calculator page. All arithmetic is the core's (WebAssembly);
// this file only builds the ledger and request documents from the form,
// calls the package, and shows the result documents' strings as they are.
import init, { CoshareError, curve, split, validate } from "../../bindings/wasm/pkg/web/coshare_wasm.js";

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

const state = {
  base: null,        // the loaded ledger document (valid), as a plain object
  baseName: "",
  csv: null,         // contributions CSV text, when one was added
  csvName: "",
  carryIn: undefined, // the loaded request's carry_in, kept as is
};

// ---------- building the documents ----------

/** The kinds of every policy, in first-seen order. */
function kindNames(ledger) {
  const names = [];
  for (const p of ledger.policies) for (const k of Object.keys(p.kinds)) if (!names.includes(k)) names.push(k);
  return names;
}

/** The policies the knobs change: all of them, or the one chosen. */
function policiesInScope(ledger) {
  const scope = $("scope").value;
  return scope === "all" ? ledger.policies : ledger.policies.filter((p) => p.effective === scope);
}

/** A kind's settings as shown: from the chosen policy, or the latest that defines it. */
function shownKind(ledger, name) {
  const defining = policiesInScope(ledger).filter((p) => p.kinds[name]);
  return defining.length ? defining[defining.length - 1].kinds[name] : null;
}

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

/** The ledger as computed: the loaded one with the changed kinds applied. */
function currentLedger() {
  const ledger = structuredClone(state.base);
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

// ---------- the knob table ----------

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
    row.addEventListener("input", () => { row.dataset.changed = "1"; showCurveFields(row); });
    row.addEventListener("change", () => { row.dataset.changed = "1"; showCurveFields(row); });
  }
}

function showCurveFields(row) {
  const type = row.querySelector('[data-field="type"]').value;
  for (const label of row.querySelectorAll("label[data-for]")) {
    label.hidden = !CURVE_FIELDS[type].includes(label.dataset.for);
  }
}

function renderScope() {
  const scope = $("scope");
  const previous = scope.value;
  scope.replaceChildren(new Option("every policy", "all"));
  for (const p of state.base.policies) scope.add(new Option(`the policy effective ${p.effective}`, p.effective));
  scope.value = [...scope.options].some((o) => o.value === previous) ? previous : "all";
}

// ---------- errors ----------

function hideError() {
  $("error").hidden = true;
}

/** Shows a CoshareError (or a list of validation errors) with its code, entry and path. */
function showError(error, more = []) {
  // Bad input throws a CoshareError; anything else is a bug of the page, for the console too.
  if (error instanceof Error && !(error instanceof CoshareError)) console.error(error);
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
  $("result").hidden = true;
}

// ---------- loading ----------

function setLedger(ledger, name) {
  state.base = ledger;
  state.baseName = name;
  renderScope();
  renderKinds();
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
  const report = validate(text);
  if (!report.valid) {
    showError(report.errors[0], report.errors.slice(1));
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
  const report = validate(state.base, text);
  if (!report.valid) {
    showError(report.errors[0], report.errors.slice(1));
    return false;
  }
  state.csv = text;
  state.csvName = name;
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

function run() {
  if (!state.base) return;
  const ledger = currentLedger();
  const request = currentRequest();
  $("ledger-json").textContent = JSON.stringify(ledger, null, 2);
  $("request-json").textContent = JSON.stringify(request, null, 2);
  let result;
  let points;
  try {
    result = split(ledger, request, state.csv);
    const from = ledger.policies.map((p) => p.effective).sort()[0];
    const to = request.period.end;
    const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
    points = curve(ledger, from, to, years > 40 ? "P1Y" : years > 10 ? "P3M" : "P1M", state.csv).points;
  } catch (error) {
    showError(error);
    return;
  }
  hideError();
  renderResult(result, ledger);
  renderChart(points, ledger, request.period);
  setDownload("download-ledger", ledger);
  setDownload("download-request", request);
  $("result").hidden = false;
}

function setDownload(id, doc) {
  const link = $(id);
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
}

function header(table, names) {
  const row = table.tHead.insertRow();
  for (const [name, numeric] of names) {
    const th = document.createElement("th");
    th.textContent = name;
    if (numeric) th.className = "num";
    row.append(th);
  }
}

function numCell(row, value, field) {
  const td = row.insertCell();
  td.className = "num";
  td.dataset.field = field;
  td.textContent = value ?? "";
  return td;
}

function renderResult(result, ledger) {
  const code = ledger.currency.code;
  const basis = result.basis === "snapshot" ? "live units on the last day" : "unit-days over the period";
  $("result-summary").textContent =
    `${result.amount} ${code} from ${result.period.start} to ${result.period.end}, shared by ${basis}.`;

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
  const names = Object.fromEntries((ledger.members ?? []).map((m) => [m.id, m.name ?? m.id]));
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
    cell(row, names[m.member] ?? m.member);
    for (const p of pools) {
      numCell(row, m.pools[p]?.share, `${p}.share`);
      numCell(row, m.pools[p]?.amount, `${p}.amount`);
    }
    for (const f of ["allocated", "carry_in", "paid", "cash", "retained", "carry_out"]) numCell(row, m[f], f);
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

function renderChart(points, ledger, period) {
  const W = 860, H = 320, left = 48, right = 12, top = 12, bottom = 28;
  const ids = [...new Set(points.flatMap((p) => p.members.map((m) => m.member)))].sort();
  const names = Object.fromEntries((ledger.members ?? []).map((m) => [m.id, m.name ?? m.id]));
  const x = (i) => left + (points.length === 1 ? 0 : (i * (W - left - right)) / (points.length - 1));
  // Shares are 9-decimal strings; they become numbers here only to place pixels.
  const y = (share) => top + (1 - Number(share)) * (H - top - bottom);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Each member's share of live units over time" });

  const inPeriod = points.map((p, i) => [p.at, i]).filter(([at]) => at >= period.start && at <= period.end);
  if (inPeriod.length) {
    const [a, b] = [inPeriod[0][1], inPeriod[inPeriod.length - 1][1]];
    root.append(svg("rect", { class: "period", x: x(a), y: top, width: Math.max(x(b) - x(a), 2), height: H - top - bottom }));
  }
  for (const tick of ["0", "0.25", "0.5", "0.75", "1"]) {
    root.append(svg("line", { class: "grid", x1: left, x2: W - right, y1: y(tick), y2: y(tick) }));
    root.append(svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, `${Number(tick) * 100}%`));
  }
  root.append(svg("line", { class: "axis", x1: left, x2: left, y1: top, y2: H - bottom }));
  root.append(svg("line", { class: "axis", x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
  points.forEach((p, i) => {
    if (i === 0 || p.at.slice(5, 7) === "01" && points[i - 1].at.slice(0, 4) !== p.at.slice(0, 4)) {
      root.append(svg("text", { x: x(i), y: H - bottom + 16, "text-anchor": "middle" }, p.at.slice(0, 4)));
    }
  });
  const legend = document.createElement("div");
  legend.className = "legend";
  ids.forEach((id, n) => {
    const color = COLORS[n % COLORS.length];
    const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.members.find((m) => m.member === id)?.share ?? "0").toFixed(1)}`);
    const line = svg("polyline", { points: coords.join(" "), fill: "none", stroke: color, "stroke-width": 2, "data-member": id });
    line.append(svg("title", {}, names[id] ?? id));
    root.append(line);
    const key = document.createElement("span");
    key.style.setProperty("--c", color);
    key.textContent = names[id] ?? id;
    legend.append(key);
  });
  $("chart").replaceChildren(root, legend);
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
  $("scope").addEventListener("change", () => renderKinds());
  $("reset-policy").addEventListener("click", () => { renderKinds(); run(); });
  $("split-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
}

await init();
bindUi();
document.body.dataset.ready = "1";
