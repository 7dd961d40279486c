//! Blocking work off the event loop: each job runs on a worker thread (a lookup:
//! getaddrinfo, in net::dns; or any blocking call: file I/O, statvfs, a command run by
//! `System::exec`), its result handed back through a queue and the reactor's waker.
//! Workers block every signal, so that a process-directed signal reaches the main
//! thread (where it interrupts the loop's poll) and no handler runs on a worker.
//!
//! The pool grows whenever a lookup would otherwise wait for a busy worker: a lookup
//! stuck on a resolver that never answers holds its thread until the C library gives
//! up (resolv.conf's timeout × attempts, or longer), long after the coroutine that
//! asked stopped waiting, and must not delay the lookups behind it. Idle workers end
//! after a while. When no thread can be started and none is idle, the lookup fails at
//! once instead of waiting out its timeout.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use mio::Waker;

/// Worker threads at most: room for lookups stuck on a dead resolver and for the
/// ones behind them.
const MAX_WORKERS: usize = 64;
/// A worker with nothing to do for this long ends.
const IDLE_EXIT: Duration = Duration::from_secs(30);
/// getaddrinfo needs little stack (Rust's default for a thread is 2 MiB).
const WORKER_STACK: usize = 256 * 1024;

/// A worker thread: takes lookups until the queue closes or it has been idle for
/// [`IDLE_EXIT`].
fn worker(rx: &Mutex<Receiver<Job>>, done: &Mutex<Vec<(u64, Output)>>, pool: &Pool, waker: &Waker) {
    while let Some((id, lookup)) = next_job(rx, pool) {
        // Counted as running before it stops counting as queued: never neither.
        pool.running.fetch_add(1, SeqCst);
        pool.queued.fetch_sub(1, SeqCst);
        let answer = lookup();
        pool.running.fetch_sub(1, SeqCst);
        if let Ok(mut done) = done.lock() {
            done.push((id, answer));
        }
        let _ = waker.wake();
    }
    pool.live.fetch_sub(1, SeqCst);
}

/// The next job, counted as idle while waiting for it; None: time for this worker to end.
fn next_job(rx: &Mutex<Receiver<Job>>, pool: &Pool) -> Option<Job> {
    pool.idle.fetch_add(1, SeqCst);
    let Ok(rx) = rx.lock() else {
        pool.idle.fetch_sub(1, SeqCst);
        return None;
    };
    let job = rx.recv_timeout(IDLE_EXIT);
    pool.idle.fetch_sub(1, SeqCst);
    match job {
        Ok(job) => Some(job),
        // No longer counted as idle: one last look, so that a job sent by a submit
        // that still saw us idle is not left behind (see Resolver::submit).
        Err(RecvTimeoutError::Timeout) => rx.try_recv().ok(),
        Err(RecvTimeoutError::Disconnected) => None,
    }
}

/// A lookup's outcome: addresses in getaddrinfo's order, or its EAI_* code.
pub type Answer = Result<Vec<SocketAddr>, i32>;

/// A lookup to run on a worker thread (it may block for as long as the C library likes).
pub type Lookup = Box<dyn FnOnce() -> Answer + Send>;

/// What any job gives back: its own type, boxed (the waiter knows which).
pub type Output = Box<dyn std::any::Any + Send>;

/// Any blocking job to run on a worker thread.
pub type Task = Box<dyn FnOnce() -> Output + Send>;

type Job = (u64, Task);

/// Counters shared with the workers.
#[derive(Default)]
struct Pool {
    /// Workers alive.
    live: AtomicUsize,
    /// Workers waiting for a job.
    idle: AtomicUsize,
    /// Jobs sent and not yet taken by a worker.
    queued: AtomicUsize,
    /// Jobs a worker is running (for `Coroutine::stats()` only).
    running: AtomicUsize,
}

