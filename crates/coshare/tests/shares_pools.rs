//! Shares per pool (docs/format.md, "shares"): a member's share of a pool
//! on a day is the share a snapshot split of that day gives them of it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::pedantic,
    missing_docs
)]

use coshare::{Basis, Date, Dec, Ledger, Request};

const LEDGER: &str = r#"{"currency":{"code":"EUR","scale":2},
  "policies":[{"effective":"2024-01-01",
    "kinds":{"labor":{"multiplier":"2","curve":{"type":"linear","fade":"P2Y"}},"cash":{"multiplier":"4"}},
    "distribution":{"buckets":[{"name":"reserve","share":"0.1"},
      {"name":"workers","share":"0.75","kinds":["labor"]},
      {"name":"investors","share":"0.15","kinds":["cash"]}]}}],
  "members":[{"id":"ana"},{"id":"ben"},{"id":"cy"}],
  "entries":[
    {"type":"contribution","id":"a1","member":"ana","date":"2024-01-01","kind":"labor","value":"3000.00"},
    {"type":"contribution","id":"b1","member":"ben","date":"2024-03-01","kind":"labor","value":"1000.00"},
    {"type":"contribution","id":"c1","member":"cy","date":"2024-02-01","kind":"cash","value":"10000.00"}]}"#;

#[test]
fn a_cash_investor_holds_all_of_its_pool_whatever_its_share_of_all_units() {
    let ledger = Ledger::from_json(LEDGER).unwrap();
    let at = Date::parse("2024-12-31").unwrap();
    let shares = ledger.shares(at);
    // All kinds counted, cy's 40,000 units outweigh the fading labour.
    let cy_all = shares
        .members
        .iter()
        .find(|m| m.member == "cy")
        .unwrap()
        .share;
    assert!(cy_all.value() > 800_000_000, "{cy_all}");
    let names: Vec<&str> = shares.pools.iter().map(|p| p.pool.as_str()).collect();
    assert_eq!(names, ["workers", "investors"]);
    let investors = &shares.pools[1];
    assert_eq!(investors.members.len(), 1);
    assert_eq!(investors.members[0].share.to_string(), "1.000000000");
    // Each pool's shares are those a snapshot split of that day gives.
    let request = Request::new(at, at, Dec::parse("1000.00").unwrap()).with_basis(Basis::Snapshot);
    let split = ledger.split(&request).unwrap();
    for pool in &shares.pools {
        for m in &pool.members {
            let part = split
                .member(&m.member)
                .unwrap()
                .pools
                .iter()
                .find(|p| p.pool == pool.pool)
                .unwrap();
            assert_eq!(part.share, m.share, "{} in {}", m.member, pool.pool);
            assert_eq!(part.basis, m.units, "{} in {}", m.member, pool.pool);
        }
    }
    // Before the first policy: no pool, and that is no error.
    assert!(ledger
        .shares(Date::parse("2023-06-30").unwrap())
        .pools
        .is_empty());
    assert!(shares
        .to_json()
        .contains(r#""pools":[{"pool":"workers","total":"#));
}
