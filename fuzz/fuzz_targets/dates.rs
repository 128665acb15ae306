//! The date, duration and number parsers on arbitrary text: what parses
//! displays as text that parses back to the same value; a date's text
//! round-trips exactly; date arithmetic on a parsed duration is monotone.
#![no_main]

use coshare::{Date, Dec, Duration};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(d) = Date::parse(text) {
        assert_eq!(d.to_string(), text, "date text round trip");
        assert_eq!(Date::parse(&d.to_string()), Ok(d));
        let (y, m, day) = d.ymd();
        assert!((1..=9999).contains(&y));
        assert_eq!(Date::from_ymd(y, m, day), Some(d));
        assert_eq!(Date::from_day_number(d.day_number()), d);
    }
    if let Ok(dur) = Duration::parse(text) {
        let shown = dur.to_string();
        assert_eq!(
            Duration::parse(&shown),
            Ok(dur),
            "duration round trip via {shown}"
        );
        for n in [dur.years, dur.months, dur.weeks, dur.days] {
            assert!(n <= coshare::date::MAX_DURATION_COUNT);
        }
        // x + dur is never before x, and x + j·dur is monotone in j.
        for base in ["0001-01-01", "2024-01-31", "2024-02-29", "9999-12-31"] {
            let Ok(x) = Date::parse(base) else {
                panic!("fixed date")
            };
            let mut last = x;
            for j in 0..4 {
                let t = dur.add_times(x, j);
                assert!(t >= last, "{base} + {j}·{shown} went back");
                last = t;
            }
        }
    }
    if let Ok(x) = Dec::parse(text) {
        let shown = x.to_string();
        assert_eq!(Dec::parse(&shown), Ok(x), "number round trip via {shown}");
        assert_eq!(text.parse::<Dec>(), Ok(x));
    }
});
