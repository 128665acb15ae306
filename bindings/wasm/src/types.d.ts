/** A decimal written as a string, such as "1250.00" or "0.5"; never a JS number. */
export type Decimal = string;
/** A calendar date written YYYY-MM-DD, such as "2025-12-31"; never a JS Date. */
export type DateString = string;
/** A duration P[nY][nM][nW][nD], such as "P1Y6M" or "P0D". */
export type DurationString = string;

/**
 * The stable code of every coshare error (docs/format.md, "Errors"), the same in every front
 * end; `errorCodes()` lists them (a test keeps this union equal to it).
 */
export type ErrorCode =
  | "invalid_json" | "unknown_field" | "missing_field" | "invalid_number"
  | "invalid_date" | "invalid_duration" | "invalid_currency" | "invalid_policy"
  | "invalid_shares" | "invalid_curve" | "duplicate_policy" | "no_policy"
  | "invalid_member" | "duplicate_id" | "invalid_entry" | "unknown_member"
  | "unknown_kind" | "invalid_contribution" | "invalid_amount" | "negative_value"
  | "paid_exceeds_value" | "member_departed" | "unknown_target" | "not_repayable"
  | "over_repayment" | "duplicate_departure" | "unknown_reason" | "duplicate_void"
  | "overflow" | "invalid_period" | "invalid_request" | "overlapping_allocation"
  | "unbalanced_allocation" | "over_redemption" | "over_payment";

/**
 * What every function of this package throws on invalid input, including
 * an argument of the wrong type (`invalid_request`): `e instanceof
 * CoshareError` tells it from any other error.
 */
export declare class CoshareError extends Error {
  constructor(
    message: string,
    code: ErrorCode,
    entry?: string | null,
    path?: string | null,
    location?: Array<string | number>,
  );
  name: "CoshareError";
  /** The stable code, such as "invalid_number". */
  code: ErrorCode;
  /** The entry (or member) id the error concerns, or null. */
  entry: string | null;
  /**
   * Where the error is, such as "policies[0].kinds.labor.multiplier" in a
   * document or "at" for an argument, or null.
   */
  path: string | null;
  /**
   * The same place as field names and indices, such as
   * ["policies", 0, "kinds", "labor", "multiplier"] (a kind or member name
   * may hold dots); empty when not known.
   */
  location: Array<string | number>;
}

/** A ledger document (docs/format.md, "Ledger document"). */
export interface LedgerDocument {
  currency: Currency;
  policies: Policy[];
  members?: Member[];
  entries?: Entry[];
}

export interface Currency {
  code: string;
  /** Decimals of the minor unit, 0 to 4 (a JSON integer). */
  scale: number;
}

/** A policy, in force from `effective` until the next one (docs/format.md, "Policy"). */
export interface Policy {
  effective: DateString;
  unit_price?: Decimal;
  kinds: Record<string, Kind>;
  /** Reason -> kind (or "default") -> retention factor; inherited when omitted. */
  departures?: Record<string, Record<string, Decimal>>;
  /** Inherited when omitted. */
  distribution?: Distribution;
  /** Inherited when omitted (docs/format.md, "Queries of the books"). */
  capital?: CapitalRules;
  note?: string;
}

export interface Kind {
  multiplier: Decimal;
  curve?: Curve;
  repayable?: boolean;
  /** Contributions of this kind are paid-in capital (docs/format.md, "Queries of the books"). */
  capital?: boolean;
}

/** When capital is paid back (docs/format.md, "Queries of the books"). */
export interface CapitalRules {
  /** Retained patronage matures this long after its allocation's date. */
  revolve?: DurationString;
  /** Everything matures this long after a member's departure (default P0D). */
  departure?: DurationString;
  /** The month (1 to 12, a JSON integer) whose last day ends the tax year; default 12. */
  tax_year_end?: number;
}

/** How a contribution's units fade or expire (docs/format.md, "Curves"). */
export type Curve = (
  | { type: "none" }
  | { type: "term"; term: DurationString }
  | { type: "linear"; fade: DurationString; hold?: DurationString }
  | { type: "geometric"; rate: Decimal; every: DurationString; hold?: DurationString }
  | { type: "steps"; points: Array<[DurationString, Decimal]> }
) & { expire?: DurationString };

