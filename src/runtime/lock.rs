//! A coroutine lock with `Swoole\Coroutine\Lock`'s rules: one owner at a time; the owner
//! locking again succeeds at once (and one unlock releases it); any coroutine may
//! unlock it; waiters take it in arrival order (Swoole polls with growing sleeps, so
//! its order is not guaranteed: FIFO is one of its possible orders).

use std::cell::Cell;

use super::{current_cid, in_coroutine, Cid, Timeout, WaitQueue, Wake};

/// Why `lock()`/`unlock()` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockError {
    /// Held by another coroutine, and the caller would not wait.
    Busy,
    /// The wait was cancelled.
    Cancelled,
    /// Called outside a coroutine.
    OutOfCoroutine,
}

/// See the module docs.
#[derive(Default)]
pub struct Lock {
    owner: Cell<Option<Cid>>,
    waiters: WaitQueue,
}

impl Lock {
    /// Takes the lock for the running coroutine, waiting while another holds it unless
    /// `blocking` is false.
    pub fn lock(&self, blocking: bool) -> Result<(), LockError> {
        if !in_coroutine() {
            return Err(LockError::OutOfCoroutine);
        }
        let me = current_cid();
        if self.owner.get() == Some(me) {
            return Ok(());
        }
        loop {
            if self.owner.get().is_none() {
                self.owner.set(Some(me));
                return Ok(());
            }
            if !blocking {
                return Err(LockError::Busy);
            }
            // unlock() wakes the first waiter, which runs at once and takes it; a wake
            // for any other reason than a cancel just looks again.
            if self.waiters.wait(Timeout::NONE) == Wake::Cancelled {
                return Err(LockError::Cancelled);
            }
        }
    }

    /// Releases the lock, whoever holds it (a free lock stays free), and hands it to
    /// the longest waiter.
    pub fn unlock(&self) -> Result<(), LockError> {
        if !in_coroutine() {
            return Err(LockError::OutOfCoroutine);
        }
        if self.owner.take().is_some() {
            self.waiters.wake_one(Wake::Ready);
        }
        Ok(())
    }

    /// The coroutine holding the lock.
    pub fn owner(&self) -> Option<Cid> {
        self.owner.get()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{run, sleep, spawn, with, LoopEnd};
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    #[test]
    fn waiters_take_it_in_order_and_owner_relocks() {
        let lock = Rc::new(Lock::default());
        let log = Rc::new(RefCell::new(Vec::new()));
        assert_eq!(lock.lock(true), Err(LockError::OutOfCoroutine));
        for name in ["a", "b", "c"] {
            let (lock, log) = (lock.clone(), log.clone());
            spawn(Box::new(move || {
                lock.lock(true).unwrap();
                lock.lock(true).unwrap(); // re-entrant for its owner
                log.borrow_mut().push(name);
                sleep(Duration::from_millis(2));
                lock.unlock().unwrap();
            }))
            .unwrap();
        }
        assert_eq!(run(), LoopEnd::Done);
        assert_eq!(*log.borrow(), ["a", "b", "c"]);
        assert_eq!(lock.owner(), None);
    }

    #[test]
    fn busy_without_waiting_cancel_and_foreign_unlock() {
        let lock = Rc::new(Lock::default());
        let l1 = lock.clone();
        spawn(Box::new(move || {
            l1.lock(true).unwrap();
            sleep(Duration::from_millis(5));
        }))
        .unwrap();
        let l2 = lock.clone();
        let waiter = spawn(Box::new(move || {
            assert_eq!(l2.lock(false), Err(LockError::Busy));
            assert_eq!(l2.lock(true), Err(LockError::Cancelled));
        }))
        .unwrap();
        with(|rt| rt.cancel(waiter)).unwrap();
        let l3 = lock.clone();
        spawn(Box::new(move || {
            // Any coroutine may unlock it; unlocking a free lock succeeds.
            l3.unlock().unwrap();
            l3.unlock().unwrap();
            l3.lock(false).unwrap();
            l3.unlock().unwrap();
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Done);
    }
}
