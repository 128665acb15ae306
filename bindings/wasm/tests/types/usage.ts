// A small typed program against the installed package: `tsc --noEmit`
// must accept it, and every `@ts-expect-error` line must really be an error.
import * as coshare from "coshare-wasm";
import { CoshareError } from "coshare-wasm";
import init, { shares as webShares, CoshareError as WebCoshareError } from "coshare-wasm/web";
import type {
  AccountsResult,
  AllocationEntry,
  ClosedAllocation,
  Curve,
  CurveResult,
  Decimal,
  ErrorCode,
  Explanation,
  JournalResult,
  LedgerDocument,
  NoticesResult,
  SharesResult,
  SplitRequest,
  SplitResult,
  StatementResult,
  ValidationReport,
  WarningCode,
} from "coshare-wasm";

const fade: Curve = { type: "linear", hold: "P1Y", fade: "P5Y", expire: "P10Y" };

const ledger: LedgerDocument = {
  currency: { code: "EUR", scale: 2 },
  policies: [
    {
      effective: "2024-01-01",
      kinds: { labor: { multiplier: "2", curve: fade }, cash: { multiplier: "4" }, buyin: { multiplier: "0", capital: true } },
      distribution: {
        buckets: [
          { name: "reserve", share: "0.3" },
          { name: "members", share: "0.7", kinds: ["*"] },
        ],
        cash_fraction: "0.2",
      },
      capital: { revolve: "P5Y", departure: "P1Y", tax_year_end: 12 },
    },
  ],
  members: [{ id: "ana" }, { id: "ben", name: "Ben" }],
  entries: [
    { type: "contribution", id: "c1", member: "ana", date: "2024-02-01", kind: "labor", hours: "10", rate: "30.00" },
    { type: "contribution", id: "c2", member: "ben", date: "2024-02-01", kind: "cash", value: "500.00" },
    { type: "departure", id: "d1", member: "ben", date: "2024-12-31", reason: "good" },
    { type: "void", id: "v1", target: "c2" },
    { type: "redemption", id: "r1", member: "ana", date: "2025-06-01", amount: "10.00" },
    { type: "adjustment", id: "a1", member: "ana", date: "2025-06-01", amount: "-1.00", allocation: "fy2024" },
    { type: "payment", id: "p1", allocation: "fy2024", member: "ana", date: "2025-04-01", amount: "5.00" },
  ],
};

const request: SplitRequest = {
  period: { start: "2024-01-01", end: "2024-12-31" },
  amount: "1000.00",
  basis: "time_weighted",
  carry_in: { ana: "10.00" },
};

const result: SplitResult = coshare.split(ledger, request);
const text: string = coshare.splitJson(JSON.stringify(ledger), JSON.stringify(request), null);
const fromText: SplitResult = coshare.split(JSON.stringify(ledger), JSON.stringify(request), "id,member,date,kind\n");
const months: SplitResult[] = coshare.splitMany(ledger, [request, { ...request, basis: "snapshot" }]);
const monthsFromText: SplitResult[] = coshare.splitMany(JSON.stringify(ledger), JSON.stringify([request]), null);
// @ts-expect-error splitMany takes an array of requests, not one
coshare.splitMany(ledger, request);
void months;
void monthsFromText;
const paid: Decimal = result.members[0]?.paid ?? "0.00";
const share: Decimal | undefined = result.members[0]?.pools["members"]?.share;
for (const bucket of result.buckets) {
  if (bucket.type === "pool") {
    const unallocated: Decimal = bucket.unallocated;
    void unallocated;
  } else {
    // @ts-expect-error a reserve has no basis_total
    void bucket.basis_total;
  }
}

