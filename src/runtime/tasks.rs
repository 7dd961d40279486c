//! What the loop runs besides coroutines, for Swoole's `Timer` and `Event`: timers that
//! call back (with Swoole's ids, intervals, rounds and counters), fds watched for
//! callbacks (level-triggered, as Swoole's reactor watches the fds PHP code adds), the
//! buffers of `Event::write`, defer and cycle callbacks, and `Event::exit`.
//!
//! One loop turn, as in Swoole: the "before" cycle callback, the poll, coroutine wakeups
//! and watched fds' callbacks, due coroutine timeouts and callback timers, the defer
//! callbacks queued so far, then the "after" cycle callback. A callback is a Rust
//! closure the embedder gives (the PHP layer's starts a coroutine); it is called on the
//! main stack, with the main context installed, and never while a borrow of the
//! runtime is held, so it may add, clear or delete anything here, itself included.
//! What the closures own is dropped outside borrows too (it may run code of its own).

use std::any::Any;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::io;
use std::os::fd::RawFd;
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::*;

/// A callback timer's id: 1, 2, 3... from when the timers were first used, again from 1
/// once the loop that ran them has ended (Swoole frees its timer with its reactor).
pub type TimerId = i64;

/// A timer's callback; it gets the timer's id.
pub type TimerFn = Rc<dyn Fn(TimerId)>;

/// A watched fd's handler: called when the fd is ready in a direction the watch asks
/// for (again each turn while it stays ready). `as_any` lets the embedder reach its own
/// state through [`Runtime::watch_handler`].
pub trait Watch {
    /// The fd is ready in `dir`.
    fn ready(&self, fd: RawFd, dir: Direction);
    /// The handler as `Any`.
    fn as_any(&self) -> &dyn Any;
}

/// What `Timer::info()` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerInfo {
    /// When it fires next, in ms since the timers were first used.
    pub exec_msec: i64,
    /// How many times a tick has fired (an after timer stays at 0).
    pub exec_count: i64,
    /// The tick's interval in ms (0 for an after timer).
    pub interval: i64,
    /// The timer round it was added in.
    pub round: u64,
    /// Cleared while its callback runs.
    pub removed: bool,
}

struct TimerTask {
    info: TimerInfo,
    cb: TimerFn,
}

/// The callback timers: Swoole's `Timer`, on the monotonic clock in whole ms.
struct TimerTable {
    base: Instant,
    next_id: TimerId,
    /// Passes over the due timers so far (Swoole's `round`): a timer added during a pass
    /// waits for the next one.
    round: u64,
    /// The timer whose callback runs now (0: none).
    running: TimerId,
    map: HashMap<TimerId, TimerTask>,
    /// (exec_msec, insertion order, id); entries of cleared or rescheduled timers are
    /// dropped when they come up.
    heap: BinaryHeap<Reverse<(i64, u64, TimerId)>>,
    seq: u64,
    /// The order `list()` gives the ids in (Swoole's: see [`HashOrder`]).
    order: HashOrder,
}

impl TimerTable {
    fn new() -> TimerTable {
        TimerTable {
            base: Instant::now(),
            next_id: 1,
            round: 0,
            running: 0,
            map: HashMap::new(),
            heap: BinaryHeap::new(),
            seq: 0,
            order: HashOrder::default(),
        }
    }

    /// Takes timer `id` out (its heap entry goes when it comes up).
    fn remove(&mut self, id: TimerId) -> Option<TimerTask> {
        let task = self.map.remove(&id)?;
        self.order.remove(id);
        Some(task)
    }

    fn now_ms(&self, now: Instant) -> i64 {
        now.saturating_duration_since(self.base).as_millis() as i64
    }

    fn push(&mut self, at: i64, id: TimerId) {
        self.seq += 1;
        self.heap.push(Reverse((at, self.seq, id)));
    }

