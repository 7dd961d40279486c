//! A bounded channel between coroutines, with Swoole's semantics: `push` waits while
//! full, `pop` while empty, each with a timeout; a waiting peer is resumed directly.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::{Timeout, WaitQueue, Wake};

/// Why a push or pop failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelError {
    /// The timeout passed first.
    Timeout,
    /// The channel was closed.
    Closed,
    /// `cancel()` ended the wait.
    Cancelled,
}

/// A channel of `T` holding at most `capacity` items.
pub struct Channel<T> {
    capacity: usize,
    items: RefCell<VecDeque<T>>,
    producers: WaitQueue,
    consumers: WaitQueue,
    closed: Cell<bool>,
}

fn wait_error(wake: Wake) -> ChannelError {
    match wake {
        Wake::Timeout => ChannelError::Timeout,
        Wake::Cancelled => ChannelError::Cancelled,
        _ => ChannelError::Closed,
    }
}

/// The time left before `deadline` (None: forever).
fn remaining(deadline: Option<Instant>) -> Option<Duration> {
    deadline.map(|d| d.saturating_duration_since(Instant::now()))
}

impl<T> Channel<T> {
    /// A channel that holds up to `capacity` values (at least 1).
    pub fn new(capacity: usize) -> Channel<T> {
        Channel {
            capacity: capacity.max(1),
            items: RefCell::new(VecDeque::new()),
            producers: WaitQueue::new(),
            consumers: WaitQueue::new(),
            closed: Cell::new(false),
        }
    }

    /// Adds `value`, waiting while the channel is full. On failure the value is
    /// handed back.
    #[inline(always)]
    pub fn push(&self, value: T, timeout: impl Into<Timeout>) -> Result<(), (T, ChannelError)> {
        let deadline = timeout.into().deadline();
        loop {
            if self.closed.get() {
                return Err((value, ChannelError::Closed));
            }
            if self.items.borrow().len() < self.capacity {
                break;
            }
            let wake = self.producers.wait(remaining(deadline));
            if wake != Wake::Ready {
                return Err((value, wait_error(wake)));
            }
        }
        self.items.borrow_mut().push_back(value);
        self.consumers.wake_one(Wake::Ready);
        Ok(())
    }

    /// Takes the oldest item, waiting while the channel is empty. Items pushed before
    /// `close()` can still be taken.
    #[inline(always)]
    pub fn pop(&self, timeout: impl Into<Timeout>) -> Result<T, ChannelError> {
        let deadline = timeout.into().deadline();
        loop {
            let item = self.items.borrow_mut().pop_front();
            if let Some(v) = item {
                self.producers.wake_one(Wake::Ready);
                return Ok(v);
            }
            if self.closed.get() {
                return Err(ChannelError::Closed);
            }
            let wake = self.consumers.wait(remaining(deadline));
            if wake != Wake::Ready {
                return Err(wait_error(wake));
            }
        }
    }

    /// Closes the channel and wakes every waiter; false if it was closed already.
    pub fn close(&self) -> bool {
        if self.closed.replace(true) {
            return false;
        }
        self.producers.wake_all(Wake::Closed);
        self.consumers.wake_all(Wake::Closed);
        true
    }

    /// The most values it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
    /// How many values it holds now.
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }
    /// Whether it holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether it holds `capacity()` values.
    pub fn is_full(&self) -> bool {
        self.len() >= self.capacity
    }
    /// Whether `close()` was called.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }
    /// Coroutines waiting to pop.
    pub fn consumer_num(&self) -> usize {
        self.consumers.len()
    }
    /// Coroutines waiting to push.
    pub fn producer_num(&self) -> usize {
        self.producers.len()
    }
}