export interface Distribution {
  /** Omitted: one pool "all" of share 1 over every kind. */
  buckets?: Bucket[];
  cash_fraction?: Decimal;
  minimum_payout?: Decimal;
}

/** A reserve (no `kinds`) or a pool (`kinds`, or ["*"] for every kind). */
export interface Bucket {
  name: string;
  share: Decimal;
  kinds?: string[];
}

export interface Member {
  id: string;
  name?: string;
  note?: string;
}

/** An entry of the ledger (docs/format.md, "Entries", and the books of docs/format.md, "The books"). */
export type Entry =
  | ContributionEntry | RepaymentEntry | DepartureEntry | VoidEntry
  | AllocationEntry | RedemptionEntry | AdjustmentEntry | PaymentEntry;

/** A contribution: `value`, or `hours` with `rate`. */
export interface ContributionEntry {
  type: "contribution";
  id: string;
  member: string;
  date: DateString;
  kind: string;
  value?: Decimal;
  hours?: Decimal;
  rate?: Decimal;
  paid?: Decimal;
  note?: string;
}

export interface RepaymentEntry {
  type: "repayment";
  id: string;
  loan: string;
  date: DateString;
  amount: Decimal;
  note?: string;
}

export interface DepartureEntry {
  type: "departure";
  id: string;
  member: string;
  date: DateString;
  reason: string;
  note?: string;
}

export interface VoidEntry {
  type: "void";
  id: string;
  target: string;
  note?: string;
}

/** A closed period, posted (docs/format.md, "close"); `close` writes one. */
export interface AllocationEntry {
  type: "allocation";
  id: string;
  /** The day it was declared, on or after the period's end. */
  date: DateString;
  period: Period;
  amount: Decimal;
  basis?: Basis;
  /** Only on the first allocation: money owed to members before the books began. */
  carry_in?: Record<string, Decimal>;
  /** Reserve name -> amount. */
  reserves?: Record<string, Decimal>;
  unallocated?: Decimal;
  /** Member id -> figures. */
  members: Record<string, AllocationFigures>;
  note?: string;
}

export interface AllocationFigures {
  allocated: Decimal;
  cash: Decimal;
  retained: Decimal;
  carry_out?: Decimal;
}

/** Capital paid back to a member (docs/format.md, "Queries of the books"). */
export interface RedemptionEntry {
  type: "redemption";
  id: string;
  member: string;
  date: DateString;
  amount: Decimal;
  note?: string;
}

/** A correction of a member's capital account (docs/format.md, "Queries of the books"); the amount may be negative. */
export interface AdjustmentEntry {
  type: "adjustment";
  id: string;
  member: string;
  date: DateString;
  amount: Decimal;
  /** The allocation it corrects. */
  allocation?: string;
  note?: string;
}

/** Cash of an allocation paid to a member (docs/format.md, "Queries of the books"). */
export interface PaymentEntry {
  type: "payment";
  id: string;
  allocation: string;
  member: string;
  date: DateString;
  amount: Decimal;
  note?: string;
}

export type Basis = "time_weighted" | "snapshot";

/** Both days inclusive. */
export interface Period {
  start: DateString;
  end: DateString;
}

/** A split request (docs/format.md, "Ledger document"); `splitMany` takes an array of them. */
export interface SplitRequest {
  period: Period;
  amount: Decimal;
  basis?: Basis;
  /** Money owed to members from earlier splits, by member id. */
  carry_in?: Record<string, Decimal>;
}

/** The result of a split (docs/format.md, "Request and split result"); `splitMany` returns one per request, in order. */
export interface SplitResult {
  period: Period;
  basis: Basis;
  amount: Decimal;
  /** In policy order. */
  buckets: BucketResult[];
  /** Sorted by member id. */
  members: MemberSplit[];
}

export type BucketResult =
  | { name: string; type: "reserve"; amount: Decimal }
  | { name: string; type: "pool"; amount: Decimal; basis_total: Decimal; unallocated: Decimal };

export interface MemberSplit {
  member: string;
  /** The member's part of each pool where its basis is non-zero, by pool name. */
  pools: Record<string, PoolPart>;
  allocated: Decimal;
  carry_in: Decimal;
  paid: Decimal;
  cash: Decimal;
  retained: Decimal;
  carry_out: Decimal;
}

