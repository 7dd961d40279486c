//! The coroutine runtime: stackful coroutines (corosensei) scheduled on one mio event
//! loop, with timers and off-loop DNS. PHP-free: bodies are Rust closures, so `cargo test`
//! drives it directly.
//!
//! Scheduling follows Swoole: a new coroutine runs at once, and `resume` switches
//! straight into the target, which returns to its resumer when it next waits. The event
//! loop runs on the main stack and resumes the coroutines its events and timers are for.
//!
//! State lives in one [`Runtime`] per thread (one per process under PHP, which runs on
//! one thread here: see local.rs). Access rule:
//! no `RefCell` borrow of it is ever held across a coroutine switch; coroutine records
//! are reference-counted so they keep their address while the table changes.
//!
//! ```
//! use cosocket::runtime;
//! use std::time::Duration;
//! runtime::spawn(Box::new(|| {
//!     runtime::sleep(Duration::from_millis(1));
//! })).unwrap();
//! assert_eq!(runtime::run(), runtime::LoopEnd::Done);
//! ```

#![deny(unsafe_op_in_unsafe_fn, missing_docs)]

mod blocking;
pub mod channel;
pub mod dns;
mod event_loop;
mod fds;
mod fork;
pub(crate) mod local;
mod lock;
pub mod overflow;
mod reactor;
mod signal;
mod stack;
mod tasks;
mod timeout;
mod timer;
mod wait_event;
mod waitgroup;
mod waitqueue;

use std::cell::{Cell, RefCell, UnsafeCell};
use std::collections::HashMap;
use std::ffi::c_void;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use corosensei::{Coroutine, CoroutineResult, Yielder};

pub(crate) use fork::generation as fork_generation;
pub(crate) use local::runtime_local;
pub use lock::{Lock, LockError};
pub use reactor::{Direction, FdState};
pub use signal::{ChildError, Interrupt, SIGNO_MAX};
pub use stack::{
    guard_description as stack_guard_description, Bounds as StackBounds, DEFAULT_STACK_SIZE,
    MAX_STACK_SIZE, MIN_STACK_SIZE,
};
pub use tasks::{TimerFn, TimerId, TimerInfo, Watch, WatchError};
pub use timeout::{InvalidTimeout, Timeout};
pub use wait_event::{poll_fd_now, EventWaitError, Readiness};
pub use waitgroup::{WaitGroup, WaitGroupError};
pub use waitqueue::WaitQueue;

use reactor::{Reactor, Ready};
use timer::Timers;

/// A coroutine id: 1, 2, 3... in creation order. `-1` means "not in a coroutine".
pub type Cid = i64;

/// Why a parked coroutine was resumed. A woken coroutine always learns why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// What it waited for happened (an fd became ready, a value arrived, a join ended).
    Ready,
    /// Its deadline passed.
    Timeout,
    /// `cancel()` was called on it.
    Cancelled,
    /// The object it waited on was closed under it.
    Closed,
    /// An explicit `resume()` (after `suspend()`).
    Resumed,
}

/// Why the event loop returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopEnd {
    /// Every coroutine finished.
    Done,
    /// Coroutines remain but nothing can wake them (the count is given).
    Deadlock(usize),
    /// `stop()` was called (exit or fatal error in a coroutine).
    Stopped,
    /// `exit_loop()` was called (Swoole's `Event::exit()`).
    Exited,
}

/// A parked coroutine as its waker holds it: a weak handle on its record, so that it
/// neither keeps the record alive nor costs a lookup to wake (a coroutine that is gone
/// simply cannot be woken).
#[derive(Clone)]
pub struct Waiter(std::rc::Weak<Record>);

impl Waiter {
    /// Whether both stand for the same coroutine.
    pub fn is(&self, other: &Waiter) -> bool {
        self.0.ptr_eq(&other.0)
    }

    /// Whether it stands for the running coroutine.
    #[inline]
    pub fn is_current(&self) -> bool {
        with(|rt| std::ptr::eq(self.0.as_ptr(), rt.current.get()))
    }
}

