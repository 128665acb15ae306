//! Property tests of the docs/format.md, "Request and split result" invariants and of the split's symmetries,
//! over random valid ledgers built through the public document types.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::document::*;
use coshare::{Date, Dec, Duration, Ledger, Split};
use proptest::prelude::*;

/// A small deterministic generator (splitmix64), so a failing seed replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn dec(text: &str) -> Dec {
    Dec::parse(text).unwrap()
}

fn money(minor: u64) -> Dec {
    Dec::from_scaled(i128::from(minor), 2).unwrap()
}

fn date(n: i64) -> Date {
    Date::from_day_number(n)
}

const BASE: i64 = 19_358; // 2023-01-01

fn dur(y: u32, m: u32, d: u32) -> Duration {
    Duration {
        years: y,
        months: m,
        weeks: 0,
        days: d,
    }
}

fn random_curve(r: &mut Rng) -> Curve {
    let shape = match r.below(5) {
        0 => Shape::None,
        1 => Shape::Term {
            term: dur(r.below(3) as u32, r.below(12) as u32, 0),
        },
        2 => Shape::Linear {
            fade: dur(r.below(3) as u32, 1 + r.below(11) as u32, 0),
            hold: dur(0, r.below(12) as u32, 0),
        },
        3 => Shape::Geometric {
            rate: dec(["0.5", "0.25", "1", "0.1"][r.below(4) as usize]),
            every: dur(0, 1 + r.below(6) as u32, 0),
            hold: dur(0, 0, r.below(60) as u32),
        },
        _ => Shape::Steps {
            points: vec![
                (dur(0, 0, 0), dec("0.5")),
                (dur(0, 6, 0), dec("1")),
                (dur(1, 0, 0), dec("0.25")),
            ],
        },
    };
    let expire = r.chance(20).then(|| dur(1 + r.below(2) as u32, 0, 0));
    Curve { shape, expire }
}

