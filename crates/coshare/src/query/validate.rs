//! `validate` (docs/format.md, "Errors" and "Warnings"): every error of a
//! ledger, then, for a valid one, the findings that usually mean a mistake.

use crate::books::close::SplitFigures;
use crate::books::Posted;
use crate::document::read::{
    builder, builder_of_text, builder_streamed, reading_errors, remaining,
};
use crate::document::{Document, Request};
use crate::error::Error;
use crate::ledger::Ledger;
use crate::values::amount::Fixed;
use crate::values::number::Dec;
use std::fmt;

/// The code of a [`Warning`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningCode {
    /// A kind with contributions that no pool in force then or later counts.
    KindInNoPool,
    /// A kind valued as paid-in capital that some pool also counts.
    CapitalKindInPool,
    /// A posted allocation whose figures differ from what the ledger computes today.
    AllocationDiffers,
    /// A later policy that no longer defines a kind with live units on its date
    /// (coshare's own, docs/format.md "Warnings").
    KindDropped,
    /// A listed member without any contribution (coshare's own).
    MemberWithoutContributions,
}

impl WarningCode {
    /// Every code, in the order `validate` lists warnings.
    pub const ALL: [WarningCode; 5] = [
        WarningCode::KindInNoPool,
        WarningCode::CapitalKindInPool,
        WarningCode::AllocationDiffers,
        WarningCode::KindDropped,
        WarningCode::MemberWithoutContributions,
    ];

    /// Whether the code is one of the format's own three; the others are
    /// coshare's, listed after them (docs/format.md, "Warnings").
    pub const fn is_spec(self) -> bool {
        matches!(
            self,
            WarningCode::KindInNoPool
                | WarningCode::CapitalKindInPool
                | WarningCode::AllocationDiffers
        )
    }

    /// The stable text of the code, e.g. `"kind_in_no_pool"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            WarningCode::KindInNoPool => "kind_in_no_pool",
            WarningCode::CapitalKindInPool => "capital_kind_in_pool",
            WarningCode::AllocationDiffers => "allocation_differs",
            WarningCode::KindDropped => "kind_dropped",
            WarningCode::MemberWithoutContributions => "member_without_contributions",
        }
    }
}

impl std::str::FromStr for WarningCode {
    type Err = crate::error::Error;

    /// Parses a code written in `snake_case`, such as `"kind_in_no_pool"`.
    fn from_str(text: &str) -> Result<WarningCode, Self::Err> {
        WarningCode::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| {
                crate::error::Error::new(
                    crate::error::ErrorCode::InvalidRequest,
                    format!("{text:?} is not a warning code"),
                )
            })
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding of `validate` that does not make a ledger invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The stable code.
    pub code: WarningCode,
    /// A plain-language message.
    pub message: String,
    /// The entry concerned (an allocation's id), if any.
    pub entry: Option<String>,
    /// The kind concerned, if any.
    pub kind: Option<String>,
}

/// What `validate` reports: every error (docs/format.md "Errors" order), and the warnings
/// of a ledger without errors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validation {
    /// The errors; empty when the ledger is valid.
    pub errors: Vec<Error>,
    /// The warnings (only for a valid ledger).
    pub warnings: Vec<Warning>,
}

impl Validation {
    /// Validates a ledger JSON document.
    pub fn of_json(text: &str) -> Validation {
        // Read without a reading error piece by piece, the ledger's
        // validation is its builder's (the same as below).
        if let Some(built) = builder_of_text(text, false) {
            return Validation::of_built(built.build());
        }
        let tape = match crate::document::json::Tape::parse(text) {
            Ok(tape) => tape,
            Err(e) => return Validation::of_errors(vec![e]),
        };
        match builder(tape.root(), false) {
            Ok(b) => Validation::of_built(b.build()),
            Err(_) => Validation::of_errors(reading_errors(tape.root())),
        }
    }

    /// [`Validation::of_json`] of a ledger read piece by piece from a byte
    /// source, as [`Ledger::from_json_reader`] reads it: a valid ledger,
    /// or one whose errors are all found after reading, is never held
    /// whole; one with a JSON or reading error is read again whole to list
    /// them all. The result is the source's own I/O error.
    pub fn of_json_reader<R: std::io::Read + std::io::Seek>(
        mut source: R,
    ) -> std::io::Result<Validation> {
        let start = source.stream_position()?;
        let size = remaining(&mut source)?;
        if let Some(built) = builder_streamed(&mut source, false, Some(size)) {
            return Ok(Validation::of_built(built.build()));
        }
        source.seek(std::io::SeekFrom::Start(start))?;
        let mut bytes = Vec::new();
        source.read_to_end(&mut bytes)?;
        Ok(match crate::document::json::utf8(&bytes) {
            Ok(text) => Validation::of_json(text),
            Err(e) => Validation::of_errors(vec![e]),
        })
    }

