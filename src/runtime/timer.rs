//! Timers: a min-heap of deadlines on the monotonic clock.
//!
//! Cancelling only forgets the timer's slot; its heap entry is dropped lazily when it
//! surfaces, and the heap is compacted when stale entries outnumber live ones, so a
//! socket that parks and wakes a million times does not grow the heap.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

use slab::Slab;

use super::Cid;

/// Names a timer so its owner can cancel it; `seq` tells a reused slot from its past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerId {
    key: usize,
    seq: u64,
}

/// The timers of one runtime. Each one wakes a coroutine with `Wake::Timeout`.
#[derive(Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<(Instant, u64, usize)>>,
    live: Slab<(u64, Cid)>,
    next_seq: u64,
}

impl Timers {
    /// Arms a timer that fires at `deadline` for coroutine `cid`.
    pub fn add(&mut self, deadline: Instant, cid: Cid) -> TimerId {
        self.next_seq += 1;
        let seq = self.next_seq;
        let key = self.live.insert((seq, cid));
        self.heap.push(Reverse((deadline, seq, key)));
        TimerId { key, seq }
    }

    /// Disarms a timer; a no-op when it has fired already.
    pub fn cancel(&mut self, id: TimerId) {
        if matches!(self.live.get(id.key), Some(&(seq, _)) if seq == id.seq) {
            self.live.remove(id.key);
            if self.heap.len() > 64 && self.heap.len() > 2 * self.live.len() {
                let live = &self.live;
                self.heap
                    .retain(|Reverse((_, seq, key))| matches!(live.get(*key), Some(&(s, _)) if s == *seq));
            }
        }
    }

    /// How many timers are armed.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether no timer is armed.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Time left until the nearest live deadline (zero if one has passed).
    pub fn next_timeout(&mut self, now: Instant) -> Option<Duration> {
        self.drop_stale_top();
        self.heap
            .peek()
            .map(|Reverse((deadline, _, _))| deadline.saturating_duration_since(now))
    }

    /// Removes and returns the coroutine of one timer due at `now`, if any.
    pub fn pop_expired(&mut self, now: Instant) -> Option<Cid> {
        self.drop_stale_top();
        match self.heap.peek() {
            Some(Reverse((deadline, _, _))) if *deadline <= now => {
                let Reverse((_, _, key)) = self.heap.pop()?;
                Some(self.live.remove(key).1)
            }
            _ => None,
        }
    }

    fn drop_stale_top(&mut self) {
        while let Some(Reverse((_, seq, key))) = self.heap.peek() {
            if matches!(self.live.get(*key), Some(&(s, _)) if s == *seq) {
                return;
            }
            self.heap.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_in_deadline_order_and_skips_cancelled() {
        let mut t = Timers::default();
        let now = Instant::now();
        t.add(now + Duration::from_millis(30), 3);
        let b = t.add(now + Duration::from_millis(20), 2);
        t.add(now + Duration::from_millis(10), 1);
        t.cancel(b);
        assert_eq!(t.len(), 2);
        assert_eq!(t.next_timeout(now), Some(Duration::from_millis(10)));
        assert_eq!(t.pop_expired(now), None);
        let later = now + Duration::from_millis(40);
        assert_eq!(t.pop_expired(later), Some(1));
        assert_eq!(t.pop_expired(later), Some(3));
        assert_eq!(t.pop_expired(later), None);
        assert!(t.is_empty());
    }

    #[test]
    fn cancelling_a_fired_or_reused_slot_is_harmless() {
        let mut t = Timers::default();
        let now = Instant::now();
        let a = t.add(now, 1);
        assert_eq!(t.pop_expired(now), Some(1));
        let b = t.add(now, 2); // reuses a's slot
        t.cancel(a);
        assert_eq!(t.len(), 1);
        assert_eq!(t.pop_expired(now), Some(2));
        t.cancel(b);
    }

    #[test]
    fn heap_stays_compact_under_churn() {
        let mut t = Timers::default();
        let now = Instant::now();
        for i in 0..100_000 {
            let id = t.add(now + Duration::from_secs(60), i);
            t.cancel(id);
        }
        assert!(t.heap.len() <= 130, "heap grew to {}", t.heap.len());
    }
}
