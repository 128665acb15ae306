/** A decimal written as a string, such as "1250.00" or "0.5"; never a JS number. */
export type Decimal = string;
/** A calendar date written YYYY-MM-DD, such as "2025-12-31"; never a JS Date. */
export type DateString = string;
/** A duration P[nY][nM][nW][nD], such as "P1Y6M" or "P0D". */
export type DurationString = string;

/** The stable code of every coshare error (SPEC 8), the same in every front end. */
export type ErrorCode =
  | "invalid_json" | "unknown_field" | "missing_field" | "invalid_number"
  | "invalid_date" | "invalid_duration" | "invalid_currency" | "invalid_policy"
  | "invalid_shares" | "invalid_curve" | "duplicate_policy" | "no_policy"
  | "invalid_member" | "duplicate_id" | "invalid_entry" | "unknown_member"
  | "unknown_kind" | "invalid_contribution" | "invalid_amount" | "negative_value"
  | "paid_exceeds_value" | "member_departed" | "unknown_target" | "not_repayable"
  | "over_repayment" | "duplicate_departure" | "unknown_reason" | "duplicate_void"
  | "overflow" | "invalid_period" | "invalid_request";

/** What every function of this package throws on invalid input. */
export interface CoshareError extends Error {
  name: "CoshareError";
  /** The SPEC code, such as "invalid_number". */
  code: ErrorCode;
  /** The entry (or member) id the error concerns, or null. */
  entry: string | null;
  /** Where in the document the error is, such as "policies[0].kinds.labor.multiplier", or null. */
  path: string | null;
}

/** A ledger document (SPEC 3). */
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

/** A policy, in force from `effective` until the next one (SPEC 3.1). */
export interface Policy {
  effective: DateString;
  unit_price?: Decimal;
  kinds: Record<string, Kind>;
  /** Reason -> kind (or "default") -> retention factor; inherited when omitted. */
  departures?: Record<string, Record<string, Decimal>>;
  /** Inherited when omitted. */
  distribution?: Distribution;
  note?: string;
}

export interface Kind {
  multiplier: Decimal;
  curve?: Curve;
  repayable?: boolean;
}

/** How a contribution's units fade or expire (SPEC 3.2). */
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

/** An entry of the ledger (SPEC 3.3). */
export type Entry = ContributionEntry | RepaymentEntry | DepartureEntry | VoidEntry;

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

export type Basis = "time_weighted" | "snapshot";

/** Both days inclusive. */
export interface Period {
  start: DateString;
  end: DateString;
}

/** A split request (SPEC 3); `splitMany` takes an array of them. */
export interface SplitRequest {
  period: Period;
  amount: Decimal;
  basis?: Basis;
  /** Money owed to members from earlier splits, by member id. */
  carry_in?: Record<string, Decimal>;
}

/** The result of a split (SPEC 6); `splitMany` returns one per request, in order. */
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

/** Live units on one date (SPEC 7, shares). */
export interface SharesResult {
  at: DateString;
  total: Decimal;
  /** Members with live units, by id. */
  members: MemberShares[];
}

export interface MemberShares {
  member: string;
  /** Live units per kind, for kinds with non-zero units. */
  kinds: Record<string, Decimal>;
  units: Decimal;
  /** The member's share of all live units, 9 decimals. */
  share: Decimal;
}

/** Shares over a series of dates (SPEC 7, curve). */
export interface CurveResult {
  points: SharesResult[];
}

/** Why a member has the basis they have (SPEC 7, explain). */
export interface Explanation {
  member: string;
  period: Period;
  basis: Decimal;
  average_units: Decimal;
  contributions: ContributionBasis[];
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

/** Every error of a ledger (SPEC 7, validate). */
export interface ValidationReport {
  valid: boolean;
  errors: ValidationError[];
}

export interface ValidationError {
  code: ErrorCode;
  message: string;
  entry: string | null;
  path: string | null;
}