    /// Validates a ledger JSON document with contributions from CSV text
    /// (the command line's `--contributions`): every reading error of the
    /// ledger when it has any, else every row of the CSV that fails to read
    /// (with its line), else the validation of both together.
    pub fn of_json_and_csv(text: &str, csv: &str) -> Validation {
        match Document::from_json(text) {
            Err(_) => Validation::of_json(text),
            Ok(mut document) => {
                let (entries, errors) = crate::document::csv::read_contributions_recovering(csv);
                if !errors.is_empty() {
                    return Validation::of_errors(errors);
                }
                document.entries.extend(entries);
                Validation::of_document(&document)
            }
        }
    }

    /// Validates a document already read.
    pub fn of_document(document: &Document) -> Validation {
        Validation::of_built(
            crate::check::builder::LedgerBuilder::of_document(document, false).build(),
        )
    }

    /// Validates the ledger a builder holds (every entry pushed): for a
    /// front end that reads entries on its own.
    pub fn of_builder(builder: crate::check::builder::LedgerBuilder) -> Validation {
        Validation::of_built(builder.build())
    }

    /// The validation of a ledger already checked: no errors, its warnings.
    pub fn of_ledger(ledger: &Ledger) -> Validation {
        Validation {
            errors: Vec::new(),
            warnings: ledger.warnings(),
        }
    }

    /// The validation of a document with these errors: no warnings, which
    /// only a valid ledger has.
    pub fn of_errors(errors: Vec<Error>) -> Validation {
        Validation {
            errors,
            warnings: Vec::new(),
        }
    }

    #[allow(clippy::result_large_err)]
    fn of_built(built: std::result::Result<Ledger, Vec<Error>>) -> Validation {
        match built {
            Ok(ledger) => Validation::of_ledger(&ledger),
            Err(errors) => Validation::of_errors(errors),
        }
    }