/// Options for the generator: `simple` keeps units exact under halving
/// (integer multipliers, unit price 1, no departures or repayments).
fn random_ledger(seed: u64, simple: bool) -> Document {
    let r = &mut Rng(seed);
    let kind_names = ["labor", "cash", "loan", "idea"];
    let mut kinds = Vec::new();
    for (i, name) in kind_names.iter().enumerate() {
        let multiplier = if simple {
            Dec::from_scaled(i128::from(1 + r.below(4) as u8), 0).unwrap()
        } else {
            dec(["1", "2", "1.5", "0.3333"][r.below(4) as usize])
        };
        kinds.push((
            name.to_string(),
            Kind {
                multiplier,
                curve: random_curve(r),
                repayable: i == 2,
                capital: false,
            },
        ));
    }
    let buckets = vec![
        Bucket {
            name: "reserve".into(),
            share: dec("0.2"),
            kinds: None,
        },
        Bucket {
            name: "work".into(),
            share: dec("0.5"),
            kinds: Some(vec!["labor".into(), "idea".into()]),
        },
        Bucket {
            name: "capital".into(),
            share: dec("0.3"),
            kinds: Some(vec!["cash".into(), "loan".into()]),
        },
    ];
    let distribution = Distribution {
        buckets: Some(buckets),
        cash_fraction: Some(dec(["0.2", "0", "1", "0.333"][r.below(4) as usize])),
        minimum_payout: Some(money(r.below(3) * 2500)),
    };
    let departures = vec![
        ("good".to_string(), vec![]),
        (
            "bad".to_string(),
            vec![("default".into(), dec("0")), ("cash".into(), dec("0.25"))],
        ),
    ];
    let policy = Policy {
        effective: date(BASE),
        unit_price: if simple {
            None
        } else {
            Some(dec(["1", "2", "0.7"][r.below(3) as usize]))
        },
        kinds,
        departures: Some(departures),
        distribution: Some(distribution),
        capital: None,
        note: None,
    };
    let members: Vec<Member> = (0..1 + r.below(5))
        .map(|i| Member {
            id: format!("m{i}"),
            name: None,
            note: None,
        })
        .collect();
    let mut entries = Vec::new();
    let mut departed = vec![None; members.len()];
    if !simple {
        for (i, slot) in departed.iter_mut().enumerate() {
            if r.chance(25) {
                let day = BASE + 400 + r.below(600) as i64;
                *slot = Some(day);
                let reason = if r.chance(50) { "good" } else { "bad" };
                entries.push(Entry {
                    id: format!("d{i}"),
                    body: EntryBody::Departure {
                        member: format!("m{i}"),
                        date: date(day),
                        reason: reason.into(),
                    },
                    note: None,
                });
            }
        }
    }
    for n in 0..r.below(12) {
        let m = r.below(members.len() as u64) as usize;
        let last = departed[m].unwrap_or(BASE + 1000);
        let day = BASE + r.below((last - BASE + 1) as u64) as i64;
        let kind = kind_names[r.below(4) as usize];
        let value = (1 + r.below(500_000)) * if simple { 2 } else { 1 };
        let timed = !simple && r.chance(30);
        let c = Contribution {
            member: format!("m{m}"),
            date: date(day),
            kind: kind.into(),
            value: (!timed).then(|| money(value)),
            hours: timed.then(|| dec("12.5")),
            rate: timed.then(|| money(value % 10_000 + 1)),
            paid: (!simple && !timed && r.chance(20)).then(|| money(value / 3)),
        };
        let id = format!("c{n:02}");
        if kind == "loan" && !simple && !timed && r.chance(60) {
            let at_risk = value - c.paid.map_or(0, |p| u64::try_from(p.scaled(2)).unwrap());
            if at_risk > 1 {
                entries.push(Entry {
                    id: format!("r{n:02}"),
                    body: EntryBody::Repayment {
                        loan: id.clone(),
                        date: date(day + 1 + r.below(400) as i64),
                        amount: money(1 + r.below(at_risk - 1)),
                    },
                    note: None,
                });
            }
        }
        entries.push(Entry {
            id,
            body: EntryBody::Contribution(c),
            note: None,
        });
    }
    Document {
        currency: Currency {
            code: "EUR".into(),
            scale: 2,
        },
        policies: vec![policy],
        members,
        entries,
    }
}

fn random_request(seed: u64, members: usize) -> Request {
    let r = &mut Rng(seed ^ 0x5555);
    let start = BASE + r.below(900) as i64;
    let end = start + r.below(500) as i64;
    let amount = r.below(10_000_000) as i128 * if r.chance(20) { -1 } else { 1 };
    let mut req = Request::new(date(start), date(end), Dec::from_scaled(amount, 2).unwrap());
    if r.chance(50) {
        req = req.with_basis(Basis::Snapshot);
    }
    for m in 0..members {
        if r.chance(30) {
            req.carry_in
                .get_or_insert_with(Vec::new)
                .push((format!("m{m}"), money(r.below(5000))));
        }
    }
    req
}

fn split(doc: &Document, req: &Request) -> Split {
    let ledger =
        Ledger::new(doc.clone()).unwrap_or_else(|e| panic!("generated ledger is invalid: {e}"));
    ledger
        .split(req)
        .unwrap_or_else(|e| panic!("split failed: {e}"))
}

