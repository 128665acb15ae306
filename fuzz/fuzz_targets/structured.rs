//! Structured ledgers (`arbitrary`) run through every query with the docs/format.md, "Request and split result"
//! invariants, order independence, and a round trip through ledger JSON.
#![no_main]

use coshare_fuzz::checks;
use coshare_fuzz::structured::{self, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| {
    let (doc, request) = input.build();

    // Round trip: the document written as JSON reads back equal, and the
    // JSON text passes the ledger_json checks with the request after a NUL.
    let json = coshare_fuzz::document_to_json(&doc);
    let read = coshare::Document::from_json(&json)
        .unwrap_or_else(|e| panic!("written ledger does not read: {e:?}\n{json}"));
    assert_eq!(read, doc, "ledger JSON round trip\n{json}");
    let request_json = coshare_fuzz::request_to_json(&request);
    let read = coshare::Request::from_json(&request_json)
        .unwrap_or_else(|e| panic!("written request does not read: {e:?}\n{request_json}"));
    assert_eq!(read, request, "request JSON round trip");

    let Some(ledger) = checks::checked_ledger(&doc) else {
        return;
    };
    let result = checks::check_ledger_queries(&doc, &ledger, &request);
    checks::check_order_independence(&doc, &request, &result);

    // explain for every member over the period, all kinds and each kind.
    for member in ledger.members() {
        let Ok(e) = ledger.explain(member, request.start, request.end, None) else {
            continue;
        };
        let sum: i128 = e.contributions.iter().map(|c| c.unit_days.value()).sum();
        assert_eq!(sum, e.basis.value(), "explain's unit-days ≠ its basis");
        let mut by_kind = 0i128;
        for kind in ledger.kinds() {
            let one = std::slice::from_ref(kind);
            let k = ledger
                .explain(member, request.start, request.end, Some(one))
                .expect("explain of a defined kind");
            by_kind += k.basis.value();
        }
        assert_eq!(by_kind, e.basis.value(), "explain by kind ≠ explain of all");
    }

    // Each curve of the first policy against the docs/format.md, "Curves" reference model:
    // live units day by day (shares) and their sum (explain), over a
    // window of up to 400 days starting up to ~5000 days after the date.
    if let Some(policy) = doc.policies.first() {
        let d = policy.effective;
        let lo = d.plus_days(i64::from(input.curve_days) % 5000);
        let hi = lo.plus_days(i64::from(input.curve_days / 7) % 400);
        for (_, kind) in &policy.kinds {
            let single = structured::single_curve_ledger(&kind.curve, d);
            let Ok(one) = coshare::Ledger::new(single) else {
                continue;
            };
            let model = structured::model_weights(&kind.curve, d, lo, hi);
            let unit = 10_000i128; // 1 unit at scale 4: live units = 10^4 × w9
            for (t, w) in [(lo, model[0]), (hi, model[model.len() - 1])] {
                let got = one.shares(t).total.value();
                assert_eq!(got, unit * w, "{:?}: live units on {t}", kind.curve);
            }
            let e = one
                .explain("m", lo, hi, None)
                .expect("explain of the one member");
            let sum: i128 = model.iter().sum();
            assert_eq!(
                e.basis.value(),
                unit * sum,
                "{:?}: unit-days {lo}..{hi}",
                kind.curve
            );
        }
    }

    // curve: dates from `start` by `every`, each the shares on its date.
    let every = input.curve_every.get();
    let to = request.start.plus_days(i64::from(input.curve_days));
    match ledger.curve(request.start, to, every) {
        Ok(points) => {
            assert!(!points.is_empty());
            assert_eq!(points[0].at, request.start);
            for pair in points.windows(2) {
                assert!(pair[0].at < pair[1].at, "curve dates not increasing");
            }
            assert!(points.last().is_some_and(|p| p.at <= to));
            for (j, p) in points.iter().enumerate().take(20) {
                assert_eq!(p.at, every.add_times(request.start, j as i64));
                assert_eq!(
                    p,
                    &checks::check_shares(&ledger, p.at),
                    "curve point ≠ shares"
                );
            }
            coshare::json::parse(&coshare::curve_to_json(&points)).expect("curve JSON");
        }
        Err(e) => assert_eq!(e.code(), coshare::ErrorCode::InvalidRequest),
    }
});
