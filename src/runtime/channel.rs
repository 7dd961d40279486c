//! A bounded channel between coroutines, with Swoole's semantics: `push` waits while
//! full, `pop` while empty, each with a timeout; a waiting peer is resumed directly.

use std::cell::{Cell, RefCell};
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
    items: RefCell<Ring<T>>,
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
            items: RefCell::new(Ring::new()),
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
            if self.items.borrow().len < self.capacity {
                break;
            }
            let wake = self.producers.wait(remaining(deadline));
            if wake != Wake::Ready {
                return Err((value, wait_error(wake)));
            }
        }
        self.items.borrow_mut().push(value);
        self.consumers.wake_one(Wake::Ready);
        Ok(())
    }

    /// Takes the oldest item, waiting while the channel is empty. Items pushed before
    /// `close()` can still be taken.
    #[inline(always)]
    pub fn pop(&self, timeout: impl Into<Timeout>) -> Result<T, ChannelError> {
        let deadline = timeout.into().deadline();
        loop {
            let item = self.items.borrow_mut().pop();
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
        self.items.borrow().len
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

/// A FIFO that grows by doubling, as `VecDeque` does, with push and pop small enough
/// to inline into the channel's (`VecDeque::push_back` is an out-of-line call, a
/// noticeable part of a channel round trip). Slots are `Option`s: no unsafe code.
struct Ring<T> {
    slots: Vec<Option<T>>,
    head: usize,
    len: usize,
}

impl<T> Ring<T> {
    const fn new() -> Ring<T> {
        Ring {
            slots: Vec::new(),
            head: 0,
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, value: T) {
        if self.len == self.slots.len() {
            self.grow();
        }
        let mut i = self.head + self.len;
        if i >= self.slots.len() {
            i -= self.slots.len();
        }
        self.slots[i] = Some(value);
        self.len += 1;
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let v = self.slots[self.head].take();
        self.head += 1;
        if self.head == self.slots.len() {
            self.head = 0;
        }
        self.len -= 1;
        v
    }

    /// Twice the room (4 slots at first), the items moved to the front in order.
    #[cold]
    fn grow(&mut self) {
        let room = (self.slots.len() * 2).max(4);
        let mut slots = Vec::with_capacity(room);
        for k in 0..self.len {
            let i = (self.head + k) % self.slots.len();
            slots.push(self.slots[i].take());
        }
        slots.resize_with(room, || None);
        self.slots = slots;
        self.head = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;
    use std::collections::VecDeque;

    /// The ring against VecDeque over pushes and pops that wrap around and grow with
    /// the items split across the end of the slots.
    #[test]
    fn ring_is_a_fifo() {
        let (mut ring, mut model) = (Ring::new(), VecDeque::new());
        let mut next = 0u32;
        for round in 0..200 {
            for _ in 0..(round % 7) {
                ring.push(next);
                model.push_back(next);
                next += 1;
            }
            for _ in 0..(round % 5) {
                assert_eq!(ring.pop(), model.pop_front());
            }
            assert_eq!(ring.len, model.len());
        }
        while let Some(v) = model.pop_front() {
            assert_eq!(ring.pop(), Some(v));
        }
        assert_eq!(ring.pop(), None);
    }
}