fn v(x: coshare::Fixed) -> i128 {
    x.value()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn split_invariants_hold(seed in any::<u64>()) {
        let doc = random_ledger(seed, false);
        let req = random_request(seed, doc.members.len());
        let s = split(&doc, &req);
        prop_assert_eq!(s.buckets.iter().map(|b| v(b.amount)).sum::<i128>(), v(s.amount));
        for b in &s.buckets {
            let Some(pool) = &b.pool else { continue };
            let parts: i128 = s.members.iter().flat_map(|m| &m.pools).filter(|p| p.pool == b.name).map(|p| v(p.amount)).sum();
            prop_assert_eq!(parts + v(pool.unallocated), v(b.amount));
            // Each part is within one minor unit of its exact quota: |part·W − N·w| < W.
            let total = v(pool.basis_total);
            for p in s.members.iter().flat_map(|m| &m.pools).filter(|p| p.pool == b.name) {
                let exact = ethnum::I256::from(v(b.amount)) * ethnum::I256::from(v(p.basis));
                let got = ethnum::I256::from(v(p.amount)) * ethnum::I256::from(total);
                prop_assert!((got - exact).abs() < ethnum::I256::from(total));
            }
        }
        let sum = |f: fn(&coshare::MemberSplit) -> coshare::Fixed| s.members.iter().map(|m| v(f(m))).sum::<i128>();
        prop_assert_eq!(sum(|m| m.paid) + sum(|m| m.carry_out), sum(|m| m.allocated) + sum(|m| m.carry_in));
        for m in &s.members {
            prop_assert_eq!(v(m.cash) + v(m.retained), v(m.paid));
            prop_assert_eq!(m.pools.iter().map(|p| v(p.amount)).sum::<i128>(), v(m.allocated));
            prop_assert!(m.pools.iter().all(|p| !p.basis.is_zero()));
        }
    }

    #[test]
    fn order_of_members_and_entries_never_changes_a_result(seed in any::<u64>(), shuffle in any::<u64>()) {
        let doc = random_ledger(seed, false);
        let req = random_request(seed, doc.members.len());
        let mut permuted = doc.clone();
        let r = &mut Rng(shuffle);
        for i in (1..permuted.entries.len()).rev() {
            permuted.entries.swap(i, r.below(i as u64 + 1) as usize);
        }
        permuted.members.reverse();
        prop_assert_eq!(split(&doc, &req).to_json(), split(&permuted, &req).to_json());
    }

    #[test]
    fn an_extra_contribution_never_lowers_its_members_basis(seed in any::<u64>(), extra in 1u64..1_000_000, offset in 0i64..1000) {
        let doc = random_ledger(seed, false);
        let mut req = random_request(seed, doc.members.len());
        req.carry_in = None;
        let member = doc.members[0].id.clone();
        let mut more = doc.clone();
        let c = Contribution { member: member.clone(), date: date(BASE + offset), kind: "labor".into(), value: Some(money(extra)), hours: None, rate: None, paid: None };
        more.entries.push(Entry { id: "zz-extra".into(), body: EntryBody::Contribution(c), note: None });
        if Ledger::new(more.clone()).is_err() {
            return Ok(()); // dated after the member's departure
        }
        let (before, after) = (split(&doc, &req), split(&more, &req));
        let basis = |s: &Split| s.member(&member).and_then(|m| m.pools.iter().find(|p| p.pool == "work")).map_or(0, |p| v(p.basis));
        prop_assert!(basis(&after) >= basis(&before));
    }

    #[test]
    fn halving_a_contribution_into_two_changes_no_amount(seed in any::<u64>(), pick in any::<prop::sample::Index>()) {
        let doc = random_ledger(seed, true);
        let req = random_request(seed, doc.members.len());
        let contributions: Vec<usize> = doc.entries.iter().enumerate().filter(|(_, e)| matches!(e.body, EntryBody::Contribution(_))).map(|(i, _)| i).collect();
        if contributions.is_empty() {
            return Ok(());
        }
        let i = contributions[pick.index(contributions.len())];
        let mut halved = doc.clone();
        let mut entry = halved.entries.remove(i);
        let EntryBody::Contribution(c) = &mut entry.body else { unreachable!() };
        let half = c.value.unwrap().scaled(2) / 2;
        c.value = Some(Dec::from_scaled(half, 2).unwrap());
        let mut twin = entry.clone();
        twin.id.push_str("-twin");
        halved.entries.push(entry);
        halved.entries.push(twin);
        prop_assert_eq!(split(&doc, &req).to_json(), split(&halved, &req).to_json());
    }

    #[test]
    fn explain_adds_up_to_the_pool_basis_of_a_time_weighted_split(seed in any::<u64>()) {
        let doc = random_ledger(seed, false);
        let mut req = random_request(seed, doc.members.len());
        req.basis = coshare::Basis::TimeWeighted;
        let s = split(&doc, &req);
        let ledger = Ledger::new(doc).unwrap();
        let work = ["labor".to_string(), "idea".to_string()];
        for m in ledger.members() {
            let e = ledger.explain(m, req.start, req.end, Some(&work)).unwrap();
            let pooled = s.member(m).and_then(|x| x.pools.iter().find(|p| p.pool == "work")).map_or(0, |p| v(p.basis));
            prop_assert_eq!(v(e.basis), pooled);
            prop_assert_eq!(e.contributions.iter().map(|c| v(c.unit_days)).sum::<i128>(), v(e.basis));
        }
    }

    #[test]
    fn split_many_equals_one_split_per_request(seed in any::<u64>(), count in 1usize..8) {
        let doc = random_ledger(seed, seed % 3 == 0);
        let ledger = Ledger::new(doc.clone()).unwrap();
        let requests: Vec<Request> = (0..count as u64).map(|i| random_request(seed.wrapping_add(i * 7919), doc.members.len())).collect();
        let many = ledger.split_many(&requests).unwrap();
        for (r, s) in requests.iter().zip(&many) {
            prop_assert_eq!(ledger.split(r).unwrap().to_json(), s.to_json());
        }
    }
}

