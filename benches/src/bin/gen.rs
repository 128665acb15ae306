//! `gen SIZE LEDGER.json [REQUEST.json]`: writes the W1-shaped ledger with
//! SIZE contributions (`10000`, `100k`, `1m`) as JSON, and W1's request.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic
)]

use coshare_bench::{ledger_json, w1_request_json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        eprintln!("usage: gen SIZE LEDGER.json [REQUEST.json]");
        std::process::exit(2);
    }
    let size =
        coshare_bench::parse_size(&args[0]).expect("SIZE: a count such as 10000, 100k or 1m");
    std::fs::write(&args[1], ledger_json(size)).expect("cannot write the ledger");
    if let Some(request) = args.get(2) {
        std::fs::write(request, w1_request_json()).expect("cannot write the request");
    }
}
