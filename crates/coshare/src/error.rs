//! The one error type of coshare, with a stable code per docs/format.md, "Errors".

use std::fmt;

/// The stable code of an [`Error`] (written in `snake_case`), identical in every front end.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// Malformed JSON or CSV, a value of the wrong JSON type, a repeated key, nesting deeper than 128.
    InvalidJson,
    /// A field the format (docs/format.md) does not define.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A number field that is not a plain decimal within 15 integer and 18 fraction digits.
    InvalidNumber,
    /// A date that is not a real `YYYY-MM-DD` calendar date in years 0001 to 9999.
    InvalidDate,
    /// A duration that is not `P[nY][nM][nW][nD]` with counts of at most 100000.
    InvalidDuration,
    /// A currency scale outside 0..=4.
    InvalidCurrency,
    /// A policy value out of range (multiplier, unit price, retention, cash fraction, kinds).
    InvalidPolicy,
    /// Distribution buckets that are empty, misnamed, or whose shares do not sum to 1.
    InvalidShares,
    /// An unknown curve type or a curve parameter out of range.
    InvalidCurve,
    /// Two policies with the same effective date.
    DuplicatePolicy,
    /// A date before the first policy takes effect.
    NoPolicy,
    /// An empty member id.
    InvalidMember,
    /// A repeated member or entry id.
    DuplicateId,
    /// An unknown entry type, an empty entry id, or a repayment dated before its loan.
    InvalidEntry,
    /// A reference to a member that is not listed.
    UnknownMember,
    /// A contribution kind not defined in the policy in force on its date.
    UnknownKind,
    /// A contribution without exactly one of `value` or `hours` + `rate`.
    InvalidContribution,
    /// A money value with more decimals than the currency allows, or a non-positive repayment.
    InvalidAmount,
    /// A negative value, paid amount, hours, rate or carry-in.
    NegativeValue,
    /// A contribution whose `paid` is larger than its `value`.
    PaidExceedsValue,
    /// A contribution dated after its member's departure.
    MemberDeparted,
    /// A void or repayment whose target is missing, a void, or voided.
    UnknownTarget,
    /// A repayment of a contribution whose kind is not repayable.
    NotRepayable,
    /// Repayments that sum to more than the loan's value at risk.
    OverRepayment,
    /// A second departure of one member.
    DuplicateDeparture,
    /// A departure reason not defined in the policy in force on its date.
    UnknownReason,
    /// A second void of one entry.
    DuplicateVoid,
    /// A money value or unit count beyond the exact range.
    Overflow,
    /// A period that ends before it starts or lasts 100 years or more.
    InvalidPeriod,
    /// A bad query argument, such as an unknown basis.
    InvalidRequest,
    /// An allocation whose period overlaps, or is declared before, the one before it.
    OverlappingAllocation,
    /// An allocation whose figures do not add up (docs/format.md, "Balance").
    UnbalancedAllocation,
    /// A redemption that takes a member's capital account below zero.
    OverRedemption,
    /// Payments of an allocation that sum to more than the member's cash in it.
    OverPayment,
}

impl ErrorCode {
    /// Every code, in the order of docs/format.md "Errors" list.
    pub const ALL: [ErrorCode; 35] = [
        Self::InvalidJson,
        Self::UnknownField,
        Self::MissingField,
        Self::InvalidNumber,
        Self::InvalidDate,
        Self::InvalidDuration,
        Self::InvalidCurrency,
        Self::InvalidPolicy,
        Self::InvalidShares,
        Self::InvalidCurve,
        Self::DuplicatePolicy,
        Self::NoPolicy,
        Self::InvalidMember,
        Self::DuplicateId,
        Self::InvalidEntry,
        Self::UnknownMember,
        Self::UnknownKind,
        Self::InvalidContribution,
        Self::InvalidAmount,
        Self::NegativeValue,
        Self::PaidExceedsValue,
        Self::MemberDeparted,
        Self::UnknownTarget,
        Self::NotRepayable,
        Self::OverRepayment,
        Self::DuplicateDeparture,
        Self::UnknownReason,
        Self::DuplicateVoid,
        Self::Overflow,
        Self::InvalidPeriod,
        Self::InvalidRequest,
        Self::OverlappingAllocation,
        Self::UnbalancedAllocation,
        Self::OverRedemption,
        Self::OverPayment,
    ];

