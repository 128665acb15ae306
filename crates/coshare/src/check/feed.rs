//! Entries made one after another by a producer (a reader of text, of
//! table columns) and pushed into a [`LedgerBuilder`] in order. Where a
//! second core can be had, the producer runs on the calling thread and the
//! builder on another, a batch of entries at a time, so that making and
//! checking entries overlap (docs/format.md, "Reading large files").

use crate::check::builder::LedgerBuilder;
use crate::document::Entry;

/// Entries made and not yet pushed, each reused (its strings' buffers too)
/// from batch to batch.
#[derive(Default)]
struct Batch {
    entries: Vec<Entry>,
    len: usize,
}

impl Batch {
    /// How many entries a batch holds.
    const SIZE: usize = 1024;

    /// Fills the batch from `next`: whether the producer ended, or `None`
    /// when it stopped.
    #[inline]
    fn fill(&mut self, next: &mut impl FnMut(&mut Entry) -> Option<bool>) -> Option<bool> {
        self.len = 0;
        while self.len < Batch::SIZE {
            if self.entries.len() <= self.len {
                self.entries.push(Entry::empty_contribution());
            }
            let into = self.entries.get_mut(self.len)?;
            if !next(into)? {
                return Some(true);
            }
            self.len += 1;
        }
        Some(false)
    }

    fn push_into(&self, builder: &mut LedgerBuilder) {
        for entry in self.entries.get(..self.len).unwrap_or_default() {
            builder.push(entry);
        }
    }
}

impl LedgerBuilder {
    /// Pushes the entries `next` makes, in order, as [`LedgerBuilder::push`]
    /// does. `next` fills the entry it is given (whatever that held before,
    /// its strings' buffers to reuse) with the next entry and says
    /// `Some(true)`, or says `Some(false)` when there are no more; `None`
    /// stops the feed, and `false` is returned (some entries made before
    /// may have been pushed). Where a second core can be had, `next` runs
    /// on this thread while the builder checks the entries on another.
    pub fn push_from(&mut self, mut next: impl FnMut(&mut Entry) -> Option<bool>) -> bool {
        #[cfg(not(target_family = "wasm"))]
        if crate::check::builder::second_core() {
            if let Some(done) = push_beside(self, &mut next) {
                return done;
            }
        }
        push_here(self, &mut next)
    }
}

/// [`LedgerBuilder::push_from`] on this thread alone.
pub(crate) fn push_here(
    builder: &mut LedgerBuilder,
    next: &mut impl FnMut(&mut Entry) -> Option<bool>,
) -> bool {
    let mut batch = Batch::default();
    loop {
        let Some(ended) = batch.fill(next) else {
            return false;
        };
        batch.push_into(builder);
        if ended {
            return true;
        }
    }
}

/// [`LedgerBuilder::push_from`] with the builder on a second thread; `None`
/// when that thread cannot be started (then nothing was made yet).
#[cfg(not(target_family = "wasm"))]
pub(crate) fn push_beside(
    builder: &mut LedgerBuilder,
    next: &mut impl FnMut(&mut Entry) -> Option<bool>,
) -> Option<bool> {
    use std::sync::mpsc;
    // Six batches wait at most, one is filled, one pushed.
    const BATCHES: usize = 8;
    let (full, to_push) = mpsc::sync_channel::<Batch>(BATCHES - 2);
    let (pushed, emptied) = mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let pusher = std::thread::Builder::new()
            .name("coshare-push".into())
            .spawn_scoped(scope, move || {
                for batch in to_push {
                    batch.push_into(builder);
                    // The producer may have stopped: a batch not taken back is dropped.
                    let _ = pushed.send(batch);
                }
            })
            .ok()?;
        let mut made = 0;
        let done = loop {
            let mut batch = if made < BATCHES {
                made += 1;
                Batch::default()
            } else {
                match emptied.recv() {
                    Ok(batch) => batch,
                    Err(_) => break false,
                }
            };
            let ended = batch.fill(next);
            if ended.is_none() || full.send(batch).is_err() {
                break false;
            }
            if ended == Some(true) {
                break true;
            }
        };
        drop(full);
        // A panic there is a panic here, as it would be on one thread.
        if let Err(panic) = pusher.join() {
            std::panic::resume_unwind(panic);
        }
        Some(done)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::document::Document;
    use crate::values::date::Date;
    use crate::Ledger;
    use std::fmt::Write as _;

    /// A ledger of a few batches of contributions, repayments and a departure.
    fn document() -> Document {
        let mut text = String::from(
            r#"{"currency":{"code":"EUR","scale":2},"policies":[{"effective":"2020-01-01","kinds":{"cash":{"multiplier":"1"},"loan":{"multiplier":"2","repayable":true}},"departures":{"left":{"default":"1"}}}],"members":[{"id":"ana"},{"id":"bo"}],"entries":["#,
        );
        for i in 0..3000 {
            let member = ["ana", "bo"][i % 2];
            let day = 1 + i % 28;
            let _ = if i % 4 == 3 {
                write!(
                    text,
                    r#"{{"type":"repayment","id":"r{i}","loan":"e{}","date":"2024-06-01","amount":"1"}},"#,
                    i - 1
                )
            } else {
                let kind = ["cash", "loan"][i % 4 / 2];
                write!(
                    text,
                    r#"{{"type":"contribution","id":"e{i}","member":"{member}","date":"2024-01-{day:02}","kind":"{kind}","value":"10"}},"#
                )
            };
        }
        text.push_str(
            r#"{"type":"departure","id":"d","member":"bo","date":"2024-12-31","reason":"left"}]}"#,
        );
        Document::from_json(&text).unwrap()
    }

    fn builder(doc: &Document) -> LedgerBuilder {
        LedgerBuilder::new(
            doc.currency.clone(),
            doc.policies.clone(),
            doc.members.clone(),
        )
    }

    #[test]
    fn entries_pushed_from_a_producer_are_checked_as_pushed_one_by_one() {
        let doc = document();
        let day = Date::parse("2025-01-01").unwrap();
        let expected = Ledger::new(doc.clone()).unwrap().shares(day).to_json();
        for beside in [false, true] {
            let mut b = builder(&doc);
            let mut entries = doc.entries.iter();
            // Each entry written over whatever its batch's entry held.
            let next =
                &mut |into: &mut Entry| Some(entries.next().map(|e| into.clone_from(e)).is_some());
            let done = if beside {
                push_beside(&mut b, next)
            } else {
                Some(push_here(&mut b, next))
            };
            assert_eq!(done, Some(true));
            assert_eq!(
                b.finish().unwrap().shares(day).to_json(),
                expected,
                "beside: {beside}"
            );
        }
    }

    #[test]
    fn a_producer_that_stops_stops_the_feed() {
        let doc = document();
        for beside in [false, true] {
            let mut b = builder(&doc);
            let mut entries = doc.entries.iter().take(1500);
            let next = &mut |into: &mut Entry| entries.next().map(|e| *into = e.clone());
            let next = &mut |into: &mut Entry| next(into).map(|()| true);
            let done = if beside {
                push_beside(&mut b, next)
            } else {
                Some(push_here(&mut b, next))
            };
            assert_eq!(done, Some(false), "beside: {beside}");
        }
    }
}
