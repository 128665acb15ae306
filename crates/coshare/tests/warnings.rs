//! coshare's own warnings of `validate` (docs/format.md, "Warnings"):
//! `kind_dropped` and `member_without_contributions`, listed after the
//! format's own three.

use coshare::{Validation, WarningCode};

fn ledger(members: &str, entries: &str) -> String {
    format!(
        r#"{{"currency":{{"code":"EUR","scale":2}},
  "policies":[
    {{"effective":"2024-01-01","kinds":{{"labor":{{"multiplier":"1"}},"idea":{{"multiplier":"2"}}}}}},
    {{"effective":"2025-01-01","kinds":{{"labor":{{"multiplier":"1"}}}}}}],
  "members":[{members}],
  "entries":[{entries}]}}"#
    )
}

fn warnings(text: &str) -> Vec<(WarningCode, Option<String>, Option<String>)> {
    let v = Validation::of_json(text);
    assert!(v.is_valid(), "{:?}", v.errors);
    v.warnings
        .into_iter()
        .map(|w| (w.code, w.entry, w.kind))
        .collect()
}

#[test]
fn a_kind_dropped_while_its_units_live_and_a_member_without_contributions_are_warned() {
    let text = ledger(
        r#"{"id":"ana"},{"id":"anna"},{"id":"bo"}"#,
        r#"{"type":"contribution","id":"c1","member":"ana","date":"2024-03-01","kind":"idea","value":"100.00"},
           {"type":"contribution","id":"c2","member":"bo","date":"2024-03-01","kind":"labor","value":"100.00"}"#,
    );
    assert_eq!(
        warnings(&text),
        vec![
            (WarningCode::KindDropped, None, Some("idea".into())),
            (
                WarningCode::MemberWithoutContributions,
                Some("anna".into()),
                None
            ),
        ]
    );
    let v = Validation::of_json(&text);
    let anna = &v.warnings[1].message;
    assert!(anna.contains("(did you mean \"ana\"?)"), "{anna}");
    let idea = &v.warnings[0].message;
    assert!(
        idea.contains("2025-01-01") && idea.contains(" 200 live units"),
        "{idea}"
    );
    assert!(v
        .to_json()
        .contains(r#""code":"member_without_contributions""#));
}

#[test]
fn no_warning_when_the_dropped_kind_has_no_live_units_or_every_member_contributed() {
    // The idea was voided: nothing of it lives in 2025, and ana has no
    // contribution left.
    let text = ledger(
        r#"{"id":"ana"},{"id":"bo"}"#,
        r#"{"type":"contribution","id":"c1","member":"ana","date":"2024-03-01","kind":"idea","value":"100.00"},
           {"type":"void","id":"v1","target":"c1"},
           {"type":"contribution","id":"c2","member":"bo","date":"2024-03-01","kind":"labor","value":"100.00"}"#,
    );
    assert_eq!(
        warnings(&text),
        vec![(
            WarningCode::MemberWithoutContributions,
            Some("ana".into()),
            None
        )]
    );
    let text = ledger(
        r#"{"id":"ana"},{"id":"bo"}"#,
        r#"{"type":"contribution","id":"c1","member":"ana","date":"2024-03-01","kind":"labor","value":"100.00"},
           {"type":"contribution","id":"c2","member":"bo","date":"2024-03-01","kind":"labor","value":"100.00"}"#,
    );
    assert_eq!(warnings(&text), vec![]);
}

#[test]
fn own_codes_come_after_the_formats_and_read_back() {
    let all = WarningCode::ALL;
    let own = all.iter().position(|c| !c.is_spec()).unwrap_or(all.len());
    assert_eq!(own, 3);
    assert!(all[own..].iter().all(|c| !c.is_spec()));
    for code in all {
        assert_eq!(code.to_string().parse::<WarningCode>().ok(), Some(code));
    }
}
