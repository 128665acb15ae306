//! A checked ledger, ready for queries.

pub(crate) mod basis;
pub(crate) mod batch;
pub(crate) mod curve;
#[cfg(test)]
mod reference;

use crate::check::ids::Ids;
use crate::document::Currency;
use crate::ledger::basis::{Tables, Valued};
use crate::values::date::Date;
use crate::values::number::Dec;

/// A ledger that passed every check of docs/format.md, "Errors", checking: contributions
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
    /// Each member's display name (`name` in the document), by place in `members`.
    pub(crate) names: Vec<Option<String>>,
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
    /// The book entries (docs/format.md, "The books").
    pub(crate) books: crate::books::Books,
    /// By kind: the latest contribution not valued as capital, the
    /// earliest valued as capital (for `validate`'s warnings).
    pub(crate) kind_dates: Vec<(Option<Date>, Option<Date>)>,
    /// How many entries the ledger was read from.
    pub(crate) entries: usize,
}

/// A policy with its inherited departures and distribution filled in.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedPolicy {
    pub effective: Date,
    /// The kinds the policy defines, as indices into the ledger's kinds, sorted.
    pub defined: Vec<usize>,
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

    /// A listed member's display name (`name` in the document), if given.
    pub fn member_name(&self, id: &str) -> Option<&str> {
        let i = self.member_index(id)?;
        self.names.get(i)?.as_deref()
    }

    /// Every kind defined in some policy, sorted by name.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// How many policies the ledger has.
    pub fn policy_count(&self) -> usize {
        self.policies.len()
    }

    /// How many entries the ledger was read from: every entry of its
    /// document, voided ones and voids included (a front end's summary,
    /// such as Python's `repr`, without the document at hand).
    ///
    /// ```
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/worked_example.json"))?;
    /// let (ledger, document) = (coshare::Ledger::from_json(&text)?, coshare::Document::from_json(&text)?);
    /// assert_eq!(ledger.entry_count(), document.entries.len());
    /// assert_eq!(ledger.policy_count(), document.policies.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entry_count(&self) -> usize {
        self.entries
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

    /// A member's index, or `unknown_member` naming them, with the nearest
    /// listed member as a hint.
    pub(crate) fn listed_member(&self, id: &str) -> crate::Result<usize> {
        self.member_index(id).ok_or_else(|| {
            let near =
                crate::check::hint::did_you_mean(id, self.members.iter().map(String::as_str));
            crate::Error::new(
                crate::ErrorCode::UnknownMember,
                format!("{id:?} is not a listed member{near}"),
            )
            .with_entry(id)
        })
    }

    pub(crate) fn kind_index(&self, name: &str) -> Option<usize> {
        self.kinds
            .binary_search_by(|k| k.as_bytes().cmp(name.as_bytes()))
            .ok()
    }
}
