//! Arbitrary bytes as a ledger JSON document (optionally followed by a NUL
//! byte and a request JSON): read, validate, split a fixed request, one
//! derived from the input's last bytes and the trailing request, with the
//! docs/format.md, "Request and split result" invariants checked on every result (see `coshare_fuzz::checks`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coshare_fuzz::checks::ledger_json(data);
});