/// The worker pool and the bookkeeping of lookups in flight.
pub(crate) struct Resolver {
    jobs: Option<Sender<Job>>,
    job_rx: Arc<Mutex<Receiver<Job>>>,
    done: Arc<Mutex<Vec<(u64, Output)>>>,
    pool: Arc<Pool>,
    max_workers: usize,
    next_id: u64,
    /// Lookups whose coroutine still waits: id -> cid.
    pub pending: HashMap<u64, super::Cid>,
    /// Results delivered to a woken coroutine, not yet taken.
    pub answers: HashMap<u64, Output>,
}

impl Resolver {
    pub fn new() -> Resolver {
        let (tx, rx) = channel();
        Resolver {
            jobs: Some(tx),
            job_rx: Arc::new(Mutex::new(rx)),
            done: Arc::new(Mutex::new(Vec::new())),
            pool: Arc::new(Pool::default()),
            max_workers: MAX_WORKERS,
            next_id: 0,
            pending: HashMap::new(),
            answers: HashMap::new(),
        }
    }

    /// Queues a lookup for the workers: [`Resolver::submit_task`].
    #[cfg(test)]
    pub fn submit(&mut self, lookup: Lookup, waker: &Arc<Waker>) -> io::Result<u64> {
        self.submit_task(Box::new(move || Box::new(lookup()) as Output), waker)
    }

    /// Queues a job for the workers, starting one if none is free; returns its id.
    /// Fails when no worker is free and none can be started: the caller fails the
    /// job at once rather than waiting for a thread that may never come.
    pub fn submit_task(&mut self, lookup: Task, waker: &Arc<Waker>) -> io::Result<u64> {
        self.next_id += 1;
        let id = self.next_id;
        let Some(tx) = &self.jobs else {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        };
        // Counted before it is sent: a worker may take it (and uncount it) at once.
        // Sent before the idle count is read: a worker that ends for idleness lowers
        // that count before its last look at the queue, so either it takes this job
        // or we see it gone and start another.
        let queued = self.pool.queued.fetch_add(1, SeqCst) + 1;
        let _ = tx.send((id, lookup));
        if queued <= self.pool.idle.load(SeqCst) {
            return Ok(id);
        }
        if self.pool.live.load(SeqCst) < self.max_workers {
            if let Err(e) = self.spawn_worker(waker.clone()) {
                if self.pool.idle.load(SeqCst) == 0 {
                    return Err(e);
                }
            }
        } else if self.pool.live.load(SeqCst) == 0 {
            return Err(io::Error::other("no resolver thread may be started"));
        }
        // Otherwise every worker is busy (some perhaps stuck): the job waits for the
        // first free one, within the lookup's own timeout.
        Ok(id)
    }

    fn spawn_worker(&mut self, waker: Arc<Waker>) -> io::Result<()> {
        let rx = self.job_rx.clone();
        let done = self.done.clone();
        let pool = self.pool.clone();
        pool.live.fetch_add(1, SeqCst);
        // The thread inherits this mask: every signal blocked from its first instruction.
        let old = block_all_signals();
        let spawned = thread::Builder::new()
            .name("cosocket-dns".into())
            .stack_size(WORKER_STACK)
            .spawn(move || worker(&rx, &done, &pool, &waker));
        restore_signal_mask(&old);
        if let Err(e) = spawned {
            self.pool.live.fetch_sub(1, SeqCst);
            return Err(e);
        }
        Ok(())
    }

    /// In a forked child, where the workers do not exist and their mutexes may stay
    /// locked forever: forgets this resolver without dropping it (a drop would close
    /// the queue and could block on those mutexes) and returns the one to carry on
    /// with, if lookups were in flight. That one has no workers yet (they start with
    /// the next lookup) and holds each lookup in flight as done with `EAI_AGAIN`, so
    /// its coroutine wakes with a failure once the loop sees the new waker fire.
    pub fn forked(mut self) -> Option<Resolver> {
        let pending = std::mem::take(&mut self.pending);
        let answers = std::mem::take(&mut self.answers);
        let next_id = self.next_id;
        std::mem::forget(self);
        if pending.is_empty() && answers.is_empty() {
            return None;
        }
        let mut fresh = Resolver::new();
        if let Ok(mut done) = fresh.done.lock() {
            // A job other than a lookup finds no `Answer` here and fails as closed.
            done.extend(pending.keys().map(|&id| {
                (
                    id,
                    Box::new(Err::<Vec<SocketAddr>, i32>(libc::EAI_AGAIN)) as Output,
                )
            }));
        }
        fresh.next_id = next_id;
        fresh.pending = pending;
        fresh.answers = answers;
        Some(fresh)
    }

