//! Timers: a min-heap of (deadline, coroutine) on the monotonic clock.
//!
//! Entries are never cancelled. A coroutine's current deadline lives in its record;
//! when an entry comes due the scheduler compares it with that record: the coroutine
//! is woken, the entry re-armed for a later deadline, or the entry dropped as stale.
//! So a socket that waits once per message with the same long timeout touches the
//! heap only when its previous entry has gone, not on every wait.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

use super::Cid;

/// The timer entries of one runtime.
#[derive(Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<(Instant, u64, Cid)>>,
    seq: u64,
}

impl Timers {
    pub const fn new() -> Timers {
        Timers {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }

    /// Adds an entry due at `deadline` for `cid`.
    pub fn add(&mut self, deadline: Instant, cid: Cid) {
        // The sequence number keeps entries with equal deadlines in insertion order.
        self.seq += 1;
        self.heap.push(Reverse((deadline, self.seq, cid)));
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Time left until the nearest entry (zero if one is due).
    pub fn next_timeout(&self, now: Instant) -> Option<Duration> {
        self.heap
            .peek()
            .map(|Reverse((deadline, _, _))| deadline.saturating_duration_since(now))
    }

    /// Removes and returns one entry due at `now`, if any.
    pub fn pop_expired(&mut self, now: Instant) -> Option<(Instant, Cid)> {
        match self.heap.peek() {
            Some(Reverse((deadline, _, _))) if *deadline <= now => {
                let Reverse((deadline, _, cid)) = self.heap.pop()?;
                Some((deadline, cid))
            }
            _ => None,
        }
    }

    /// Keeps only the entries `keep` approves (dropping stale ones in bulk).
    pub fn retain(&mut self, mut keep: impl FnMut(Instant, Cid) -> bool) {
        self.heap.retain(|Reverse((d, _, c))| keep(*d, *c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_in_deadline_then_insertion_order() {
        let mut t = Timers::default();
        let now = Instant::now();
        t.add(now + Duration::from_millis(30), 3);
        t.add(now + Duration::from_millis(10), 1);
        t.add(now + Duration::from_millis(10), 2);
        assert_eq!(t.next_timeout(now), Some(Duration::from_millis(10)));
        assert_eq!(t.pop_expired(now), None);
        let later = now + Duration::from_millis(40);
        assert_eq!(t.pop_expired(later).map(|e| e.1), Some(1));
        assert_eq!(t.pop_expired(later).map(|e| e.1), Some(2));
        assert_eq!(t.pop_expired(later).map(|e| e.1), Some(3));
        assert!(t.is_empty());
    }

    #[test]
    fn retain_drops_in_bulk() {
        let mut t = Timers::default();
        let now = Instant::now();
        for cid in 0..100 {
            t.add(now, cid);
        }
        t.retain(|_, cid| cid % 10 == 0);
        assert_eq!(t.len(), 10);
    }
}