/// Why a coroutine could not wait on an fd.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitError {
    /// Another coroutine already waits in this direction.
    Bound(Cid),
    /// epoll would not take the fd (its errno).
    Os(i32),
}

/// Why a coroutine could not be created.
#[derive(Debug)]
pub enum SpawnError {
    /// `max_coroutine` coroutines exist already.
    TooMany(usize),
    /// No stack could be mapped.
    Stack(io::Error),
    /// The runtime is stopping (exit or fatal error): nothing new starts.
    Stopping,
}

/// Why `resume`/`cancel` refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeError {
    /// No coroutine has that id.
    NotFound,
    /// It is running (it is the caller, or one of the caller's resumers).
    NotSuspended,
    /// It waits in a way that cannot be cancelled.
    NotCancellable,
}

/// Hooks the embedder (the PHP layer) gives to carry its own per-coroutine state
/// across switches. `ctx` pointers are opaque to the runtime.
#[derive(Clone, Copy)]
pub struct ContextHooks {
    /// Saves the running state into `save` and installs `restore`'s. Called on the
    /// stack that continues after the switch. Either may be null: `save` when the
    /// leaving coroutine has finished or has no context, `restore` when the entering
    /// one has none (a coroutine made by [`spawn`], which runs no embedder code).
    ///
    /// While the event loop resumes coroutines one after another, the main stack runs
    /// no embedder code between two of them, so its state is saved once and not put
    /// back each time: a coroutine that parks returns to the loop with `restore`
    /// null, and the next one the loop resumes comes with `save` null. The main
    /// context is installed again (`save` null, `restore` the main context) before
    /// the loop returns, before a panic goes on, and when a coroutine finishes or the
    /// runtime stops.
    pub switch: unsafe fn(save: *mut c_void, restore: *mut c_void),
    /// Frees a coroutine's context when its record goes.
    pub free: unsafe fn(ctx: *mut c_void),
}

/// Process-wide tunables (`Swoole\Coroutine::set`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Coroutines that may be alive at once (`max_coroutine`).
    pub max_coroutine: usize,
    /// Whether a deadlock is reported when the loop ends with coroutines left.
    pub deadlock_check: bool,
}

impl Limits {
    /// Swoole's defaults.
    pub const DEFAULT: Limits = Limits {
        max_coroutine: 100_000,
        deadlock_check: true,
    };
}

/// Counters for `Coroutine::stats()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Coroutines alive now.
    pub coroutine_num: usize,
    /// The most that were alive at once.
    pub coroutine_peak_num: usize,
    /// The id of the newest coroutine.
    pub coroutine_last_cid: Cid,
}

type Coro = Coroutine<Wake, (), (), stack::MmapStack>;

/// Hashes coroutine ids (small, distinct integers) with one multiply: the table is
/// looked up on every resume, where SipHash would cost more than the switch itself.
#[derive(Default, Clone, Copy)]
struct CidHasher(u64);

impl std::hash::Hasher for CidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type CidMap<V> = HashMap<Cid, V, std::hash::BuildHasherDefault<CidHasher>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Running,
    Suspended,
}

struct Record {
    cid: Cid,
    pcid: Cid,
    state: Cell<State>,
    /// Taken out only by the final resume; touched by nobody else.
    co: UnsafeCell<Option<Coro>>,
    stack_size: usize,
    /// The stack's canary (none if it has a guard page), checked at each switch out.
    canary: stack::Canary,
    /// Where its stack lies (published for the overflow handler while it runs).
    bounds: stack::Bounds,
    /// Set by the body on its first run; valid while the coroutine is alive.
    yielder: Cell<*const Yielder<Wake, ()>>,
    /// The deadline of the current wait, if it has one.
    deadline: Cell<Option<Instant>>,
    /// The earliest heap entry this coroutine has (see timer.rs), if any.
    timer_at: Cell<Option<Instant>>,
    cancellable: Cell<bool>,
    cancelled: Cell<bool>,
    /// Parked by `suspend()`: only `resume_suspended()` may wake it (or a cancel).
    suspended_explicitly: Cell<bool>,
    /// Never to be resumed again (see [`Runtime::forsake`]): `drain` skips it.
    forsaken: Cell<bool>,
    started_at: Instant,
    /// Coroutines blocked in `join` on this one.
    joiners: RefCell<Vec<Cid>>,
    /// A panic that ended the body: re-raised on the resumer's stack once the switch
    /// back is complete, never unwound through `resume` itself.
    panic: Cell<Option<Box<dyn std::any::Any + Send>>>,
    ctx: *mut c_void,
    ctx_free: Option<unsafe fn(*mut c_void)>,
}

