//! Noticing `fork()`. A forked child has copies of the runtime's memory but not of its
//! threads (the resolver's workers), and shares the parent's kernel epoll instance and
//! open sockets. `pthread_atfork` handlers only set a flag; the runtime reads it with
//! one relaxed load at the few entry points that touch epoll or the resolver, and
//! rebuilds there (see `Runtime::after_fork`). They also count the forks this process
//! descends from ([`generation`]), so that what a parent made can be told from what
//! the child made itself.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Once;

/// This process is a child forked since the runtime last looked.
pub(crate) const CHILD: u8 = 1;
/// This process has forked since the runtime last looked: its sockets now have copies
/// in the child.
pub(crate) const PARENT: u8 = 2;

static EVENTS: AtomicU8 = AtomicU8::new(0);
static GENERATION: AtomicU32 = AtomicU32::new(0);
static WATCH: Once = Once::new();

extern "C" fn in_parent() {
    EVENTS.fetch_or(PARENT, Ordering::Relaxed);
}

extern "C" fn in_child() {
    // Runs in the child right after fork, where only async-signal-safe work is allowed:
    // lock-free atomic operations. Whatever the parent had noticed, the child starts over.
    EVENTS.store(CHILD, Ordering::Relaxed);
    GENERATION.fetch_add(1, Ordering::Relaxed);
}

/// Installs the fork handlers, once per process (called when the reactor is made:
/// before that, nothing the runtime holds can be broken by a fork).
pub(crate) fn watch() {
    WATCH.call_once(|| {
        // SAFETY: the handlers are plain functions of this library that only touch an
        // atomic. glibc registers them against this shared object (pthread_atfork is
        // linked in from libc_nonshared with its DSO handle) and drops them if it is
        // unloaded, so they never outlive their code.
        unsafe { libc::pthread_atfork(None, Some(in_parent), Some(in_child)) };
    });
}

/// How many forks (watched ones: after the reactor was first made) this process is a
/// child of: 0 in the process that loaded the extension. A parent's number never
/// changes when it forks, and a child's is above every ancestor's, so a value recorded
/// with a connection's state tells whether this process made that state or inherited
/// it: a child must not speak for its parent on an inherited connection (a TLS
/// close_notify in the parent's name, a shutdown(2) of the shared socket).
#[inline(always)]
pub(crate) fn generation() -> u32 {
    GENERATION.load(Ordering::Relaxed)
}

/// Whether a fork happened since the last [`take`]: the hot-path check.
#[inline(always)]
pub(crate) fn pending() -> bool {
    EVENTS.load(Ordering::Relaxed) != 0
}

/// What happened ([`CHILD`] and/or [`PARENT`] bits), clearing it.
pub(crate) fn take() -> u8 {
    EVENTS.swap(0, Ordering::Relaxed)
}

/// Puts [`CHILD`] back: the rebuild failed and must be tried again at the next entry.
pub(crate) fn retry_child() {
    EVENTS.fetch_or(CHILD, Ordering::Relaxed);
}