    /// The live entry on top of the heap (stale ones dropped).
    fn top(&mut self) -> Option<(i64, TimerId)> {
        while let Some(&Reverse((at, _, id))) = self.heap.peek() {
            match self.map.get(&id) {
                Some(t) if t.info.exec_msec == at && !t.info.removed => return Some((at, id)),
                _ => {
                    self.heap.pop();
                }
            }
        }
        None
    }

    fn deadline(&mut self) -> Option<Instant> {
        let (at, _) = self.top()?;
        Some(self.base + Duration::from_millis(at.max(0) as u64))
    }
}

/// libstdc++'s bucket counts for a `std::unordered_map` growing one insert at a time
/// (`_Prime_rehash_policy`: 13 at the first insert, then, when the count would pass
/// the bucket count, the first of its primes at or above twice that).
const BUCKETS: [usize; 28] = [
    13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043, 85229, 172933, 351061,
    712697, 1447153, 2938679, 5967347, 12117689, 24607243, 49969847, 101473717, 206062531,
    418451333, 849749479, 1725587117, 3504151727,
];

/// The iteration order of Swoole's timer map, a libstdc++ `std::unordered_map<long, _>`
/// (the order `Timer::list()` shows, which code may print): one list of the nodes, each
/// bucket's nodes next to each other; a node goes first in its bucket's run, or first
/// in the list when its bucket is empty; a rehash inserts every node again in list
/// order; an erase moves nothing. Ids are 1, 2, 3... (0 marks "none" here).
#[derive(Default)]
struct HashOrder {
    /// Each bucket's first node (0: empty); one per bucket.
    first: Vec<TimerId>,
    head: TimerId,
    /// Each node's (previous, next) in the list.
    links: HashMap<TimerId, (TimerId, TimerId)>,
}

impl HashOrder {
    fn bucket(&self, id: TimerId) -> usize {
        (id as u64 % self.first.len() as u64) as usize
    }

    fn set_next(&mut self, id: TimerId, next: TimerId) {
        match self.links.get_mut(&id) {
            Some(l) => l.1 = next,
            None => self.head = next,
        }
    }

    fn set_prev(&mut self, id: TimerId, prev: TimerId) {
        if let Some(l) = self.links.get_mut(&id) {
            l.0 = prev;
        }
    }

    fn insert(&mut self, id: TimerId) {
        if self.links.len() >= self.first.len() {
            if let Some(&n) = BUCKETS.iter().find(|&&n| n > self.first.len()) {
                let ids = self.ids();
                self.first = vec![0; n];
                self.head = 0;
                self.links.clear();
                for id in ids {
                    self.link(id);
                }
            }
        }
        self.link(id);
    }

    fn link(&mut self, id: TimerId) {
        let b = self.bucket(id);
        let at = self.first[b];
        let (prev, next) = match self.links.get(&at) {
            Some(&(prev, _)) => (prev, at),
            None => (0, self.head),
        };
        self.links.insert(id, (prev, next));
        self.set_next(prev, id);
        self.set_prev(next, id);
        self.first[b] = id;
    }

    fn remove(&mut self, id: TimerId) {
        let Some((prev, next)) = self.links.remove(&id) else {
            return;
        };
        self.set_next(prev, next);
        self.set_prev(next, prev);
        let b = self.bucket(id);
        if self.first[b] == id {
            self.first[b] = if next != 0 && self.bucket(next) == b {
                next
            } else {
                0
            };
        }
    }

    fn ids(&self) -> Vec<TimerId> {
        let mut ids = Vec::with_capacity(self.links.len());
        let mut at = self.head;
        while let Some(&(_, next)) = self.links.get(&at) {
            ids.push(at);
            at = next;
        }
        ids
    }
}

