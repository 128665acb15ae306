//! Arbitrary text through the contributions CSV reader; what it reads
//! writes back as CSV (every cell quoted) and reads again equal, and
//! appends to a small ledger that validates without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

const LEDGER: &str = r#"{"currency": {"code": "EUR", "scale": 2},
  "policies": [{"effective": "2024-01-01", "kinds": {"labor": {"multiplier": "2"}, "cash": {"multiplier": "4"}}}],
  "members": [{"id": "ana"}, {"id": "ben"}]}"#;

fuzz_target!(|text: &str| {
    let Ok(entries) = coshare::read_contributions(text) else {
        return;
    };
    let csv = coshare_fuzz::contributions_to_csv(&entries);
    let again = coshare::read_contributions(&csv)
        .unwrap_or_else(|e| panic!("written CSV does not read: {e:?}\n{csv}"));
    assert_eq!(again, entries, "CSV round trip\n{csv}");
    let Ok(mut doc) = coshare::Document::from_json(LEDGER) else {
        panic!("the fixed ledger does not read");
    };
    doc.add_contributions_csv(text)
        .expect("read once, read twice");
    if coshare_fuzz::checks::checked_ledger(&doc).is_some() {
        let json = coshare_fuzz::document_to_json(&doc);
        coshare_fuzz::checks::ledger_json(json.as_bytes());
    }
});
