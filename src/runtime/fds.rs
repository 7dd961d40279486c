//! The runtime's side of fd readiness: registering fds with the reactor, parking a
//! coroutine until its fd is ready, waking it; and rebuilding the loop in a forked
//! child.

use std::io;
use std::time::Instant;

use super::*;

impl Runtime {
    #[inline]
    pub(super) fn reactor_mut(&self) -> io::Result<std::cell::RefMut<'_, Reactor>> {
        let mut r = self.reactor.borrow_mut();
        if r.is_none() {
            *r = Some(new_reactor()?);
        }
        Ok(std::cell::RefMut::map(r, |r| {
            r.as_mut().expect("reactor just created")
        }))
    }

    /// Makes the loop's own fds (epoll, eventfd) now if they do not exist yet, so that
    /// a socket created next gets the fd after them.
    pub fn prepare_reactor(&self) -> io::Result<()> {
        self.check_fork()?;
        self.reactor_mut().map(|_| ())
    }

    /// Registers an fd with the loop (once, for both directions); returns its key.
    pub fn register_fd(&self, fd: std::os::fd::RawFd) -> io::Result<usize> {
        self.check_fork()?;
        self.reactor_mut()?.register(fd, false)
    }

    /// [`Runtime::register_fd`] for an fd made here and owned by nobody else: epoll
    /// learns of it only when an operation on it first has to wait.
    pub fn register_fd_lazily(&self, fd: std::os::fd::RawFd) -> io::Result<usize> {
        self.check_fork()?;
        self.reactor_mut()?.register(fd, true)
    }

    /// Removes an fd from the loop, waking its waiters with [`Wake::Closed`] first.
    /// `epoll_del`: also tell the kernel (needless when the caller is about to close the
    /// only fd of its open file, which removes it from epoll by itself).
    pub fn deregister_fd(&self, key: usize, epoll_del: bool) {
        for dir in [Direction::Read, Direction::Write] {
            self.wake_fd_waiter(key, dir, Wake::Closed);
        }
        let rebuilt = self.check_fork().is_ok();
        // No reactor (reset at the end of a request): nothing to leave, and no reason
        // to make one.
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            if rebuilt {
                r.deregister(key, epoll_del);
            } else {
                // A forked child that could not make its own epoll: the one it holds is
                // the parent's, which must not lose the parent's registration.
                r.fds.try_remove(key);
            }
        }
    }

    /// A connection attempt has just begun on `key` (see `Reactor::connecting`).
    pub fn fd_connecting(&self, key: usize) -> io::Result<()> {
        match self.reactor.borrow_mut().as_mut() {
            Some(r) => r.connecting(key),
            None => Ok(()),
        }
    }

    /// Reads or changes what the loop knows of an fd.
    pub fn with_fd<R>(&self, key: usize, f: impl FnOnce(&mut FdState) -> R) -> Option<R> {
        let mut r = self.reactor.borrow_mut();
        r.as_mut()?.fds.get_mut(key).map(f)
    }

    /// Whether the fd of `key` may have copies in another process (it existed at a
    /// fork, in the parent or in the child): a shutdown(2) there would end the other
    /// process's connection too. True when unsure (a fork not yet made good).
    pub fn fd_shared(&self, key: usize) -> bool {
        if self.check_fork().is_err() {
            return true;
        }
        self.with_fd(key, |s| s.shared).unwrap_or(true)
    }

    /// How many fds a coroutine waits on now (`Coroutine::stats()`'s `event_num`).
    pub fn waited_fds(&self) -> usize {
        self.reactor.borrow().as_ref().map_or(0, |r| {
            r.fds
                .iter()
                .filter(|(_, s)| s.reader != 0 || s.writer != 0)
                .count()
        })
    }

    /// The coroutine waiting on `key` in `dir` (0 if none).
    pub fn fd_waiter(&self, key: usize, dir: Direction) -> Cid {
        self.with_fd(key, |s| s.waiter(dir)).unwrap_or(0)
    }

    /// Parks the running coroutine until `key` is ready in `dir`. Returns the waiter
    /// already bound to that direction as `Err` when another coroutine holds it.
    pub fn wait_fd(
        &self,
        key: usize,
        dir: Direction,
        deadline: Option<Instant>,
    ) -> Result<Wake, WaitError> {
        self.wait_fd_for(key, dir, dir, deadline)
    }

    /// [`Runtime::wait_fd`] in the waiter slot `dir` (the operation's own direction, the
    /// one the one-reader/one-writer rule counts), woken by readiness in `want`. A TLS
    /// read whose SSL_read must write first waits in the Read slot for writability, so
    /// it never takes the slot of a coroutine that writes (and vice versa).
    pub fn wait_fd_for(
        &self,
        key: usize,
        dir: Direction,
        want: Direction,
        deadline: Option<Instant>,
    ) -> Result<Wake, WaitError> {
        let me = self.current_cid();
        {
            let mut r = match self.reactor_mut() {
                Ok(r) => r,
                Err(e) => return Err(WaitError::Os(e.raw_os_error().unwrap_or(libc::EIO))),
            };
            if let Err(e) = r.arm(key) {
                return Err(WaitError::Os(e.raw_os_error().unwrap_or(libc::EIO)));
            }
            let Some(s) = r.fds.get_mut(key) else {
                return Ok(Wake::Closed);
            };
            match s.waiter(dir) {
                0 => s.set_waiter_for(dir, me, want),
                other => return Err(WaitError::Bound(other)),
            }
            r.waiting += 1;
        }
        let wake = self.park_until(deadline, true);
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            r.waiting -= 1;
            if let Some(s) = r.fds.get_mut(key) {
                if s.waiter(dir) == me {
                    s.set_waiter(dir, 0);
                }
            }
        }
        Ok(wake)
    }

    /// Wakes the coroutine waiting on `key` in `dir`, if any, with `wake`.
    pub fn wake_fd_waiter(&self, key: usize, dir: Direction, wake: Wake) -> bool {
        let cid = self.with_fd(key, |s| s.take_waiter(dir));
        match cid {
            Some(c) if c > 0 => self.resume(c, wake).is_ok(),
            _ => false,
        }
    }

    /// The fork check of the entry points that touch epoll or the resolver (`run`,
    /// `register_fd`, `deregister_fd`, `resolve`): one relaxed load, unless this process
    /// forked since the last check.
    #[inline(always)]
    pub(super) fn check_fork(&self) -> io::Result<()> {
        if fork::pending() {
            self.after_fork()
        } else {
            Ok(())
        }
    }

    /// Makes the runtime whole after a fork. In a parent: its sockets' open files now
    /// have copies in the child, so closing one must tell epoll. In a child: the
    /// resolver is forgotten (its workers did not survive, their locks may be held)
    /// and its lookups in flight fail with `EAI_AGAIN` when the loop next runs; the
    /// reactor gets its own epoll with every fd re-registered under its key. Coroutines,
    /// timers and sockets carry on as they were (they are this process's memory).
    /// On an error (no epoll could be made) the next entry point tries again.
    #[cold]
    #[inline(never)]
    fn after_fork(&self) -> io::Result<()> {
        let events = fork::take();
        if events & fork::CHILD == 0 {
            if let Some(r) = self.reactor.borrow_mut().as_mut() {
                r.mark_shared();
            }
            return Ok(());
        }
        let old = self.resolver.borrow_mut().take();
        let orphans = old.and_then(dns::Resolver::forked);
        let failing = orphans.is_some();
        *self.resolver.borrow_mut() = orphans;
        let rebuilt = (|| {
            if let Some(r) = self.reactor.borrow_mut().as_mut() {
                r.reopen()?;
                signal::watch_if_chaining(r)?;
            }
            if failing {
                self.reactor_mut()?.waker.wake()?;
            }
            Ok(())
        })();
        if rebuilt.is_err() {
            fork::retry_child();
        }
        rebuilt
    }
}

/// Out of line: called once per loop, and inlined it kept `reactor_mut`, called a dozen
/// times per connection, from being inlined itself.
#[cold]
#[inline(never)]
fn new_reactor() -> io::Result<Reactor> {
    let mut r = Reactor::new()?;
    signal::watch_if_chaining(&mut r)?;
    Ok(r)
}
