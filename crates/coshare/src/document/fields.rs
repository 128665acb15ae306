//! The fields of a contribution entry (docs/format.md, "Entries"): the one
//! table every reader of contributions uses — the JSON reader, its fast
//! path, the CSV reader, and front ends that fill entries from columns of
//! a table; and the fields of a repayment, which both JSON readers share.

use crate::document::{Contribution, Entry, EntryBody};
use crate::values::date::Date;
use crate::values::number::Dec;

/// A contribution's fields: `type`, then [`ContributionField::ALL`]'s.
// Indexing in a constant: out of range fails to compile, never panics.
#[allow(clippy::indexing_slicing)]
pub(crate) const CONTRIBUTION_KNOWN: [&str; ContributionField::ALL.len() + 1] = {
    let mut names = ["type"; ContributionField::ALL.len() + 1];
    let mut i = 0;
    while i < ContributionField::ALL.len() {
        names[i + 1] = ContributionField::ALL[i].name();
        i += 1;
    }
    names
};

/// A contribution's required fields, in [`ContributionField::ALL`]'s order.
// Indexing in a constant: out of range fails to compile, never panics.
#[allow(clippy::indexing_slicing)]
pub(crate) const CONTRIBUTION_REQUIRED: [&str; 4] = {
    let mut names = [""; 4];
    let (mut i, mut n) = (0, 0);
    while i < ContributionField::ALL.len() {
        if ContributionField::ALL[i].is_required() {
            names[n] = ContributionField::ALL[i].name();
            n += 1;
        }
        i += 1;
    }
    names
};

/// A repayment's fields, `type` first (read by the general reader and its
/// fast path alike).
pub(crate) const REPAYMENT_KNOWN: [&str; 6] = ["type", "id", "loan", "date", "amount", "note"];

/// A repayment's required fields.
pub(crate) const REPAYMENT_REQUIRED: [&str; 4] = ["id", "loan", "date", "amount"];

/// A field of a contribution entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContributionField {
    /// `id` (required).
    Id,
    /// `member` (required).
    Member,
    /// `date` (required).
    Date,
    /// `kind` (required).
    Kind,
    /// `value`.
    Value,
    /// `hours`.
    Hours,
    /// `rate`.
    Rate,
    /// `paid`.
    Paid,
    /// `note`.
    Note,
}

/// What a contribution field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// A string (`id`, `member`, `kind`, `note`).
    Text,
    /// A date (`date`).
    Date,
    /// A number field (`value`, `hours`, `rate`, `paid`).
    Number,
}

impl ContributionField {
    /// Every field, in the order of a contributions CSV header.
    pub const ALL: [ContributionField; 9] = [
        Self::Id,
        Self::Member,
        Self::Date,
        Self::Kind,
        Self::Value,
        Self::Hours,
        Self::Rate,
        Self::Paid,
        Self::Note,
    ];

    /// The field's name in documents.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Member => "member",
            Self::Date => "date",
            Self::Kind => "kind",
            Self::Value => "value",
            Self::Hours => "hours",
            Self::Rate => "rate",
            Self::Paid => "paid",
            Self::Note => "note",
        }
    }

    /// The field named `name`, if any.
    pub fn of(name: &str) -> Option<ContributionField> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether a contribution must give it.
    pub const fn is_required(self) -> bool {
        matches!(self, Self::Id | Self::Member | Self::Date | Self::Kind)
    }

    /// What it holds.
    pub const fn field_type(self) -> FieldType {
        match self {
            Self::Id | Self::Member | Self::Kind | Self::Note => FieldType::Text,
            Self::Date => FieldType::Date,
            Self::Value | Self::Hours | Self::Rate | Self::Paid => FieldType::Number,
        }
    }

    /// The names of every field, in [`ContributionField::ALL`]'s order.
    pub fn names() -> [&'static str; 9] {
        Self::ALL.map(Self::name)
    }

    /// Writes `text` into this field of a contribution entry; `false` when
    /// the field holds no text or the entry is not a contribution.
    pub fn set_text(self, entry: &mut Entry, text: &str) -> bool {
        let EntryBody::Contribution(c) = &mut entry.body else {
            return false;
        };
        let slot = match self {
            Self::Id => &mut entry.id,
            Self::Member => &mut c.member,
            Self::Kind => &mut c.kind,
            Self::Note => entry.note.get_or_insert_with(String::new),
            _ => return false,
        };
        slot.clear();
        slot.push_str(text);
        true
    }

    /// Writes a number into this field of a contribution entry; `false`
    /// when the field holds no number or the entry is not a contribution.
    pub fn set_number(self, entry: &mut Entry, number: Dec) -> bool {
        let EntryBody::Contribution(c) = &mut entry.body else {
            return false;
        };
        let slot = match self {
            Self::Value => &mut c.value,
            Self::Hours => &mut c.hours,
            Self::Rate => &mut c.rate,
            Self::Paid => &mut c.paid,
            _ => return false,
        };
        *slot = Some(number);
        true
    }

    /// Writes a date into this field of a contribution entry; `false` when
    /// the field is not `date` or the entry is not a contribution.
    pub fn set_date(self, entry: &mut Entry, date: Date) -> bool {
        match (&mut entry.body, self) {
            (EntryBody::Contribution(c), Self::Date) => {
                c.date = date;
                true
            }
            _ => false,
        }
    }
}

impl Entry {
    /// An empty contribution entry, to be filled field by field.
    pub fn empty_contribution() -> Entry {
        Entry {
            id: String::new(),
            body: EntryBody::Contribution(Contribution {
                member: String::new(),
                date: Date::from_day_number(0),
                kind: String::new(),
                value: None,
                hours: None,
                rate: None,
                paid: None,
            }),
            note: None,
        }
    }
}
