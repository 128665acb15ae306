//! A checked ledger, ready for queries.

use crate::basis::{Tables, Valued};
use crate::date::Date;
use crate::document::{Currency, Document};
use crate::error::{Error, Result};
use crate::ids::Ids;
use crate::number::Dec;

/// A ledger that passed every check of SPEC 8 (phase 2): contributions
/// valued, voids applied, repayments and departures attached.
///
/// ```
/// let text = r#"{"currency": {"code": "USD", "scale": 2},
///   "policies": [{"effective": "2024-01-01", "kinds": {"cash": {"multiplier": "4"}}}],
///   "members": [{"id": "bob"}],
///   "entries": [{"type": "contribution", "id": "c1", "member": "bob",
///                "date": "2024-02-01", "kind": "cash", "value": "5000.00"}]}"#;
/// let ledger = coshare::Ledger::from_json(text)?;
/// assert_eq!(ledger.members(), ["bob"]);
/// # Ok::<(), coshare::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ledger {
    pub(crate) currency: Currency,
    pub(crate) scale: u32,
    /// Policies sorted by `effective`, with inheritance resolved.
    pub(crate) policies: Vec<ResolvedPolicy>,
    /// Every kind defined in some policy, sorted by name.
    pub(crate) kinds: Vec<String>,
    /// Listed member ids, sorted by their UTF-8 bytes.
    pub(crate) members: Vec<String>,
    /// Valid, non-voided contributions, in document order (results never depend on it).
    pub(crate) contributions: Vec<Valued>,
    /// The entry id of each contribution, in the same order.
    pub(crate) ids: Ids,
    /// Every (member, kind) with a contribution, sorted: the slots of the
    /// basis tables, so that they grow with the contributions, never with
    /// members × kinds.
    pub(crate) pairs: Vec<(u32, u32)>,
    /// What the compiled contributions refer to by index.
    pub(crate) tables: Tables,
}

/// A policy with its inherited departures and distribution filled in.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedPolicy {
    pub effective: Date,
    /// Shared by the policies that inherit it.
    pub distribution: std::sync::Arc<ResolvedDistribution>,
}

/// Distribution rules with defaults applied.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedDistribution {
    pub buckets: Vec<ResolvedBucket>,
    pub cash_fraction: Dec,
    /// In minor units.
    pub minimum_payout: i128,
}

/// A bucket; `pool` is `None` for a reserve.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedBucket {
    pub name: String,
    pub share: Dec,
    pub pool: Option<KindSet>,
}

/// The kinds a pool counts: all, or the sorted indices of its kinds.
#[derive(Debug, Clone)]
pub(crate) enum KindSet {
    All,
    Some(Vec<u32>),
}

impl KindSet {
    pub fn contains(&self, kind: usize) -> bool {
        match self {
            KindSet::All => true,
            KindSet::Some(set) => u32::try_from(kind).is_ok_and(|k| set.binary_search(&k).is_ok()),
        }
    }
}

impl Ledger {
    /// Reads and checks a ledger JSON document; the first error wins (SPEC 8).
    pub fn from_json(text: &str) -> Result<Ledger> {
        // Entries go from the checked tape straight into the builder.
        let tape = crate::json::Tape::parse(text)?;
        crate::read::builder(tape.root(), false)?.finish()
    }

    /// Checks a document; the first error wins (SPEC 8, phase 2).
    // It takes the document, so that the document's memory is freed as
    // soon as the ledger is built. Not entry by entry: what a contribution
    // compiles to would then fill the holes the document leaves, scattered
    // through its memory, and splits would run slower.
    #[allow(clippy::needless_pass_by_value)]
    pub fn new(document: Document) -> Result<Ledger> {
        Ledger::from_document(&document)
    }

    /// Checks a document it only borrows, for a caller that keeps the
    /// document (to validate it again, or to add entries later); the same
    /// result as [`Ledger::new`] on a copy, without the copy.
    pub fn from_document(document: &Document) -> Result<Ledger> {
        crate::LedgerBuilder::of_document(document, false).finish()
    }

    /// The ledger's currency.
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// The currency's number of decimals.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The listed member ids, sorted by their UTF-8 bytes.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Every kind defined in some policy, sorted by name.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// The index of the policy in force on `t`, if any.
    pub(crate) fn policy_at(&self, t: Date) -> Option<&ResolvedPolicy> {
        let n = self.policies.partition_point(|p| p.effective <= t);
        n.checked_sub(1).and_then(|i| self.policies.get(i))
    }

    pub(crate) fn member_index(&self, id: &str) -> Option<usize> {
        self.members
            .binary_search_by(|m| m.as_bytes().cmp(id.as_bytes()))
            .ok()
    }

    pub(crate) fn kind_index(&self, name: &str) -> Option<usize> {
        self.kinds
            .binary_search_by(|k| k.as_bytes().cmp(name.as_bytes()))
            .ok()
    }
}

impl Document {
    /// Reads a ledger JSON document (SPEC 8, phase 1); no semantic checks.
    pub fn from_json(text: &str) -> Result<Document> {
        // The text is checked whole first (a JSON error anywhere wins), then
        // read in place, without building a tree of values.
        let tape = crate::json::Tape::parse(text)?;
        crate::read::document(tape.root())
    }

    /// Reads a ledger from an already parsed JSON value (SPEC 8, phase 1).
    pub fn from_value(value: &crate::json::Value) -> Result<Document> {
        crate::read::document(value)
    }

    /// Reads a ledger JSON document from bytes, refusing invalid UTF-8.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Document> {
        let text = crate::json::utf8(bytes)?;
        Document::from_json(text)
    }

    /// Every error of the document in SPEC 8 order, at most one per entry;
    /// empty when it is valid.
    pub fn validate(&self) -> Vec<Error> {
        crate::LedgerBuilder::of_document(self, true).errors()
    }
}