impl Drop for Record {
    fn drop(&mut self) {
        if let Some(co) = self.co.get_mut() {
            if co.started() && !co.done() {
                // SAFETY: a coroutine dropped while suspended (only at shutdown) is
                // abandoned, not unwound: unwinding would run through PHP's C frames.
                // What its stack owns leaks, which is sound.
                unsafe { co.force_reset() };
            }
        }
        if let (Some(free), false) = (self.ctx_free, self.ctx.is_null()) {
            // SAFETY: the embedder gave `ctx` with this free function; freed once, here.
            unsafe { free(self.ctx) };
        }
    }
}

/// The runtime of this thread.
pub struct Runtime {
    coroutines: RefCell<CidMap<Rc<Record>>>,
    /// The running coroutine (null on the main stack).
    current: Cell<*const Record>,
    next_cid: Cell<Cid>,
    stats: Cell<Stats>,
    limits: Cell<Limits>,
    stacks: RefCell<stack::StackPool>,
    timers: RefCell<Timers>,
    reactor: RefCell<Option<Reactor>>,
    /// Made on the first lookup (its worker threads with it).
    resolver: RefCell<Option<dns::Resolver>>,
    /// Why the resolver could not take the last lookup (see `resolve`).
    resolver_error: Cell<Option<io::Error>>,
    /// Coroutines parked on something no event can end (channels without timeout,
    /// `suspend()`): they do not keep the loop alive.
    hooks: Cell<Option<ContextHooks>>,
    main_ctx: Cell<*mut c_void>,
    stopping: Cell<bool>,
    ready_buf: RefCell<Vec<Ready>>,
    /// Parked coroutines whose wait has a deadline (they keep the loop alive).
    timed_waits: Cell<usize>,
    /// The main context is saved and not installed: the loop runs between resumes.
    main_parked: Cell<bool>,
    /// Callback timers, watched fds, defer and cycle callbacks (tasks.rs).
    tasks: RefCell<tasks::Tasks>,
    /// Whether `tasks` may hold anything: the loop looks no further when it does not.
    tasks_used: Cell<bool>,
    /// Whether `run()` or `run_once()` is running.
    loop_running: Cell<bool>,
    /// Coroutines waiting for signals or children (signal.rs).
    signals: RefCell<signal::Signals>,
    /// How the embedder runs its deferred signal work (signal.rs).
    interrupt: Cell<Option<signal::Interrupt>>,
    /// How many times `reset()` has run: what outlives a request (a PHP persistent
    /// stream) tells by it that its reactor key names nothing any more.
    epoch: Cell<u32>,
}

local::runtime_local! {
    static RUNTIME: Runtime = Runtime::new();
}

/// Runs `f` with this thread's runtime (the process's, under PHP: see local.rs).
#[inline]
pub fn with<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    RUNTIME.with(f)
}

impl Runtime {
    /// Const, so that the thread-local needs no lazy initialisation on each access.
    const fn new() -> Runtime {
        Runtime {
            coroutines: RefCell::new(CidMap::with_hasher(std::hash::BuildHasherDefault::new())),
            current: Cell::new(std::ptr::null()),
            next_cid: Cell::new(1),
            stats: Cell::new(Stats {
                coroutine_num: 0,
                coroutine_peak_num: 0,
                coroutine_last_cid: 0,
            }),
            limits: Cell::new(Limits::DEFAULT),
            stacks: RefCell::new(stack::StackPool::new()),
            timers: RefCell::new(Timers::new()),
            reactor: RefCell::new(None),
            resolver: RefCell::new(None),
            resolver_error: Cell::new(None),
            hooks: Cell::new(None),
            main_ctx: Cell::new(std::ptr::null_mut()),
            stopping: Cell::new(false),
            ready_buf: RefCell::new(Vec::new()),
            timed_waits: Cell::new(0),
            main_parked: Cell::new(false),
            tasks: RefCell::new(tasks::Tasks::new()),
            tasks_used: Cell::new(false),
            loop_running: Cell::new(false),
            signals: RefCell::new(signal::Signals::new()),
            interrupt: Cell::new(None),
            epoch: Cell::new(0),
        }
    }