    /// The stable text of the code, e.g. `"invalid_number"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::UnknownField => "unknown_field",
            Self::MissingField => "missing_field",
            Self::InvalidNumber => "invalid_number",
            Self::InvalidDate => "invalid_date",
            Self::InvalidDuration => "invalid_duration",
            Self::InvalidCurrency => "invalid_currency",
            Self::InvalidPolicy => "invalid_policy",
            Self::InvalidShares => "invalid_shares",
            Self::InvalidCurve => "invalid_curve",
            Self::DuplicatePolicy => "duplicate_policy",
            Self::NoPolicy => "no_policy",
            Self::InvalidMember => "invalid_member",
            Self::DuplicateId => "duplicate_id",
            Self::InvalidEntry => "invalid_entry",
            Self::UnknownMember => "unknown_member",
            Self::UnknownKind => "unknown_kind",
            Self::InvalidContribution => "invalid_contribution",
            Self::InvalidAmount => "invalid_amount",
            Self::NegativeValue => "negative_value",
            Self::PaidExceedsValue => "paid_exceeds_value",
            Self::MemberDeparted => "member_departed",
            Self::UnknownTarget => "unknown_target",
            Self::NotRepayable => "not_repayable",
            Self::OverRepayment => "over_repayment",
            Self::DuplicateDeparture => "duplicate_departure",
            Self::UnknownReason => "unknown_reason",
            Self::DuplicateVoid => "duplicate_void",
            Self::Overflow => "overflow",
            Self::InvalidPeriod => "invalid_period",
            Self::InvalidRequest => "invalid_request",
            Self::OverlappingAllocation => "overlapping_allocation",
            Self::UnbalancedAllocation => "unbalanced_allocation",
            Self::OverRedemption => "over_redemption",
            Self::OverPayment => "over_payment",
        }
    }

    /// Parses the text of a code, e.g. `"invalid_number"`.
    pub fn from_str_code(text: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    /// Parses a code written in `snake_case`, such as `"invalid_number"`.
    fn from_str(text: &str) -> Result<ErrorCode, UnknownErrorCode> {
        ErrorCode::from_str_code(text).ok_or(UnknownErrorCode)
    }
}

/// A text that is not the code of any [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a coshare error code")]
pub struct UnknownErrorCode;

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why coshare refused an input: a stable [`ErrorCode`], the entry id or
/// document path it concerns where one applies, and a plain-language message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({code})")]
pub struct Error {
    code: ErrorCode,
    entry: Option<String>,
    location: Vec<PathStep>,
    /// `location` written out (docs/format.md, "Errors"), kept so that
    /// [`Error::path`] can lend it.
    path: Option<String>,
    message: String,
}

/// One step of an error's [location](Error::location): a field name or an
/// array index, as in `policies[0].kinds.labor.multiplier`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// A field of an object (a kind or member name may hold any text, dots too).
    Field(String),
    /// The place of an element in an array, from 0.
    Index(usize),
}

impl From<&str> for PathStep {
    fn from(name: &str) -> PathStep {
        PathStep::Field(name.to_string())
    }
}

impl From<String> for PathStep {
    fn from(name: String) -> PathStep {
        PathStep::Field(name)
    }
}

impl From<usize> for PathStep {
    fn from(index: usize) -> PathStep {
        PathStep::Index(index)
    }
}

/// Writes a location as a path: fields joined by `.`, indices as `[i]`.
fn written(location: &[PathStep]) -> String {
    use std::fmt::Write as _;
    let mut path = String::new();
    for step in location {
        match step {
            PathStep::Field(name) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            PathStep::Index(i) => {
                let _ = write!(path, "[{i}]");
            }
        }
    }
    path
}