export interface PoolPart {
  basis: Decimal;
  /** Only for a time_weighted split; 4 decimals. */
  average_units?: Decimal;
  /** round_9(basis / basis_total), 9 decimals. */
  share: Decimal;
  amount: Decimal;
}

/** Live units on one date (docs/format.md, "Other queries", shares). */
export interface SharesResult {
  at: DateString;
  total: Decimal;
  /** Members with live units, by id: their share of all live units, all kinds counted. */
  members: MemberShares[];
  /**
   * Each pool of the distribution in force on the date, in bucket order (none before the
   * first policy): a member's share of a pool is what they would get of its money that day.
   */
  pools: PoolShares[];
}

export interface PoolShares {
  pool: string;
  /** Live units over the pool's kinds. */
  total: Decimal;
  /** Members with live units in the pool, by id. */
  members: PoolMemberShare[];
}

export interface PoolMemberShare {
  member: string;
  units: Decimal;
  /** The member's share of the pool, 9 decimals. */
  share: Decimal;
}

export interface MemberShares {
  member: string;
  /** Live units per kind, for kinds with non-zero units. */
  kinds: Record<string, Decimal>;
  units: Decimal;
  /** The member's share of all live units, 9 decimals. */
  share: Decimal;
}

/** Shares over a series of dates (docs/format.md, "Other queries", curve). */
export interface CurveResult {
  points: SharesResult[];
}

/** Why a member has the basis they have (docs/format.md, explain). */
export interface Explanation {
  member: string;
  period: Period;
  basis: Decimal;
  average_units: Decimal;
  /** Each pool in force on the period's last day: the member's share of it. */
  pools: PoolBasis[];
  /** In date order. */
  contributions: ContributionBasis[];
}

/** A member's part of one pool's time-weighted basis over a period. */
export interface PoolBasis {
  pool: string;
  /** The kinds the pool counts. */
  kinds: string[];
  /** The member's unit-days over the pool's kinds. */
  basis: Decimal;
  /** Every member's unit-days over the pool's kinds. */
  basis_total: Decimal;
  /** round_9(basis / basis_total); "0.000000000" when the total is 0. */
  share: Decimal;
}

export interface ContributionBasis {
  entry: string;
  date: DateString;
  kind: string;
  value: Decimal;
  at_risk: Decimal;
  units: Decimal;
  live_at_start: Decimal;
  live_at_end: Decimal;
  /** Changes of effective units inside the period (departures, repayments). */
  changes: Array<{ date: DateString; units: Decimal }>;
  unit_days: Decimal;
}

/** Every error of a ledger (docs/format.md, "Other queries", validate), then the warnings of a valid one (docs/format.md, "Errors"). */
export interface ValidationReport {
  valid: boolean;
  errors: ValidationError[];
  /** Only for a ledger without errors. */
  warnings: ValidationWarning[];
}

export interface ValidationError {
  code: ErrorCode;
  message: string;
  entry: string | null;
  path: string | null;
}

/** The code of a finding of validate that does not make a ledger invalid (docs/format.md, "Errors"). */
export type WarningCode =
  | "kind_in_no_pool"
  | "capital_kind_in_pool"
  | "allocation_differs"
  | "kind_dropped"
  | "member_without_contributions";

export interface ValidationWarning {
  code: WarningCode;
  message: string;
  /** The allocation concerned, or null. */
  entry: string | null;
  /** The kind concerned, or null. */
  kind: string | null;
}

/** The allocation entry `close` returns (docs/format.md, "close"): every field written. */
export interface ClosedAllocation extends AllocationEntry {
  basis: Basis;
  /** Every reserve bucket of the split, in bucket order, zero amounts included. */
  reserves: Record<string, Decimal>;
  /** The sum of the pools' unallocated amounts. */
  unallocated: Decimal;
  /** The split's members, by id. */
  members: Record<string, Required<AllocationFigures>>;
}

/** The capital accounts on one day (docs/format.md, "Queries of the books", accounts). */
export interface AccountsResult {
  at: DateString;
  /** Members with a movement on or before `at`, by id. */
  members: Array<{ member: string; balance: Decimal; due: Decimal }>;
  /** Reserves named in an allocation dated on or before `at`, by name. */
  reserves: Array<{ name: string; amount: Decimal }>;
  unallocated: Decimal;
  /** Cash allocated and not yet paid. */
  payable: Decimal;
  /** Money owed to members below the minimum payout. */
  carried: Decimal;
}

