//! A FIFO of parked coroutines: the building block of channels, wait groups and joins.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;

use super::{with, Cid, Wake};

/// Coroutines waiting for something, woken in arrival order.
#[derive(Default)]
pub struct WaitQueue {
    waiters: RefCell<VecDeque<Cid>>,
}

impl WaitQueue {
    /// An empty queue.
    pub fn new() -> WaitQueue {
        WaitQueue::default()
    }

    /// Parks the running coroutine in the queue until woken or `timeout` passes.
    pub fn wait(&self, timeout: Option<Duration>) -> Wake {
        let me = with(|rt| rt.current_cid());
        self.waiters.borrow_mut().push_back(me);
        let wake = with(|rt| rt.park(timeout, true));
        if matches!(wake, Wake::Timeout | Wake::Cancelled) {
            self.waiters.borrow_mut().retain(|&c| c != me);
        }
        wake
    }

    /// Resumes the longest waiter with `wake` (it runs before this returns).
    pub fn wake_one(&self, wake: Wake) -> bool {
        let cid = self.waiters.borrow_mut().pop_front();
        match cid {
            Some(cid) => with(|rt| rt.resume(cid, wake)).is_ok(),
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