/// Reads a path written by [`written`] back into steps, for paths whose
/// field names hold neither `.` nor `[` (every fixed path of the format).
fn steps_of(path: &str) -> Vec<PathStep> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            steps.push(PathStep::Field(name.to_string()));
        }
        while let Some((index, after)) = rest.split_once(']') {
            match index.parse::<usize>() {
                Ok(i) => steps.push(PathStep::Index(i)),
                Err(_) => steps.push(PathStep::Field(format!("[{index}]"))),
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    steps
}

impl Error {
    /// Creates an error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            entry: None,
            location: Vec::new(),
            path: None,
            message: message.into(),
        }
    }

    /// Attaches the id of the entry (or member) the error concerns.
    #[must_use]
    pub fn with_entry(mut self, entry: impl Into<String>) -> Error {
        self.entry = Some(entry.into());
        self
    }

    /// Attaches the document path written as text (such as
    /// `policies[0].kinds.labor.multiplier`), read into a [location](Error::location)
    /// at its dots and brackets. A path through a field whose name may hold
    /// `.` or `[` (a kind, a member) is given by [`Error::with_location`].
    #[must_use]
    pub fn with_path(self, path: impl Into<String>) -> Error {
        let path = path.into();
        let location = steps_of(&path);
        let mut e = self.with_location(location);
        // Kept as given, should it not read back from its steps.
        if !path.is_empty() {
            e.path = Some(path);
        }
        e
    }

    /// Attaches where in the document the error is, step by step (e.g.
    /// `["policies", 0, "kinds", "labor", "multiplier"]`); [`Error::path`]
    /// is then these steps written out.
    #[must_use]
    pub fn with_location<S: Into<PathStep>>(
        mut self,
        location: impl IntoIterator<Item = S>,
    ) -> Error {
        self.location = location.into_iter().map(Into::into).collect();
        let path = written(&self.location);
        // The document's root has no path: never an empty one.
        self.path = (!path.is_empty()).then_some(path);
        self
    }

    /// An error at `location` whose message starts with its path
    /// (`policies[0].effective: ...`; the message alone at the root).
    pub(crate) fn at<S: Into<PathStep>>(
        code: ErrorCode,
        location: impl IntoIterator<Item = S>,
        message: impl fmt::Display,
    ) -> Error {
        let mut e = Error::new(code, String::new()).with_location(location);
        e.message = match &e.path {
            Some(path) => format!("{path}: {message}"),
            None => message.to_string(),
        };
        e
    }

    /// The stable code, e.g. [`ErrorCode::InvalidNumber`].
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The id of the entry (or member, for member errors) concerned, if any.
    pub fn entry(&self) -> Option<&str> {
        self.entry.as_deref()
    }

    /// Where in the document the error is, written as a path (such as
    /// `policies[0].kinds.labor.multiplier`), if known.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Where in the document the error is, as field names and indices
    /// (empty when not known): the structured form of [`Error::path`], for
    /// software that points at the place, with no path text to parse.
    pub fn location(&self) -> &[PathStep] {
        &self.location
    }

    /// The plain-language message, without the code.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The result type of coshare.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use crate::{Basis, Date, Dec, Duration, ErrorCode, Result};

    fn parsed(dec: &str, date: &str, dur: &str) -> Result<(Dec, Date, Duration)> {
        Ok((Dec::parse(dec)?, Date::parse(date)?, Duration::parse(dur)?))
    }

    #[test]
    fn parse_errors_convert_with_their_own_codes() {
        assert!(parsed("1.5", "2024-02-29", "P1Y").is_ok());
        let code = |r: Result<_>| r.map(|_| ()).unwrap_err().code();
        assert_eq!(
            code(parsed("1e3", "2024-02-29", "P1Y")),
            ErrorCode::InvalidNumber
        );
        assert_eq!(
            code(parsed("1", "2025-02-29", "P1Y")),
            ErrorCode::InvalidDate
        );
        assert_eq!(
            code(parsed("1", "2024-02-29", "1Y")),
            ErrorCode::InvalidDuration
        );
    }

    #[test]
    fn a_location_is_its_path_in_steps() {
        use crate::{Error, PathStep as S};
        let e = Error::new(ErrorCode::InvalidPolicy, "m")
            .with_location([S::from("policies"), S::from(0), S::from("kinds")])
            .with_location([S::from("kinds"), S::from("a.b[1]"), S::from(2)]);
        assert_eq!(e.path(), Some("kinds.a.b[1][2]"));
        assert_eq!(e.location()[1], S::Field("a.b[1]".into()));
        let e = Error::new(ErrorCode::InvalidPolicy, "m").with_path("entries[3].figures[0][1].x");
        let want: [S; 6] = [
            "entries".into(),
            3.into(),
            "figures".into(),
            0.into(),
            1.into(),
            "x".into(),
        ];
        assert_eq!(e.location(), want);
        assert_eq!(e.path(), Some("entries[3].figures[0][1].x"));
        let root = Error::new(ErrorCode::InvalidJson, "m").with_path("");
        assert_eq!((root.path(), root.location()), (None, &[][..]));
    }

    #[test]
    fn codes_and_bases_read_back_what_they_display() {
        for code in ErrorCode::ALL {
            assert_eq!(code.to_string().parse::<ErrorCode>(), Ok(code));
        }
        assert!("no_such_code".parse::<ErrorCode>().is_err());
        for basis in [Basis::TimeWeighted, Basis::Snapshot] {
            assert_eq!(basis.to_string().parse::<Basis>(), Ok(basis));
        }
        let e = "weekly".parse::<Basis>().unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidRequest);
    }
}