proptest! {
    // Each case builds two ledgers of some 40,000 contributions.
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A large ledger is finished in two parts side by side when nothing
    /// is dropped, and in one pass otherwise: a voided extra entry (which
    /// changes nothing else) takes the other way, to the same results and
    /// warnings.
    #[test]
    fn a_large_ledger_splits_the_same_whichever_way_it_is_finished(seed in any::<u64>()) {
        let small = random_ledger(seed, false);
        let contributions = small.entries.iter().filter(|e| matches!(e.body, EntryBody::Contribution(_))).count();
        prop_assume!(contributions > 0);
        // Each contribution and repayment copied, so that there are many
        // more than the fewest split (2^14); the departures once. Ideas are
        // paid-in capital, so that capital kinds' dates are kept too.
        let mut doc = Document { entries: Vec::new(), ..small.clone() };
        for (name, kind) in &mut doc.policies[0].kinds {
            kind.capital = name == "idea";
        }
        for copy in 0..(40_000 / contributions + 1) {
            for e in &small.entries {
                let mut e = e.clone();
                match &mut e.body {
                    EntryBody::Departure { .. } if copy > 0 => continue,
                    EntryBody::Departure { .. } => {}
                    EntryBody::Repayment { loan, .. } => *loan = format!("{loan}-{copy}"),
                    _ => {}
                }
                e.id = format!("{}-{copy}", e.id);
                doc.entries.push(e);
            }
        }
        let mut voided = doc.clone();
        voided.entries.push(Entry {
            id: "extra".into(),
            body: EntryBody::Contribution(Contribution {
                member: "m0".into(),
                date: date(BASE),
                kind: "cash".into(),
                value: Some(money(100)),
                hours: None,
                rate: None,
                paid: None,
            }),
            note: None,
        });
        voided.entries.push(Entry { id: "void".into(), body: EntryBody::Void { target: "extra".into() }, note: None });
        let req = random_request(seed, doc.members.len());
        prop_assert_eq!(split(&doc, &req).to_json(), split(&voided, &req).to_json());
        let warnings = |doc: &Document| format!("{:?}", Ledger::new(doc.clone()).unwrap().warnings());
        prop_assert_eq!(warnings(&doc), warnings(&voided));
    }
}