    /// Whether the ledger has no error (warnings do not count).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Ledger {
    /// The warnings of `validate` (docs/format.md, "Warnings"), in order:
    /// `kind_in_no_pool` and `capital_kind_in_pool` by kind name, then
    /// `allocation_differs` by allocation id.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        let pools_from = |d: crate::values::date::Date, k: usize| {
            let n = self.policies.partition_point(|p| p.effective <= d);
            self.policies.iter().skip(n.saturating_sub(1)).any(|p| {
                p.distribution
                    .buckets
                    .iter()
                    .any(|b| b.pool.as_ref().is_some_and(|s| s.contains(k)))
            })
        };
        for (k, kind) in self.kinds.iter().enumerate() {
            let Some(&(latest, _)) = self.kind_dates.get(k) else {
                continue;
            };
            if latest.is_some_and(|d| !pools_from(d, k)) {
                out.push(Warning {
                    code: WarningCode::KindInNoPool,
                    message: format!(
                        "no pool counts the kind {kind:?} on or after its latest contribution: its units earn nothing"
                    ),
                    entry: None,
                    kind: Some(kind.clone()),
                });
            }
        }
        for (k, kind) in self.kinds.iter().enumerate() {
            let Some(&(_, earliest)) = self.kind_dates.get(k) else {
                continue;
            };
            if earliest.is_some_and(|d| pools_from(d, k)) {
                out.push(Warning {
                    code: WarningCode::CapitalKindInPool,
                    message: format!(
                        "the kind {kind:?} is paid-in capital, and a pool also counts it: it earns profit shares too"
                    ),
                    entry: None,
                    kind: Some(kind.clone()),
                });
            }
        }
        let first_policy = self.policies.first().map(|p| p.effective);
        let mut differs: Vec<Warning> = self
            .books
            .allocations
            .iter()
            .filter(|a| first_policy.is_none_or(|f| a.end >= f))
            .filter_map(|a| {
                self.allocation_difference(a).map(|why| Warning {
                    code: WarningCode::AllocationDiffers,
                    message: format!(
                        "the allocation {:?} differs from the split of its request today: {why}",
                        a.id
                    ),
                    entry: Some(a.id.clone()),
                    kind: None,
                })
            })
            .collect();
        differs.sort_by(|a, b| {
            a.entry
                .as_deref()
                .map(str::as_bytes)
                .cmp(&b.entry.as_deref().map(str::as_bytes))
        });
        out.extend(differs);
        out.extend(self.dropped_kinds());
        out.extend(self.members_without_contributions());
        out
    }

    /// `kind_dropped`, by policy date then kind name: a policy that no
    /// longer defines a kind which still has live units on its date. Those
    /// units keep fading by their own curve but count only in pools of
    /// every kind (`"*"`), since no pool can name the kind.
    fn dropped_kinds(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for pair in self.policies.windows(2) {
            let [before, policy] = pair else { continue };
            let dropped: Vec<usize> = before
                .defined
                .iter()
                .filter(|k| policy.defined.binary_search(k).is_err())
                .copied()
                .collect();
            if dropped.is_empty() {
                continue;
            }
            let shares = self.shares(policy.effective);
            for k in dropped {
                let Some(kind) = self.kinds.get(k) else {
                    continue;
                };
                let live: i128 = shares
                    .members
                    .iter()
                    .flat_map(|m| &m.kinds)
                    .filter(|(name, _)| name == kind)
                    .map(|(_, units)| units.value())
                    .sum();
                if live > 0 {
                    let units = Fixed::new(live, 13).to_plain_string();
                    out.push(Warning {
                        code: WarningCode::KindDropped,
                        message: format!(
                            "the policy of {} no longer defines the kind {kind:?}, which still has {units} live units then: they count only in pools of every kind (\"*\")",
                            policy.effective
                        ),
                        entry: None,
                        kind: Some(kind.clone()),
                    });
                }
            }
        }
        out
    }

    /// `member_without_contributions`, by member id: a listed member with
    /// no contribution (none, or every one voided) earns no share of any
    /// pool; often a misspelt id beside the one the entries use.
    fn members_without_contributions(&self) -> Vec<Warning> {
        let mut has = vec![false; self.members.len()];
        for c in &self.contributions {
            let owner = self
                .pairs
                .get(c.pair())
                .map_or(usize::MAX, |p| p.0 as usize);
            if let Some(h) = has.get_mut(owner) {
                *h = true;
            }
        }
        let active = || {
            self.members
                .iter()
                .zip(&has)
                .filter(|(_, has)| **has)
                .map(|(m, _)| m.as_str())
        };
        self.members
            .iter()
            .zip(&has)
            .filter(|(_, has)| !**has)
            .enumerate()
            .map(|(n, (member, _))| {
                // The first hundred get a hint, so that validate stays fast.
                let near = if n < 100 {
                    crate::check::hint::did_you_mean(member, active())
                } else {
                    String::new()
                };
                Warning {
                    code: WarningCode::MemberWithoutContributions,
                    message: format!(
                        "the member {member:?} has no contribution: they earn no share of any pool{near}"
                    ),
                    entry: Some(member.clone()),
                    kind: None,
                }
            })
            .collect()
    }

    /// The first figure of a posted allocation that differs from the split
    /// of its own request today (with the chain's carry-ins), if any.
    fn allocation_difference(&self, a: &Posted) -> Option<String> {
        let money = |x: i128| Fixed::new(x, self.scale).to_string();
        let carry_in = a
            .members
            .iter()
            .filter(|(_, f)| f.carry_in != 0)
            .filter_map(|(m, f)| {
                Some((
                    self.members.get(*m)?.clone(),
                    Dec::from_scaled(f.carry_in, self.scale)?,
                ))
            });
        let mut carried: Vec<(String, Dec)> = carry_in.collect();
        if let Some(field) = &a.carry_in_field {
            carried = field
                .iter()
                .filter_map(|(m, x)| {
                    Some((
                        self.members.get(*m)?.clone(),
                        Dec::from_scaled(*x, self.scale)?,
                    ))
                })
                .collect();
        }
        let request = Request {
            start: a.start,
            end: a.end,
            amount: Dec::from_scaled(a.amount, self.scale).unwrap_or(Dec::ZERO),
            basis: a.basis,
            carry_in: Some(carried),
        };
        let split = match self.split(&request) {
            Ok(split) => split,
            Err(e) => return Some(format!("the split fails ({}: {})", e.code(), e.message())),
        };
        let got = SplitFigures::of(&split);
        let mut names: Vec<&str> = got.reserves.iter().map(|(n, _)| n.as_str()).collect();
        names.extend(a.reserves.iter().map(|(n, _)| n.as_str()));
        names.sort_unstable_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
        names.dedup();
        for name in names {
            let posted = a
                .reserves
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, x)| *x);
            let computed = got
                .reserves
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, x)| *x);
            if posted != computed {
                return Some(format!(
                    "reserve {name:?} posted {}, computed {}",
                    money(posted),
                    money(computed)
                ));
            }
        }
        if a.unallocated != got.unallocated {
            return Some(format!(
                "unallocated posted {}, computed {}",
                money(a.unallocated),
                money(got.unallocated)
            ));
        }
        let mut ids: Vec<&str> = got.members.iter().map(|(m, _)| m.as_str()).collect();
        ids.extend(
            a.members
                .iter()
                .filter_map(|(m, _)| self.members.get(*m).map(String::as_str)),
        );
        ids.sort_unstable_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
        ids.dedup();
        for id in ids {
            let posted = self.member_index(id).and_then(|m| a.figures(m));
            let computed = got.members.iter().find(|(m, _)| m == id).map(|(_, f)| f);
            match (posted, computed) {
                (Some(p), Some(c)) => {
                    let pairs = [
                        ("allocated", p.allocated, c.allocated),
                        ("cash", p.cash, c.cash),
                        ("retained", p.retained, c.retained),
                        ("carry_out", p.carry_out, c.carry_out),
                    ];
                    if let Some((name, x, y)) = pairs.iter().find(|(_, x, y)| x != y) {
                        return Some(format!(
                            "{id:?} {name} posted {}, computed {}",
                            money(*x),
                            money(*y)
                        ));
                    }
                }
                (Some(_), None) => return Some(format!("{id:?} is posted but not in the split")),
                (None, Some(_)) => return Some(format!("{id:?} is in the split but not posted")),
                (None, None) => {}
            }
        }
        None
    }
}