    /// Changes at each `reset()` (see the field).
    pub fn epoch(&self) -> u32 {
        self.epoch.get()
    }

    fn current_record(&self) -> Option<&Record> {
        // SAFETY: `current` points into an `Rc<Record>` held by the table for as long as
        // that coroutine runs (it is removed only after its final switch back).
        unsafe { self.current.get().as_ref() }
    }

    fn lookup(&self, cid: Cid) -> Option<Rc<Record>> {
        self.coroutines.borrow().get(&cid).cloned()
    }

    fn ctx_of(&self, rec: Option<&Record>) -> *mut c_void {
        rec.map_or(self.main_ctx.get(), |r| r.ctx)
    }

    /// Switches into `rec` with `wake`, and back when it next parks or finishes.
    /// `from_loop`: the event loop resumes it (see `ContextHooks::switch`).
    fn switch_into(&self, rec: Rc<Record>, wake: Wake, from_loop: bool) {
        let prev = self.current.get();
        // SAFETY: see `current_record`; `prev` is one of our resumers, alive and running.
        let prev_ctx = self.ctx_of(unsafe { prev.as_ref() });
        rec.state.set(State::Running);
        self.current.set(Rc::as_ptr(&rec));
        overflow::publish(rec.bounds.lowest, rec.cid, rec.stack_size);
        let hooks = self.hooks.get();
        if let Some(h) = hooks {
            // The main context, parked by the last resume from the loop, is saved
            // already (the loop runs no embedder code).
            let save = if from_loop && self.main_parked.get() {
                std::ptr::null_mut()
            } else {
                prev_ctx
            };
            // SAFETY: both contexts belong to live coroutines (or the main one).
            unsafe { (h.switch)(save, rec.ctx) };
        }
        // SAFETY: only a resume touches `co`, and a coroutine is resumed by one resumer
        // at a time (its state was Suspended, or it is new).
        let co = unsafe { &mut *rec.co.get() }
            .as_mut()
            .expect("coroutine already finished");
        let result = co.resume(wake);
        // SAFETY: see `current_record`.
        match unsafe { prev.as_ref() } {
            Some(p) => overflow::publish(p.bounds.lowest, p.cid, p.stack_size),
            None => overflow::publish(0, -1, 0),
        }
        // SAFETY: `co` still owns its stack (it goes back to the pool in `retire`).
        unsafe { rec.canary.check(rec.cid, rec.stack_size) };
        self.current.set(prev);
        let finished = matches!(result, CoroutineResult::Return(()));
        let joiners = if finished {
            self.retire(&rec)
        } else {
            Vec::new()
        };
        let save = if finished {
            std::ptr::null_mut()
        } else {
            rec.ctx
        };
        let panic = rec.panic.take();
        drop(rec);
        // Back to the loop from a coroutine that parked: the main context stays out.
        let park_main = from_loop && !finished && panic.is_none() && !self.stopping.get();
        self.main_parked.set(park_main);
        if let Some(h) = hooks {
            let restore = if park_main {
                std::ptr::null_mut()
            } else {
                prev_ctx
            };
            // SAFETY: `save` is null or a live context; `restore` the resumer's or null.
            // The hook may longjmp (a fatal error being carried out): nothing here
            // holds a borrow or needs dropping past this point (a panic payload, if
            // any, leaks on that path, which is sound).
            unsafe { (h.switch)(save, restore) };
        }
        if let Some(payload) = panic {
            // The resumer's state is back in place: the panic goes on from here.
            std::panic::resume_unwind(payload);
        }
        for cid in joiners {
            let _ = self.resume(cid, Wake::Ready);
        }
    }

