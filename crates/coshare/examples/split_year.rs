//! Splits a year's profit of a ledger and prints each member's payout.
//!
//! `cargo run -p coshare --example split_year -- examples/coop.json 2025 120000.00`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coshare::{Date, Dec, Ledger, Request};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, year, amount) = match args.as_slice() {
        [path, year, amount] => (path.as_str(), year.as_str(), amount.as_str()),
        _ => ("examples/coop.json", "2025", "120000.00"),
    };
    let ledger = Ledger::from_json(&std::fs::read_to_string(path)?)?;
    let request = Request::new(
        Date::parse(&format!("{year}-01-01"))?,
        Date::parse(&format!("{year}-12-31"))?,
        Dec::parse(amount)?,
    );
    let split = ledger.split(&request)?;
    println!(
        "{year}: {} split among {} members",
        split.amount,
        split.members.len()
    );
    for b in &split.buckets {
        let kind = if b.pool.is_some() { "pool" } else { "reserve" };
        println!("  {:10} {kind:8} {:>12}", b.name, b.amount);
    }
    for m in &split.members {
        println!(
            "  {:10} paid {:>12} (cash {:>10}, retained {:>10})",
            m.member, m.paid, m.cash, m.retained
        );
    }
    Ok(())
}
