//! A FIFO of parked coroutines: the building block of channels, wait groups and joins.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::{with, Timeout, Waiter, Wake};

/// Coroutines waiting for something, woken in arrival order. Each is held by a
/// [`Waiter`] handle: waking one is a switch, not a lookup.
#[derive(Default)]
pub struct WaitQueue {
    waiters: RefCell<VecDeque<Waiter>>,
}

impl WaitQueue {
    /// An empty queue.
    pub fn new() -> WaitQueue {
        WaitQueue::default()
    }

    /// Parks the running coroutine in the queue until woken or `timeout` passes.
    ///
    /// # Panics
    /// Outside a coroutine (callers check first).
    pub fn wait(&self, timeout: impl Into<Timeout>) -> Wake {
        with(|rt| {
            let me = rt.current_waiter().expect("wait() outside a coroutine");
            self.waiters.borrow_mut().push_back(me);
            let wake = rt.park(timeout, true);
            if matches!(wake, Wake::Timeout | Wake::Cancelled) {
                self.waiters.borrow_mut().retain(|w| !w.is_current());
            }
            wake
        })
    }

    /// Resumes the longest waiter with `wake` (it runs before this returns).
    #[inline]
    pub fn wake_one(&self, wake: Wake) -> bool {
        // Most calls find nobody waiting (a channel wakes its other side on every push
        // and pop): that case stays inline and costs one load.
        if self.waiters.borrow().is_empty() {
            return false;
        }
        self.wake_first(wake)
    }

    #[inline(never)]
    fn wake_first(&self, wake: Wake) -> bool {
        let waiter = self.waiters.borrow_mut().pop_front();
        match waiter {
            Some(w) => with(|rt| rt.wake(&w, wake)).is_ok(),
            None => false,
        }
    }

    /// Resumes every waiter with `wake`.
    pub fn wake_all(&self, wake: Wake) {
        while self.wake_one(wake) {}
    }

    /// How many coroutines wait.
    pub fn len(&self) -> usize {
        self.waiters.borrow().len()
    }

    /// Whether nobody waits.
    pub fn is_empty(&self) -> bool {
        self.waiters.borrow().is_empty()
    }
}