    /// Bookkeeping when a coroutine's body has returned: its stack back to the pool.
    fn retire(&self, rec: &Rc<Record>) -> Vec<Cid> {
        self.coroutines.borrow_mut().remove(&rec.cid);
        let mut s = self.stats.get();
        s.coroutine_num -= 1;
        self.stats.set(s);
        // SAFETY: the coroutine has returned; no one else touches `co`.
        if let Some(co) = unsafe { &mut *rec.co.get() }.take() {
            self.stacks
                .borrow_mut()
                .give(co.into_stack(), rec.stack_size);
        }
        std::mem::take(&mut *rec.joiners.borrow_mut())
    }

    /// Creates a coroutine running `body` and runs it until it first waits.
    ///
    /// # Safety
    /// `ctx` is handed to the context hooks on every switch and to `ctx_free` when the
    /// coroutine's record goes (also when spawning fails): it must be what they expect
    /// (or null), and the runtime owns it from this call on.
    pub unsafe fn spawn_with_ctx<F: FnOnce() + 'static>(
        &self,
        body: F,
        ctx: *mut c_void,
        ctx_free: Option<unsafe fn(*mut c_void)>,
    ) -> Result<Cid, SpawnError> {
        let mut stats = self.stats.get();
        let max = self.limits.get().max_coroutine;
        let free_ctx = || {
            if let (Some(f), false) = (ctx_free, ctx.is_null()) {
                // SAFETY: the caller gave ctx with this free function and we did not keep it.
                unsafe { f(ctx) }
            }
        };
        if self.stopping.get() {
            free_ctx();
            return Err(SpawnError::Stopping);
        }
        if stats.coroutine_num >= max {
            free_ctx();
            return Err(SpawnError::TooMany(max));
        }
        overflow::arm();
        let (stack, stack_size) = {
            let mut pool = self.stacks.borrow_mut();
            let size = pool.size();
            match pool.take() {
                Ok(s) => (s, size),
                Err(e) => {
                    drop(pool);
                    free_ctx();
                    return Err(SpawnError::Stack(e));
                }
            }
        };
        let cid = self.next_cid.get();
        self.next_cid.set(cid + 1);
        let rec = Rc::new(Record {
            cid,
            pcid: self.current_record().map_or(-1, |r| r.cid),
            state: Cell::new(State::Suspended),
            co: UnsafeCell::new(None),
            stack_size,
            canary: stack.canary(),
            bounds: stack.bounds(),
            yielder: Cell::new(std::ptr::null()),
            deadline: Cell::new(None),
            timer_at: Cell::new(None),
            cancellable: Cell::new(false),
            cancelled: Cell::new(false),
            suspended_explicitly: Cell::new(false),
            forsaken: Cell::new(false),
            started_at: Instant::now(),
            joiners: RefCell::new(Vec::new()),
            panic: Cell::new(None),
            ctx,
            ctx_free,
        });
        let rec_ptr = Rc::as_ptr(&rec);
        let co = Coro::with_stack(stack, move |yielder: &Yielder<Wake, ()>, _start: Wake| {
            // SAFETY: the record owns this coroutine, so it outlives the body.
            let rec = unsafe { &*rec_ptr };
            rec.yielder.set(yielder);
            // A panic must not unwind out of `resume`: that would skip the switch back
            // to the resumer's context. The body ends normally and `switch_into`
            // re-raises the panic on the resumer's stack.
            if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
                rec.panic.set(Some(payload));
            }
        });
        // SAFETY: nobody else can see the record yet.
        unsafe { *rec.co.get() = Some(co) };
        self.coroutines.borrow_mut().insert(cid, rec.clone());
        stats.coroutine_num += 1;
        stats.coroutine_peak_num = stats.coroutine_peak_num.max(stats.coroutine_num);
        stats.coroutine_last_cid = cid;
        self.stats.set(stats);
        self.switch_into(rec, Wake::Ready, false);
        Ok(cid)
    }

    /// Parks the running coroutine until it is resumed, or `timeout` passes. Returns
    /// why it woke. `cancellable` says whether `cancel()` may end the wait.
    ///
    /// # Panics
    /// Outside a coroutine (callers check `in_coroutine()` first).
    pub fn park(&self, timeout: impl Into<Timeout>, cancellable: bool) -> Wake {
        self.park_until(timeout.into().deadline(), cancellable)
    }

    /// [`Runtime::park`] with an absolute deadline (no clock read here).
    pub fn park_until(&self, deadline: Option<Instant>, cancellable: bool) -> Wake {
        let rec = self.current_record().expect("park() outside a coroutine");
        if self.stopping.get() {
            // Nothing would resume it (see `resume_record`): a coroutine still running
            // after `stop()` is on its way out, and every wait fails at once.
            rec.cancelled.set(true);
            return Wake::Cancelled;
        }
        rec.deadline.set(deadline);
        if let Some(d) = deadline {
            // An entry that comes due no later than `d` will find the new deadline in
            // the record and re-arm itself for it: the heap is not touched.
            if !matches!(rec.timer_at.get(), Some(at) if at <= d) {
                self.timers.borrow_mut().add(d, rec.cid);
                rec.timer_at.set(Some(d));
            }
        }
        rec.cancellable.set(cancellable);
        rec.cancelled.set(false);
        rec.state.set(State::Suspended);
        let timed = deadline.is_some();
        if timed {
            self.timed_waits.set(self.timed_waits.get() + 1);
        }
        let yielder = rec.yielder.get();
        // SAFETY: the yielder belongs to the running coroutine, which is `rec`.
        let wake = unsafe { &*yielder }.suspend(());
        if timed {
            self.timed_waits.set(self.timed_waits.get() - 1);
        }
        rec.cancellable.set(false);
        rec.deadline.set(None);
        if wake == Wake::Cancelled {
            rec.cancelled.set(true);
        }
        wake
    }

    /// A handle on the running coroutine for whatever will wake it (a wait queue):
    /// waking through it needs no table lookup. None on the main stack.
    pub fn current_waiter(&self) -> Option<Waiter> {
        let ptr = self.current.get();
        if ptr.is_null() {
            return None;
        }
        // SAFETY: `current` is `Rc::as_ptr` of a record the table holds while it runs
        // (see `current_record`): an Rc rebuilt from it is valid, and since it is never
        // dropped the table's count stays as it is; only the weak count is raised.
        let rc = std::mem::ManuallyDrop::new(unsafe { Rc::from_raw(ptr) });
        Some(Waiter(Rc::downgrade(&rc)))
    }

    /// Resumes the coroutine `waiter` stands for, as [`Runtime::resume`] does.
    pub fn wake(&self, waiter: &Waiter, wake: Wake) -> Result<(), ResumeError> {
        self.resume_record(waiter.0.upgrade().ok_or(ResumeError::NotFound)?, wake)
    }

    /// Resumes a parked coroutine with `wake`; returns when it parks again or ends.
    pub fn resume(&self, cid: Cid, wake: Wake) -> Result<(), ResumeError> {
        self.resume_record(self.lookup(cid).ok_or(ResumeError::NotFound)?, wake)
    }

    fn resume_record(&self, rec: Rc<Record>, wake: Wake) -> Result<(), ResumeError> {
        if rec.state.get() != State::Suspended {
            return Err(ResumeError::NotSuspended);
        }
        if !self.stopping.get() {
            self.switch_into(rec, wake, false);
        }
        Ok(())
    }

    /// Parks the running coroutine until [`Runtime::resume_suspended`] (or a cancel)
    /// wakes it: Swoole's `Coroutine::yield()`.
    pub fn suspend(&self) -> Wake {
        let rec = self
            .current_record()
            .expect("suspend() outside a coroutine");
        rec.suspended_explicitly.set(true);
        let wake = self.park(None, true);
        rec.suspended_explicitly.set(false);
        wake
    }

    /// Resumes a coroutine parked by [`Runtime::suspend`]; refuses any other wait.
    pub fn resume_suspended(&self, cid: Cid) -> Result<(), ResumeError> {
        let rec = self.lookup(cid).ok_or(ResumeError::NotFound)?;
        if rec.state.get() != State::Suspended || !rec.suspended_explicitly.get() {
            return Err(ResumeError::NotSuspended);
        }
        rec.suspended_explicitly.set(false);
        if !self.stopping.get() {
            self.switch_into(rec, Wake::Resumed, false);
        }
        Ok(())
    }

    /// Cancels a coroutine's current wait: it wakes with [`Wake::Cancelled`].
    pub fn cancel(&self, cid: Cid) -> Result<(), ResumeError> {
        let rec = self.lookup(cid).ok_or(ResumeError::NotFound)?;
        if rec.state.get() != State::Suspended {
            return Err(ResumeError::NotSuspended);
        }
        if !rec.cancellable.get() {
            return Err(ResumeError::NotCancellable);
        }
        self.resume(cid, Wake::Cancelled)
    }

    /// Whether the running coroutine's last wait was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.current_record().is_some_and(|r| r.cancelled.get())
    }

    /// Clears the running coroutine's cancelled mark (a new wait starts afresh).
    pub fn clear_cancelled(&self) {
        if let Some(r) = self.current_record() {
            r.cancelled.set(false);
        }
    }

    /// The running coroutine's id, or -1 on the main stack.
    pub fn current_cid(&self) -> Cid {
        self.current_record().map_or(-1, |r| r.cid)
    }

    /// The running coroutine's parent id (-1 when created outside a coroutine), or
    /// `None` outside a coroutine.
    pub fn current_pcid(&self) -> Option<Cid> {
        self.current_record().map(|r| r.pcid)
    }

    /// The parent of `cid`, if it exists.
    pub fn pcid_of(&self, cid: Cid) -> Option<Cid> {
        self.lookup(cid).map(|r| r.pcid)
    }

    /// The embedder context of the running coroutine (the main one outside).
    pub fn current_ctx(&self) -> *mut c_void {
        self.ctx_of(self.current_record())
    }

    /// The embedder context of `cid`, if it exists.
    pub fn ctx_of_cid(&self, cid: Cid) -> Option<*mut c_void> {
        self.lookup(cid).map(|r| r.ctx)
    }

    /// Where the running coroutine's stack lies, or `None` on the main stack (PHP ≥ 8.3
    /// gives the engine these bounds for its own stack-depth check).
    pub fn current_stack_bounds(&self) -> Option<StackBounds> {
        self.current_record().map(|r| r.bounds)
    }

    /// When `cid` was created, if it exists.
    pub fn started_at(&self, cid: Cid) -> Option<Instant> {
        self.lookup(cid).map(|r| r.started_at)
    }

    /// Whether `cid` is alive.
    pub fn exists(&self, cid: Cid) -> bool {
        self.coroutines.borrow().contains_key(&cid)
    }

    /// Whether `cid` is parked (not running and not on the chain of its resumers).
    pub fn is_suspended(&self, cid: Cid) -> bool {
        self.lookup(cid)
            .is_some_and(|r| r.state.get() == State::Suspended)
    }

    /// Ids of every live coroutine, newest first (the order Swoole lists them in).
    pub fn list(&self) -> Vec<Cid> {
        let mut v: Vec<Cid> = self.coroutines.borrow().keys().copied().collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    }

    /// The counters of `Coroutine::stats()`.
    pub fn stats(&self) -> Stats {
        self.stats.get()
    }

    /// The tunables in force.
    pub fn limits(&self) -> Limits {
        self.limits.get()
    }

    /// Changes the tunables.
    pub fn set_limits(&self, l: Limits) {
        self.limits.set(l);
    }

    /// The size of the stacks new coroutines get.
    pub fn stack_size(&self) -> usize {
        self.stacks.borrow().size()
    }

    /// Changes the size of new coroutines' stacks (clamped to Swoole's range).
    pub fn set_stack_size(&self, size: usize) {
        self.stacks.borrow_mut().set_size(size);
    }

    /// Installs the embedder's hooks and its main-stack context.
    pub fn set_hooks(&self, hooks: Option<ContextHooks>, main_ctx: *mut c_void) {
        self.hooks.set(hooks);
        self.main_ctx.set(main_ctx);
    }

    /// Makes the loop return and every later `resume` a no-op (exit, fatal error).
    pub fn stop(&self) {
        self.stopping.set(true);
    }

    /// Whether `stop()` was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.get()
    }

    /// Marks parked coroutine `cid` never to be resumed: [`Runtime::drain`] leaves it
    /// parked, and `reset` drops it unrun. For a waiter whose wait the embedder has
    /// torn down while the runtime is stopping (nobody can resume it now) and that would
    /// touch freed memory if it ran later: what its stack holds is given up instead.
    pub fn forsake(&self, cid: Cid) {
        if let Some(rec) = self.lookup(cid) {
            rec.forsaken.set(true);
        }
    }

    /// Ends every parked coroutine (at request end, before [`Runtime::reset`]): each is
    /// resumed once with [`Wake::Cancelled`], oldest first, and since the runtime is
    /// stopped every later wait fails at once too, so it runs to its end and what its
    /// stack owns is dropped (abandoning it would leak all that). `prepare` gets each
    /// one's context right before its resume. Nothing new starts meanwhile; a coroutine
    /// that still has not ended is left to `reset`.
    pub fn drain(&self, mut prepare: impl FnMut(*mut c_void)) {
        self.stop();
        let mut parked: Vec<Cid> = self
            .coroutines
            .borrow()
            .values()
            .filter(|r| r.state.get() == State::Suspended && !r.forsaken.get())
            .map(|r| r.cid)
            .collect();
        parked.sort_unstable();
        for cid in parked {
            // One it ended (a joiner, say) or one still on the resumer chain is skipped.
            let Some(rec) = self
                .lookup(cid)
                .filter(|r| r.state.get() == State::Suspended)
            else {
                continue;
            };
            prepare(rec.ctx);
            self.switch_into(rec, Wake::Cancelled, false);
        }
    }

    /// Parks the running coroutine until `cid` has finished or `timeout` passes.
    pub fn join_one(&self, cid: Cid, timeout: impl Into<Timeout>) -> Wake {
        let Some(rec) = self.lookup(cid) else {
            return Wake::Ready;
        };
        let me = self.current_cid();
        rec.joiners.borrow_mut().push(me);
        drop(rec);
        let wake = self.park(timeout, true);
        if wake != Wake::Ready {
            if let Some(rec) = self.lookup(cid) {
                rec.joiners.borrow_mut().retain(|&c| c != me);
            }
        }
        wake
    }
}

/// The instant `t` from now (a far-off one if that overflows).
#[inline]
pub fn deadline_after(t: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(t)
        .unwrap_or_else(|| now + Duration::from_secs(86400 * 365 * 30))
}

// ---- free functions over this thread's runtime ----------------------------------

/// Creates a coroutine running `body`; it runs at once until it first waits.
pub fn spawn(body: Box<dyn FnOnce()>) -> Result<Cid, SpawnError> {
    // SAFETY: no context: nothing for the hooks or a free function to misread.
    with(|rt| unsafe { rt.spawn_with_ctx(body, std::ptr::null_mut(), None) })
}

/// Whether the caller runs inside a coroutine.
pub fn in_coroutine() -> bool {
    with(|rt| !rt.current.get().is_null())
}

/// The running coroutine's id, -1 outside.
pub fn current_cid() -> Cid {
    with(|rt| rt.current_cid())
}

/// Sleeps the running coroutine; false if it was cancelled.
pub fn sleep(d: Duration) -> bool {
    with(|rt| rt.park(Some(d), true)) != Wake::Cancelled
}

/// Runs the event loop until done.
pub fn run() -> LoopEnd {
    with(|rt| rt.run())
}

#[cfg(test)]
mod tests;