export type MovementType = "paid_in" | "retained" | "adjustment" | "redemption";

/** A member's capital account over a period (docs/format.md, "Queries of the books", statement). */
export interface StatementResult {
  member: string;
  start: DateString;
  end: DateString;
  /** The balance on the day before `start`. */
  opening: Decimal;
  movements: Array<{ date: DateString; type: MovementType; entry: string; amount: Decimal; balance: Decimal }>;
  closing: Decimal;
  /** Due on `end` (docs/format.md, "Queries of the books"). */
  due: Decimal;
  /** The allocations dated in the period that list the member. */
  allocations: StatementAllocation[];
  /** The member's payments dated in the period. */
  payments: Array<{ payment: string; allocation: string; date: DateString; amount: Decimal }>;
}

export interface StatementAllocation {
  allocation: string;
  date: DateString;
  allocated: Decimal;
  carry_in: Decimal;
  paid: Decimal;
  cash: Decimal;
  retained: Decimal;
  carry_out: Decimal;
}

/** The written notices of an allocation (docs/format.md, "Written notices"). */
export interface NoticesResult {
  allocation: string;
  date: DateString;
  period: Period;
  /** Pay the cash by this day; past 9999-12-31 it has more year digits. */
  pay_by: string;
  /** Members with `paid > 0`, by id. */
  notices: Notice[];
}

export interface Notice {
  member: string;
  paid: Decimal;
  cash: Decimal;
  retained: Decimal;
  /** The member's payments of the allocation dated on or before `pay_by`. */
  cash_paid: Decimal;
  /** The money test of a qualified notice; the member's consent is assumed, not recorded. */
  qualified: boolean;
}

export type TransactionType = "paid_in" | "opening" | "allocation" | "adjustment" | "redemption" | "payment";

/** The journal over a period (docs/format.md, "Queries of the books"): balanced transactions, debits positive. */
export interface JournalResult {
  start: DateString;
  end: DateString;
  transactions: JournalTransaction[];
}

export interface JournalTransaction {
  date: DateString;
  entry: string;
  type: TransactionType;
  /** Sum to zero; none is zero. */
  lines: Array<{ account: string; amount: Decimal }>;
}

/**
 * Account names of the journal, by role (docs/format.md, "Queries of the books"); each optional, with
 * the defaults shown. `{name}` stands for a reserve's name, `{member}` for
 * a member's id.
 */
export interface JournalAccountNames {
  /** "Equity:Surplus" */
  surplus?: string;
  /** "Liabilities:Carried forward" */
  carried?: string;
  /** "Equity:Reserves:{name}" */
  reserve?: string;
  /** "Equity:Unallocated" */
  unallocated?: string;
  /** "Liabilities:Patronage payable" */
  payable?: string;
  /** "Equity:Capital:{member}" */
  capital?: string;
  /** "Assets:Cash" */
  cash?: string;
  /** "Equity:Adjustments" */
  adjustments?: string;
  /** "Equity:Opening balances" */
  opening?: string;
  /** Kind -> the account that receives its paid-in capital instead of `cash`. */
  kinds?: Record<string, string>;
}

export interface JournalOptions {
  /** Account names, or their JSON text. */
  accounts?: JournalAccountNames | string | null;
  /** "json" (the default): the document as an object; "csv" or "beancount": text. */
  format?: "json" | "csv" | "beancount" | null;
  /** Contribution rows to add to the ledger, as the other functions' `contributionsCsv`. */
  contributionsCsv?: string | null;
}

/**
 * The journal over `start..=end` (docs/format.md, "Queries of the books"): the document as a plain
 * object, or, with `format: "csv"` or `"beancount"`, its text.
 */
export function journal(
  ledger: LedgerDocument | string,
  start: DateString,
  end: DateString,
  options?: (JournalOptions & { format?: "json" | null }) | null,
): JournalResult;
export function journal(
  ledger: LedgerDocument | string,
  start: DateString,
  end: DateString,
  options: JournalOptions & { format: "csv" | "beancount" },
): string;
export function journal(
  ledger: LedgerDocument | string,
  start: DateString,
  end: DateString,
  options?: JournalOptions | null,
): JournalResult | string;