const at: SharesResult = coshare.shares(ledger, "2024-06-30");
const units: Decimal | undefined = at.members[0]?.kinds["labor"];
const why: Explanation = coshare.explain(ledger, "ana", "2024-01-01", "2024-12-31", ["labor"]);
const whyAll: Explanation = coshare.explain(ledger, "ana", "2024-01-01", "2024-12-31");
const over: CurveResult = coshare.curve(ledger, "2024-01-01", "2024-12-31", "P1M");
const report: ValidationReport = coshare.validate(ledger);
const codes: ErrorCode[] = report.errors.map((e) => e.code);

const warnings: WarningCode[] = report.warnings.map((w) => w.code);

// The books.
const fy2024: ClosedAllocation = coshare.close(ledger, request, "fy2024", "2025-03-15");
const posted: AllocationEntry = fy2024;
const postedLedger: LedgerDocument = { ...ledger, entries: [...(ledger.entries ?? []), posted] };
const line: string = coshare.closeJson(JSON.stringify(ledger), request, "fy2024", "2025-03-15", null);
const capital: AccountsResult = coshare.accounts(postedLedger, "2025-12-31");
const anaStatement: StatementResult = coshare.statement(postedLedger, "ana", "2025-01-01", "2025-12-31");
const sent: NoticesResult = coshare.notices(postedLedger, "fy2024");
const qualified: boolean | undefined = sent.notices[0]?.qualified;
const journal: JournalResult = coshare.journal(postedLedger, "2025-01-01", "2025-12-31");
const journalJson: JournalResult = coshare.journal(postedLedger, "2025-01-01", "2025-12-31", { format: "json" });
const csvText: string = coshare.journal(postedLedger, "2025-01-01", "2025-12-31", { format: "csv" });
const beancount: string = coshare.journal(postedLedger, "2025-01-01", "2025-12-31", {
  format: "beancount",
  accounts: { cash: "Assets:Bank", kinds: { buyin: "Assets:Bank:Shares" } },
});
// @ts-expect-error CSV is text, not the journal document
const notADocument: JournalResult = coshare.journal(postedLedger, "2025-01-01", "2025-12-31", { format: "csv" });
// @ts-expect-error no such format
coshare.journal(postedLedger, "2025-01-01", "2025-12-31", { format: "xml" });
// @ts-expect-error an id is a string
coshare.notices(postedLedger, 2024);
const allCodes: ErrorCode[] = coshare.errorCodes();

function describe(e: unknown): string {
  if (e instanceof CoshareError) {
    const code: ErrorCode = e.code;
    const entry: string | null = e.entry;
    return `${code} ${entry ?? ""} ${e.path ?? ""}: ${e.message}`;
  }
  return String(e);
}
const made: CoshareError = new CoshareError("by hand", "over_payment", null, "amount");
const sameClass: typeof CoshareError = WebCoshareError;

// @ts-expect-error amounts are decimal strings, never JS numbers
const numeric: SplitRequest = { period: { start: "2024-01-01", end: "2024-12-31" }, amount: 1000 };
// @ts-expect-error no such curve type
const cosine: Curve = { type: "cosine" };
// @ts-expect-error a linear curve needs its fade
const noFade: Curve = { type: "linear", hold: "P1Y" };
// @ts-expect-error no such basis
const weekly: SplitRequest = { period: { start: "2024-01-01", end: "2024-12-31" }, amount: "1", basis: "weekly" };
// @ts-expect-error dates are strings, never JS Date objects
coshare.shares(ledger, new Date());
// @ts-expect-error not an error code
const notACode: ErrorCode = "oops";

// The web build: initialise once, then the same functions.
async function inBrowser(wasm: ArrayBuffer): Promise<SharesResult> {
  await init({ module_or_path: wasm });
  return webShares(ledger, "2024-06-30");
}

void [text, fromText, paid, share, units, why, whyAll, over, codes, describe, inBrowser];
void [warnings, line, capital, anaStatement, qualified, journal, journalJson, csvText, beancount, notADocument, allCodes, made, sameClass];
void [numeric, cosine, noFade, weekly, notACode];