    /// Results that came back since the last call.
    pub fn take_done(&mut self) -> Vec<(u64, Output)> {
        match self.done.lock() {
            Ok(mut d) => std::mem::take(&mut *d),
            Err(_) => Vec::new(),
        }
    }
}

/// Blocks every signal in the calling thread; returns the mask to put back.
fn block_all_signals() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data, filled by sigfillset; pthread_sigmask only reads
    // `all` and writes `old`.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old);
        old
    }
}

fn restore_signal_mask(old: &libc::sigset_t) {
    // SAFETY: `old` was filled by pthread_sigmask.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, old, std::ptr::null_mut()) };
}

/// What the lookup pool is doing, for `Coroutine::stats()` (Swoole's `aio_*` keys).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Load {
    /// Worker threads alive.
    pub workers: usize,
    /// Lookups queued or running (a stuck one still runs after its coroutine gave up).
    /// A lookup being handed to a worker may count twice for that instant.
    pub tasks: usize,
    /// Lookups waiting for a free worker.
    pub queued: usize,
}

impl Resolver {
    /// The pool's counters, read one after the other without a lock.
    pub fn load(&self) -> Load {
        let (queued, running) = (
            self.pool.queued.load(SeqCst),
            self.pool.running.load(SeqCst),
        );
        Load {
            workers: self.pool.live.load(SeqCst),
            tasks: queued + running,
            queued,
        }
    }
}

impl super::Runtime {
    /// The lookup pool's [`Load`] (all zero before the first lookup).
    pub fn dns_load(&self) -> Load {
        self.resolver
            .borrow()
            .as_ref()
            .map_or_else(Load::default, Resolver::load)
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        // Closing the queue ends the workers once their current lookup returns.
        self.jobs = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_that_cannot_start_a_thread_fails_at_once() {
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let mut r = Resolver::new();
        r.max_workers = 0;
        assert!(r.submit(Box::new(|| Ok(Vec::new())), &waker).is_err());
    }

    /// `Coroutine::stats()`'s view: a running lookup, one queued behind it, then none.
    #[test]
    fn load_counts_running_and_queued_lookups() {
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let mut r = Resolver::new();
        r.max_workers = 1;
        assert_eq!(r.load(), Load::default());
        let (release, gate) = channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        for _ in 0..2 {
            let gate = gate.clone();
            let lookup = move || {
                let _ = gate.lock().unwrap().recv();
                Ok(Vec::new())
            };
            r.submit(Box::new(lookup), &waker).unwrap();
        }
        while r.pool.running.load(SeqCst) == 0 {
            thread::yield_now();
        }
        assert_eq!(
            r.load(),
            Load {
                workers: 1,
                tasks: 2,
                queued: 1
            }
        );
        release.send(()).unwrap();
        release.send(()).unwrap();
        let mut answered = 0;
        while answered < 2 {
            answered += r.take_done().len();
            thread::yield_now();
        }
        assert_eq!(
            r.load(),
            Load {
                workers: 1,
                tasks: 0,
                queued: 0
            }
        );
    }

    /// An idle worker can take a job the instant it is sent: the count of queued jobs
    /// must already include it then, or it wraps below zero.
    #[test]
    fn jobs_taken_at_once_never_wrap_the_queue_count() {
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let mut r = Resolver::new();
        let n = 20_000;
        for _ in 0..n {
            r.submit(Box::new(|| Ok(Vec::new())), &waker).unwrap();
            assert!(r.pool.queued.load(SeqCst) <= n);
        }
        let mut answered = 0;
        while answered < n {
            answered += r.take_done().len();
            thread::yield_now();
        }
        assert_eq!(r.pool.queued.load(SeqCst), 0);
    }
}