/// A watched fd.
struct Watcher {
    read: bool,
    write: bool,
    /// None: deleted by the embedder while `out` still had bytes to send; the watcher
    /// stays until they are sent (or the fd fails), invisible to the embedder.
    handler: Option<Rc<dyn Watch>>,
    /// What `write_buffered` could not send yet, from `sent` on.
    out: Vec<u8>,
    sent: usize,
}

impl Watcher {
    fn pending(&self) -> bool {
        self.sent < self.out.len()
    }
}

/// Everything of this module a runtime holds (in `Runtime::tasks`).
pub(crate) struct Tasks {
    timers: Option<TimerTable>,
    watchers: BTreeMap<RawFd, Watcher>,
    defers: Vec<Box<dyn FnOnce()>>,
    /// The cycle callbacks: [after, before].
    cycle: [Option<Rc<dyn Fn()>>; 2],
    /// `exit_loop()` was called while the loop ran: it ends after this turn.
    exit: bool,
}

impl Tasks {
    pub(super) const fn new() -> Tasks {
        Tasks {
            timers: None,
            watchers: BTreeMap::new(),
            defers: Vec::new(),
            cycle: [None, None],
            exit: false,
        }
    }

    /// Whether anything here keeps the loop alive (cycle callbacks do not).
    fn alive(&self) -> bool {
        self.timers.as_ref().is_some_and(|t| !t.map.is_empty())
            || !self.watchers.is_empty()
            || !self.defers.is_empty()
    }
}

/// Why a watch could not be added or changed.
#[derive(Debug)]
pub enum WatchError {
    /// The fd is watched already.
    Exists,
    /// The fd is not watched.
    NotFound,
    /// epoll refused the fd (a regular file: EPERM; not open: EBADF).
    Os(io::Error),
}

