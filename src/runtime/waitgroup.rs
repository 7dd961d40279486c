//! A wait group (`Swoole\Coroutine\WaitGroup`'s rules): a counter that coroutines add
//! to and count down, and one coroutine at a time may wait on until it reaches zero.

use std::cell::Cell;

use super::{Timeout, WaitQueue, Wake};

/// A misuse of a wait group (the PHP layer turns each into Swoole's exception).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitGroupError {
    /// add() while a wait is in progress.
    AddWhileWaiting,
    /// The counter would pass `i64::MAX`.
    Overflow,
    /// The counter would go below zero.
    Negative,
    /// wait() while another wait is in progress.
    Reused,
}

/// See the module docs.
#[derive(Default)]
pub struct WaitGroup {
    count: Cell<i64>,
    waiting: Cell<bool>,
    waiters: WaitQueue,
}

impl WaitGroup {
    /// Adds `delta` (which may be negative) to the counter; the counter is left as it
    /// was on an error.
    pub fn add(&self, delta: i64) -> Result<(), WaitGroupError> {
        if self.waiting.get() {
            return Err(WaitGroupError::AddWhileWaiting);
        }
        let count = self
            .count
            .get()
            .checked_add(delta)
            .ok_or(WaitGroupError::Overflow)?;
        if count < 0 {
            return Err(WaitGroupError::Negative);
        }
        self.count.set(count);
        Ok(())
    }

    /// Counts one down, waking the waiter at zero.
    pub fn done(&self) -> Result<(), WaitGroupError> {
        let count = self.count.get() - 1;
        if count < 0 {
            return Err(WaitGroupError::Negative);
        }
        self.count.set(count);
        if count == 0 && self.waiting.get() {
            self.waiters.wake_one(Wake::Ready);
        }
        Ok(())
    }

    /// Waits (in a coroutine) until the counter is zero; at once when it is. False on
    /// timeout or cancel.
    pub fn wait(&self, timeout: impl Into<Timeout>) -> Result<bool, WaitGroupError> {
        if self.waiting.get() {
            return Err(WaitGroupError::Reused);
        }
        if self.count.get() <= 0 {
            return Ok(true);
        }
        self.waiting.set(true);
        let wake = self.waiters.wait(timeout);
        self.waiting.set(false);
        Ok(wake == Wake::Ready)
    }

    /// Whether a wait is in progress.
    pub fn is_waiting(&self) -> bool {
        self.waiting.get()
    }

    /// Whether wait() would return at once.
    pub fn is_zero(&self) -> bool {
        self.count.get() <= 0
    }

    /// The counter.
    pub fn count(&self) -> i64 {
        self.count.get()
    }
}