/// The member whose part holds an entry: a contribution's or departure's
/// member, a repayment's loan's, a void's target's.
fn owner(doc: &Document, entry: &Entry) -> String {
    let of_id = |id: &str| {
        doc.entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| owner(doc, e))
            .unwrap_or_default()
    };
    match &entry.body {
        EntryBody::Contribution(c) => c.member.clone(),
        EntryBody::Departure { member, .. } => member.clone(),
        EntryBody::Repayment { loan, .. } => of_id(loan),
        EntryBody::Void { target } => of_id(target),
        other => panic!("no book entries in these ledgers: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A ledger split in parts by member (docs/format.md, "Splits in
    /// parts"): each part's bases, summed, split as the whole ledger.
    #[test]
    fn bases_of_parts_summed_split_as_the_whole_ledger(seed in any::<u64>(), parts in 1usize..5, assign in any::<u64>()) {
        let doc = random_ledger(seed, false);
        let req = random_request(seed, doc.members.len());
        let whole = split(&doc, &req);
        let r = &mut Rng(assign);
        let part_of: std::collections::HashMap<String, usize> = doc
            .members
            .iter()
            .map(|m| (m.id.clone(), r.below(parts as u64) as usize))
            .collect();
        let mut bases = Vec::new();
        for p in 0..parts {
            let mut part = doc.clone();
            part.entries.retain(|e| part_of.get(&owner(&doc, e)) == Some(&p));
            let ledger = Ledger::new(part).unwrap();
            bases.push(ledger.bases(&req).unwrap());
        }
        // Summed in any order, by coshare or by an engine's exact sum.
        bases.reverse();
        let summed = coshare::Bases::sum(&bases).unwrap();
        let mut base = doc.clone();
        base.entries.clear();
        let from_bases = Ledger::new(base).unwrap().split_from_bases(&req, &summed).unwrap();
        prop_assert_eq!(from_bases.to_json(), whole.to_json());
        // The whole ledger's own bases are the sum of the parts'.
        prop_assert_eq!(Ledger::new(doc.clone()).unwrap().bases(&req).unwrap(), coshare::Bases::sum([&summed]).unwrap());
    }
}

#[test]
fn split_from_bases_refuses_what_no_ledger_gives() {
    use coshare::{Bases, ErrorCode, Fixed, MemberPoolBasis};
    let doc = random_ledger(7, false);
    let req = random_request(7, doc.members.len()).with_basis(Basis::TimeWeighted);
    let mut base = doc.clone();
    base.entries.clear();
    let ledger = Ledger::new(base).unwrap();
    let pool = Ledger::new(doc.clone()).unwrap().bases(&req).unwrap().rows[0]
        .pool
        .clone();
    let row = |member: &str, pool: &str, raw: i128, scale: u32| MemberPoolBasis {
        member: member.into(),
        pool: pool.into(),
        basis: Fixed::new(raw, scale),
    };
    let code = |rows: Vec<MemberPoolBasis>| {
        ledger
            .split_from_bases(&req, &Bases { rows })
            .unwrap_err()
            .code()
    };
    assert_eq!(
        code(vec![row("nobody", &pool, 1, 0)]),
        ErrorCode::UnknownMember
    );
    assert_eq!(
        code(vec![row("m0", "no-such-pool", 1, 0)]),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        code(vec![row("m0", &pool, -1, 0)]),
        ErrorCode::NegativeValue
    );
    assert_eq!(
        code(vec![row("m0", &pool, 1, 14)]),
        ErrorCode::InvalidNumber
    );
    assert_eq!(
        code(vec![
            row("m0", &pool, i128::MAX / 10, 13),
            row("m1", &pool, i128::MAX / 10, 13)
        ]),
        ErrorCode::Overflow
    );
    // Trailing zeros past 13 decimals are fine; rows of one member and pool add up.
    let split =
        |rows: Vec<MemberPoolBasis>| ledger.split_from_bases(&req, &Bases { rows }).unwrap();
    assert_eq!(
        split(vec![
            row("m0", &pool, 30, 0),
            row("m1", &pool, 10, 0),
            row("m1", &pool, 200, 1)
        ]),
        split(vec![
            row("m0", &pool, 300_000_000_000_000, 13),
            row("m1", &pool, 300, 1)
        ]),
    );
}