impl Runtime {
    fn tasks_mut(&self) -> std::cell::RefMut<'_, Tasks> {
        self.tasks_used.set(true);
        self.tasks.borrow_mut()
    }

    // ---- callback timers ---------------------------------------------------------

    /// Adds a timer that calls `cb` after `ms` milliseconds (at least 1), and again
    /// every `ms` if `repeat`. Returns its id.
    pub fn timer_add(&self, ms: u64, repeat: bool, cb: TimerFn) -> TimerId {
        let ms = ms.clamp(1, i64::MAX as u64) as i64;
        let mut tasks = self.tasks_mut();
        let t = tasks.timers.get_or_insert_with(TimerTable::new);
        let id = t.next_id;
        t.next_id += 1;
        let at = t.now_ms(Instant::now()).saturating_add(ms);
        let info = TimerInfo {
            exec_msec: at,
            exec_count: 0,
            interval: if repeat { ms } else { 0 },
            round: t.round,
            removed: false,
        };
        t.map.insert(id, TimerTask { info, cb });
        t.order.insert(id);
        t.push(at, id);
        id
    }

    /// Whether the timers exist (Swoole's "initialized": from the first timer until
    /// the loop that ran them ends).
    pub fn timers_initialized(&self) -> bool {
        self.tasks.borrow().timers.is_some()
    }

    /// Clears timer `id`: false if there is none (or it was cleared already). A timer
    /// cleared from its own callback is marked removed and goes when the callback
    /// returns.
    pub fn timer_clear(&self, id: TimerId) -> bool {
        let gone = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.timers.as_mut() else {
                return false;
            };
            match t.map.get_mut(&id) {
                None => return false,
                Some(task) if task.info.removed => return false,
                Some(task) if t.running == id => {
                    task.info.removed = true;
                    return true;
                }
                Some(_) => t.remove(id),
            }
        };
        drop(gone);
        true
    }

    /// Clears every timer; false if the timers do not exist.
    pub fn timer_clear_all(&self) -> bool {
        let gone: Vec<TimerTask> = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.timers.as_mut() else {
                return false;
            };
            let running = t.running;
            if let Some(task) = t.map.get_mut(&running) {
                task.info.removed = true;
            }
            let ids: Vec<TimerId> = t.map.keys().copied().filter(|&i| i != running).collect();
            ids.iter().filter_map(|&i| t.remove(i)).collect()
        };
        drop(gone);
        true
    }

    /// Whether timer `id` exists and is not cleared.
    pub fn timer_exists(&self, id: TimerId) -> bool {
        let tasks = self.tasks.borrow();
        tasks
            .timers
            .as_ref()
            .and_then(|t| t.map.get(&id))
            .is_some_and(|task| !task.info.removed)
    }

    /// Timer `id`'s info (a timer cleared in its own callback shows `removed` until it
    /// returns).
    pub fn timer_info(&self, id: TimerId) -> Option<TimerInfo> {
        let tasks = self.tasks.borrow();
        tasks.timers.as_ref()?.map.get(&id).map(|t| t.info)
    }

    /// How many timers exist (the running one included) and the round, if the timers
    /// exist.
    pub fn timer_stats(&self) -> Option<(usize, u64)> {
        let tasks = self.tasks.borrow();
        tasks.timers.as_ref().map(|t| (t.map.len(), t.round))
    }

    /// The ids of the timers, in the order Swoole lists them: that of its timer map, a
    /// libstdc++ `std::unordered_map` (see `HashOrder`).
    pub fn timer_list(&self) -> Vec<TimerId> {
        let tasks = self.tasks.borrow();
        tasks
            .timers
            .as_ref()
            .map(|t| t.order.ids())
            .unwrap_or_default()
    }

    /// One pass over the due timers (Swoole's `Timer::select`): each due one's
    /// callback, oldest deadline first; a tick is rescheduled past now (missed ticks
    /// are skipped, not queued), an after timer goes. Timers added during the pass wait
    /// for the next.
    fn fire_timers(&self, now: Instant) {
        let round = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(t) = tasks.timers.as_mut() else {
                return;
            };
            t.round
        };
        loop {
            if self.stopping.get() {
                return;
            }
            let (id, cb) = {
                let mut tasks = self.tasks.borrow_mut();
                let Some(t) = tasks.timers.as_mut() else {
                    return;
                };
                let now_ms = t.now_ms(now);
                let Some((at, id)) = t.top() else { break };
                // Swoole's rule: a timer never fires in the round it was added in.
                if at > now_ms || t.map[&id].info.round == round {
                    break;
                }
                t.heap.pop();
                t.running = id;
                (id, t.map[&id].cb.clone())
            };
            self.unpark_main();
            cb(id);
            drop(cb);
            let gone = {
                let mut tasks = self.tasks.borrow_mut();
                let Some(t) = tasks.timers.as_mut() else {
                    break;
                };
                t.running = 0;
                let now_ms = t.now_ms(now);
                match t.map.get_mut(&id) {
                    Some(task) if task.info.interval > 0 && !task.info.removed => {
                        let step = task.info.interval;
                        let mut at = task.info.exec_msec;
                        while at <= now_ms {
                            at = at.saturating_add(step);
                        }
                        task.info.exec_msec = at;
                        task.info.exec_count += 1;
                        t.push(at, id);
                        None
                    }
                    Some(_) => t.remove(id),
                    None => None,
                }
            };
            drop(gone);
        }
        if let Some(t) = self.tasks.borrow_mut().timers.as_mut() {
            t.round += 1;
        }
    }

    // ---- watched fds -------------------------------------------------------------

    /// Watches `fd` for readiness in the directions asked for; `handler` is called on
    /// each. [`WatchError::Exists`] if the fd is watched already; EEXIST while a
    /// coroutine waits on it (as Swoole: its reactor has the fd then). A socket of ours
    /// in epoll otherwise is no obstacle: the reactor watches a dup of its fd.
    pub fn watch_add(
        &self,
        fd: RawFd,
        read: bool,
        write: bool,
        handler: Rc<dyn Watch>,
    ) -> Result<(), WatchError> {
        self.check_fork().map_err(WatchError::Os)?;
        if self.fd_waited(fd) {
            // Swoole's reactor has the fd while a coroutine waits on it: epoll's EEXIST.
            return Err(WatchError::Os(io::Error::from_raw_os_error(libc::EEXIST)));
        }
        let mut tasks = self.tasks_mut();
        let pending = match tasks.watchers.get(&fd) {
            Some(w) if w.handler.is_some() => return Err(WatchError::Exists),
            Some(w) => w.pending(),
            None => false,
        };
        self.reactor_mut()
            .and_then(|mut r| r.watch(fd, read, write || pending))
            .map_err(WatchError::Os)?;
        let w = tasks.watchers.entry(fd).or_insert_with(|| Watcher {
            read: false,
            write: false,
            handler: None,
            out: Vec::new(),
            sent: 0,
        });
        (w.read, w.write, w.handler) = (read, write, Some(handler));
        Ok(())
    }

    /// Whether a coroutine waits on `fd` now (an operation of a socket of ours).
    fn fd_waited(&self, fd: RawFd) -> bool {
        let r = self.reactor.borrow();
        r.as_ref().is_some_and(|r| {
            r.fds
                .iter()
                .any(|(_, s)| s.fd == fd && (s.reader != 0 || s.writer != 0))
        })
    }

    /// Changes the directions `fd` is watched in (and its handler, if given).
    pub fn watch_set(
        &self,
        fd: RawFd,
        read: bool,
        write: bool,
        handler: Option<Rc<dyn Watch>>,
    ) -> Result<(), WatchError> {
        let old = {
            let mut tasks = self.tasks_mut();
            let Some(w) = tasks.watchers.get_mut(&fd).filter(|w| w.handler.is_some()) else {
                return Err(WatchError::NotFound);
            };
            let pending = w.pending();
            self.reactor_mut()
                .and_then(|mut r| r.watch(fd, read, write || pending))
                .map_err(WatchError::Os)?;
            (w.read, w.write) = (read, write);
            match handler {
                Some(h) => w.handler.replace(h),
                None => None,
            }
        };
        drop(old);
        Ok(())
    }

    /// Stops watching `fd`; false if it was not watched. Bytes `write_buffered` still
    /// holds for it are sent first (the fd stays in epoll for them alone).
    pub fn watch_del(&self, fd: RawFd) -> bool {
        let handler = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(w) = tasks.watchers.get_mut(&fd).filter(|w| w.handler.is_some()) else {
                return false;
            };
            let handler = w.handler.take();
            (w.read, w.write) = (false, false);
            let pending = w.pending();
            if !pending {
                tasks.watchers.remove(&fd);
            }
            if let Some(r) = self.reactor.borrow_mut().as_mut() {
                let _ = r.watch(fd, false, pending);
            }
            handler
        };
        drop(handler);
        true
    }

    /// The directions `fd` is watched in, if it is.
    pub fn watch_get(&self, fd: RawFd) -> Option<(bool, bool)> {
        let tasks = self.tasks.borrow();
        tasks
            .watchers
            .get(&fd)
            .filter(|w| w.handler.is_some())
            .map(|w| (w.read, w.write))
    }

    /// `fd`'s handler, if it is watched.
    pub fn watch_handler(&self, fd: RawFd) -> Option<Rc<dyn Watch>> {
        self.tasks.borrow().watchers.get(&fd)?.handler.clone()
    }

    /// How many fds are watched (`Coroutine::stats()`'s `event_num` counts them).
    pub fn watched_fds(&self) -> usize {
        self.tasks.borrow().watchers.len()
    }

    /// Sends `data` on the watched `fd` without blocking: what the kernel does not take
    /// now is kept, in order, and sent as the fd becomes writable (the loop stays alive
    /// for it). Err: the fd is not watched ([`WatchError::NotFound`]) or the send failed.
    pub fn write_buffered(&self, fd: RawFd, data: &[u8]) -> Result<(), WatchError> {
        let mut tasks = self.tasks.borrow_mut();
        let Some(w) = tasks.watchers.get_mut(&fd).filter(|w| w.handler.is_some()) else {
            return Err(WatchError::NotFound);
        };
        let mut data = data;
        if !w.pending() {
            let n = write_some(fd, data).map_err(WatchError::Os)?;
            data = &data[n..];
            if data.is_empty() {
                return Ok(());
            }
            w.out.clear();
            w.sent = 0;
        }
        w.out.extend_from_slice(data);
        let read = w.read;
        drop(tasks);
        self.reactor_mut()
            .and_then(|mut r| r.watch(fd, read, true))
            .map_err(WatchError::Os)?;
        Ok(())
    }

    /// Sends what `fd`'s buffer holds; true when it is empty (or the fd failed: what it
    /// held is dropped, as a send to it can never succeed).
    fn flush(&self, fd: RawFd) -> bool {
        let mut tasks = self.tasks.borrow_mut();
        let Some(w) = tasks.watchers.get_mut(&fd) else {
            return true;
        };
        while w.pending() {
            match write_some(fd, &w.out[w.sent..]) {
                Ok(0) => return false,
                Ok(n) => w.sent += n,
                Err(_) => break,
            }
        }
        w.out = Vec::new();
        w.sent = 0;
        let (read, write, orphan) = (w.read, w.write, w.handler.is_none());
        let gone = if orphan {
            tasks.watchers.remove(&fd)
        } else {
            None
        };
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            let _ = r.watch(fd, read, write);
        }
        drop(tasks);
        drop(gone);
        true
    }

    /// Hands one poll's events of watched fds to their handlers: the read callback,
    /// then the buffer's flush or the write callback (Swoole's order).
    fn dispatch_watched(&self) {
        let events = match self.reactor.borrow_mut().as_mut() {
            Some(r) if !r.watch_events.is_empty() => std::mem::take(&mut r.watch_events),
            _ => return,
        };
        for ev in &events {
            for dir in [Direction::Read, Direction::Write] {
                if self.stopping.get() {
                    break;
                }
                let (handler, flush) = {
                    let tasks = self.tasks.borrow();
                    let Some(w) = tasks.watchers.get(&ev.fd) else {
                        break;
                    };
                    match dir {
                        // A hang-up or error with no read interest goes to the writer,
                        // whose write then fails (else epoll reports it each turn).
                        Direction::Read if ev.read && w.read => (w.handler.clone(), false),
                        Direction::Write if ev.write && w.pending() => (None, true),
                        Direction::Write if (ev.write || ev.read && !w.read) && w.write => {
                            (w.handler.clone(), false)
                        }
                        _ => (None, false),
                    }
                };
                if flush {
                    self.flush(ev.fd);
                } else if let Some(h) = handler {
                    self.unpark_main();
                    h.ready(ev.fd, dir);
                }
            }
        }
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            let mut events = events;
            events.clear();
            if r.watch_events.is_empty() {
                r.watch_events = events;
            }
        }
    }

    // ---- defer, cycle, exit ------------------------------------------------------

    /// Runs `cb` at the end of the current loop turn (of the next one, from a defer
    /// callback).
    pub fn defer(&self, cb: Box<dyn FnOnce()>) {
        self.tasks_mut().defers.push(cb);
    }

    /// Sets (or with None, removes) the callback run at the end of every loop turn, or
    /// at its start with `before`. False when removing one that was not set.
    pub fn set_cycle(&self, before: bool, cb: Option<Rc<dyn Fn()>>) -> bool {
        let set = cb.is_some();
        let old = self.tasks_mut().cycle[before as usize].take();
        let had = old.is_some();
        if let Some(cb) = cb {
            self.tasks.borrow_mut().cycle[before as usize] = Some(cb);
        }
        drop(old);
        set || had
    }

    fn run_cycle(&self, before: bool) {
        let cb = self.tasks.borrow().cycle[before as usize].clone();
        if let Some(cb) = cb {
            self.unpark_main();
            cb();
        }
    }

    fn run_defers(&self) {
        let defers = std::mem::take(&mut self.tasks.borrow_mut().defers);
        if defers.is_empty() {
            return;
        }
        self.unpark_main();
        for cb in defers {
            if self.stopping.get() {
                break;
            }
            cb();
        }
    }

    /// Swoole's `Event::exit()`: clears every timer, and makes the running loop end
    /// after its current turn.
    pub fn exit_loop(&self) {
        self.timer_clear_all();
        if self.loop_running.get() {
            self.tasks_mut().exit = true;
        }
    }

    /// Whether [`Runtime::run`] (or [`Runtime::run_once`]) is running.
    pub fn loop_running(&self) -> bool {
        self.loop_running.get()
    }

    /// The nearest callback timer's deadline, and whether a defer callback waits (the
    /// poll must not block then).
    pub(super) fn tasks_deadline(&self) -> (Option<Instant>, bool) {
        let mut tasks = self.tasks.borrow_mut();
        let defers = !tasks.defers.is_empty();
        (tasks.timers.as_mut().and_then(TimerTable::deadline), defers)
    }

    /// Whether the tasks keep the loop alive.
    #[cold]
    #[inline(never)]
    pub(super) fn tasks_alive(&self) -> bool {
        self.tasks_used.get() && self.tasks.borrow().alive()
    }

    /// The start of a loop turn: the "before" cycle callback.
    #[cold]
    #[inline(never)]
    pub(super) fn tasks_turn_start(&self) {
        self.run_cycle(true);
    }

    /// The rest of a loop turn after the coroutines' events and timeouts (see the
    /// module docs).
    #[cold]
    #[inline(never)]
    pub(super) fn tasks_turn_end(&self, now: Instant) {
        self.dispatch_watched();
        if !self.stopping.get() {
            self.fire_timers(now);
        }
        if !self.stopping.get() {
            self.run_defers();
        }
        if !self.stopping.get() {
            self.run_cycle(false);
        }
    }

    /// Takes the exit request of `exit_loop()`.
    #[cold]
    #[inline(never)]
    pub(super) fn take_exit(&self) -> bool {
        std::mem::take(&mut self.tasks.borrow_mut().exit)
    }

    /// The end of the loop: Swoole frees its reactor and timers with it, so the timer
    /// ids start again from 1, the cycle callbacks go, and so does every watch.
    #[cold]
    #[inline(never)]
    pub(super) fn free_tasks(&self) {
        if !self.tasks_used.get() {
            return;
        }
        let old = std::mem::replace(&mut *self.tasks.borrow_mut(), Tasks::new());
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            for &fd in old.watchers.keys() {
                let _ = r.watch(fd, false, false);
            }
        }
        self.tasks_used.set(false);
        drop(old);
    }
}

/// One non-blocking write(2) (send(2) without SIGPIPE on sockets): bytes taken, 0 when
/// the kernel has no room.
fn write_some(fd: RawFd, data: &[u8]) -> io::Result<usize> {
    loop {
        // SAFETY: `data` is valid for its length; MSG_DONTWAIT keeps a blocking socket
        // from blocking the loop.
        let n = unsafe {
            libc::send(
                fd,
                data.as_ptr().cast(),
                data.len(),
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            )
        };
        if n >= 0 {
            return Ok(n as usize);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => return Ok(0),
            Some(libc::ENOTSOCK) => break,
            _ => return Err(e),
        }
    }
    // Not a socket (a pipe): a plain write, which blocks only if the fd does.
    // SAFETY: as above.
    let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
    if n >= 0 {
        return Ok(n as usize);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EAGAIN) => Ok(0),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests;
