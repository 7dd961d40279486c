//! The reactor: one mio `Poll`, edge-triggered. Each fd gets a slot when its socket is
//! created and joins epoll (for both directions, once) only when an operation first has
//! to wait: an fd whose syscalls never return EAGAIN costs no epoll_ctl at all. It
//! leaves once, when closed. Between the two, an operation never touches epoll: per fd
//! the reactor keeps a readiness bit per direction, set by events and cleared by the
//! operation that saw EAGAIN, and at most one waiting coroutine per direction.

use std::collections::HashMap;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::time::Duration;

use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token, Waker};
use slab::Slab;

use super::Cid;

/// The token of the waker that worker threads (DNS) use to interrupt a poll.
pub(crate) const WAKER_TOKEN: Token = Token(usize::MAX);
/// The token of the signal source's eventfd (see signal.rs): it wakes the loop as the
/// waker does.
pub(crate) const SIGNAL_TOKEN: Token = Token(usize::MAX - 1);
const _: () = assert!(WAKER_TOKEN.0 > SIGNAL_TOKEN.0);

/// The bit that marks a watched fd's token (see [`Reactor::watch`]): the fd is in the low
/// 32 bits. A socket's token never has it (its generation has 31 bits), and no fd
/// makes the waker's `usize::MAX` or the signal source's `usize::MAX - 1`.
const WATCH_BIT: usize = 1 << 63;

/// A direction of I/O.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Waiting for data (or a connection, or EOF).
    Read,
    /// Waiting for room to write (or a connect to finish).
    Write,
}

impl Direction {
    /// The other direction.
    pub fn other(self) -> Direction {
        match self {
            Direction::Read => Direction::Write,
            Direction::Write => Direction::Read,
        }
    }
}

/// What the reactor knows of one registered fd.
#[derive(Debug)]
pub struct FdState {
    /// The fd.
    pub fd: RawFd,
    /// Set by an event, cleared by the operation that saw EAGAIN (or a short read).
    pub readable: bool,
    /// As `readable`, for writing.
    pub writable: bool,
    /// The coroutine waiting to read (0: none).
    pub reader: Cid,
    /// The coroutine waiting to write (0: none).
    pub writer: Cid,
    /// The reader waits for writability, not readability: a TLS read whose SSL_read must
    /// write first (a KeyUpdate answer, renegotiation). It keeps the reader's slot, so the
    /// one-reader/one-writer rule stays about the coroutines that read and write.
    pub reader_wants_write: bool,
    /// The writer waits for readability (an SSL_write that must read first).
    pub writer_wants_read: bool,
    /// The kernel reported a hang-up or an error: from now on every operation tries
    /// its syscall (it returns EOF or the error at once), none parks on a cleared bit.
    pub hup: bool,
    /// The fd's open file also has fds in another process (it existed at a fork), so
    /// closing our fd does not take it out of epoll: deregistering must tell epoll.
    pub shared: bool,
    /// Whether epoll knows the fd. A socket of ours joins epoll only when an operation
    /// first has to wait: one that never waits (an accepted connection answered and
    /// closed at once) costs no epoll_ctl at all.
    pub armed: bool,
    /// Which registration under this key the fd's events belong to: keys are reused
    /// as soon as an fd leaves, and an event already fetched for the fd that left
    /// (in the batch being handled) must not reach the one that came.
    pub gen: u32,
}

impl FdState {
    /// What the loop knows of `dir`.
    pub fn ready(&self, dir: Direction) -> bool {
        match dir {
            Direction::Read => self.readable,
            Direction::Write => self.writable,
        }
    }

    /// Records what an event or a syscall said of `dir`.
    pub fn set_ready(&mut self, dir: Direction, ready: bool) {
        if !ready && self.hup {
            return;
        }
        match dir {
            Direction::Read => self.readable = ready,
            Direction::Write => self.writable = ready,
        }
    }

    /// The coroutine waiting in `dir` (0: none).
    pub fn waiter(&self, dir: Direction) -> Cid {
        match dir {
            Direction::Read => self.reader,
            Direction::Write => self.writer,
        }
    }

    /// Unbinds and returns the waiter of `dir` (0 if none).
    pub fn take_waiter(&mut self, dir: Direction) -> Cid {
        let w = self.waiter(dir);
        self.set_waiter(dir, 0);
        w
    }

    /// Binds `cid` (0: nobody) to `dir`, waiting for readiness in `dir` itself.
    pub fn set_waiter(&mut self, dir: Direction, cid: Cid) {
        match dir {
            Direction::Read => (self.reader, self.reader_wants_write) = (cid, false),
            Direction::Write => (self.writer, self.writer_wants_read) = (cid, false),
        }
    }

    /// Binds `cid` to the `slot` of the operation it performs, woken by readiness in
    /// `want` (which differs from `slot` only for TLS: see [`FdState::reader_wants_write`]).
    pub fn set_waiter_for(&mut self, slot: Direction, cid: Cid, want: Direction) {
        self.set_waiter(slot, cid);
        match slot {
            Direction::Read => self.reader_wants_write = want == Direction::Write,
            Direction::Write => self.writer_wants_read = want == Direction::Read,
        }
    }

    /// Whether the waiter in `slot` waits for the other direction's readiness.
    pub fn crossed(&self, slot: Direction) -> bool {
        match slot {
            Direction::Read => self.reader_wants_write,
            Direction::Write => self.writer_wants_read,
        }
    }
}

/// An epoll token: the key in the low 32 bits, the registration's generation (31 bits,
/// so that no token is the waker's `usize::MAX`) above it.
fn token(key: usize, gen: u32) -> Token {
    Token(key | ((gen as usize) << 32))
}

/// Adds `fd` to `poll` (or with `again`, changes its token): edge-triggered, both
/// directions, under `key` and `gen`.
fn watch(poll: &Poll, fd: RawFd, key: usize, gen: u32, again: bool) -> io::Result<()> {
    let (registry, interest) = (poll.registry(), Interest::READABLE | Interest::WRITABLE);
    if again {
        registry.reregister(&mut SourceFd(&fd), token(key, gen), interest)
    } else {
        registry.register(&mut SourceFd(&fd), token(key, gen), interest)
    }
}

/// Records an event of a watched fd (out of line: the sockets' path never takes it).
#[cold]
#[inline(never)]
fn push_watch_event(out: &mut Vec<WatchEvent>, ev: &mio::event::Event) {
    let bad = ev.is_error() || ev.is_read_closed() || ev.is_write_closed();
    out.push(WatchEvent {
        fd: (ev.token().0 & u32::MAX as usize) as RawFd,
        read: ev.is_readable() || bad,
        write: ev.is_writable(),
    });
}

/// epoll_ctl(2) for the watched fd `fd`, in epoll as `on` (itself or its dup: see
/// [`Watched::on`]), with `fd`'s token as the event's data.
fn epoll_ctl(epfd: RawFd, op: i32, on: RawFd, fd: RawFd, events: u32) -> io::Result<()> {
    if fd < 0 || on < 0 {
        return Err(io::Error::from_raw_os_error(libc::EBADF));
    }
    let mut ev = libc::epoll_event {
        events,
        u64: (WATCH_BIT | fd as usize) as u64,
    };
    // SAFETY: plain syscall on valid pointers (`ev` lives across the call).
    if unsafe { libc::epoll_ctl(epfd, op, on, &mut ev) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// A watched fd (see [`Reactor::watch`]).
#[derive(Clone, Copy, Debug)]
struct Watched {
    /// The epoll events it has.
    events: u32,
    /// The fd epoll has it as: the fd itself, or a dup of it (ours, closed with the
    /// watch) when a socket of ours is in epoll under the fd: epoll takes an fd once,
    /// but each dup of it as a registration of its own, so both get the fd's events.
    on: RawFd,
}

/// A dup of `fd` (close-on-exec), for [`Watched::on`] and wait_event.rs's copies;
/// EBADF if `fd` is not open.
#[cold]
pub(super) fn dup_fd(fd: RawFd) -> io::Result<RawFd> {
    // SAFETY: plain syscall; a new fd of ours or -1.
    let on = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if on < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(on)
}

/// Closes a dup made by [`dup_fd`].
fn close_dup(w: Watched, fd: RawFd) {
    if w.on != fd {
        // SAFETY: `on` is our own dup, closed once (the watch that held it is gone).
        unsafe { libc::close(w.on) };
    }
}

const _: () = assert!(
    usize::BITS == 64,
    "tokens carry a generation in their high 32 bits"
);

/// A readiness event, copied out of mio's buffer so that no borrow is held while the
/// waiters it wakes run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ready {
    pub key: usize,
    /// The registration it was fetched for (see [`FdState::gen`]).
    pub gen: u32,
    pub read: bool,
    pub write: bool,
    pub hup: bool,
}

/// A readiness event of a watched fd (level-triggered: it comes again each poll while
/// the fd stays ready).
#[derive(Clone, Copy, Debug)]
pub(crate) struct WatchEvent {
    pub fd: RawFd,
    pub read: bool,
    pub write: bool,
}

pub(crate) struct Reactor {
    poll: Poll,
    events: Events,
    /// The fds watched for callbacks (Event::add).
    watched: HashMap<RawFd, Watched>,
    /// The last poll's events of watched fds.
    pub watch_events: Vec<WatchEvent>,
    pub fds: Slab<FdState>,
    pub waker: Arc<Waker>,
    /// Coroutines parked on an fd (they keep the loop alive).
    pub waiting: usize,
    /// The generation the next registration gets.
    next_gen: u32,
    /// Whether this epoll instance watches the signal source's eventfd.
    pub signals_watched: bool,
    /// Fds the reactor closes when it goes: the copies `waitEvent` waits on (see
    /// wait_event.rs), so that a coroutine abandoned in that wait leaks none.
    pub owned: Vec<RawFd>,
}

impl Drop for Reactor {
    fn drop(&mut self) {
        for &fd in &self.owned {
            // SAFETY: copies made by wait_event.rs, which hands them over to us.
            unsafe { libc::close(fd) };
        }
        for (&fd, &w) in &self.watched {
            close_dup(w, fd);
        }
    }
}

impl Reactor {
    pub fn new() -> io::Result<Reactor> {
        super::fork::watch();
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER_TOKEN)?);
        Ok(Reactor {
            poll,
            events: Events::with_capacity(1024),
            fds: Slab::new(),
            watched: HashMap::new(),
            watch_events: Vec::new(),
            waker,
            waiting: 0,
            next_gen: 0,
            signals_watched: false,
            owned: Vec::new(),
        })
    }

    /// Takes `fd` in for both directions; returns its key. `lazy`: epoll learns of it
    /// only when a wait first needs it (see [`Reactor::arm`]); else now.
    pub fn register(&mut self, fd: RawFd, lazy: bool) -> io::Result<usize> {
        let gen = self.new_gen();
        let entry = self.fds.vacant_entry();
        let key = entry.key();
        if key > u32::MAX as usize {
            return Err(io::Error::from_raw_os_error(libc::EMFILE));
        }
        if !lazy {
            watch(&self.poll, fd, key, gen, false)?;
        }
        // Try the syscall first: an fd starts out assumed ready both ways.
        entry.insert(FdState {
            fd,
            readable: true,
            writable: true,
            reader: 0,
            writer: 0,
            reader_wants_write: false,
            writer_wants_read: false,
            hup: false,
            shared: false,
            armed: !lazy,
            gen,
        });
        Ok(key)
    }

    /// Makes sure epoll watches `key`'s fd (edge-triggered, both directions), before a
    /// wait. Nothing is missed by joining late: epoll reports at once what is ready
    /// when an fd is added.
    #[inline]
    pub fn arm(&mut self, key: usize) -> io::Result<()> {
        let Some(s) = self.fds.get_mut(key) else {
            return Ok(());
        };
        if !s.armed {
            match watch(&self.poll, s.fd, key, s.gen, false) {
                Ok(()) => s.armed = true,
                Err(e) => return self.arm_over_watch(key, e),
            }
        }
        Ok(())
    }

    /// [`Reactor::arm`] when epoll refused the fd: if it has it as a watched fd
    /// (Event::add of the socket's fd), the watch moves to a dup of the fd and the
    /// socket joins under the fd itself; else `e`.
    #[cold]
    #[inline(never)]
    fn arm_over_watch(&mut self, key: usize, e: io::Error) -> io::Result<()> {
        let (fd, gen) = match self.fds.get(key) {
            Some(s) => (s.fd, s.gen),
            None => return Ok(()),
        };
        let w = match self.watched.get(&fd) {
            Some(&w) if w.on == fd && e.raw_os_error() == Some(libc::EEXIST) => w,
            _ => return Err(e),
        };
        let epfd = self.poll.as_raw_fd();
        let on = dup_fd(fd)?;
        let w2 = Watched { on, ..w };
        if let Err(e) = epoll_ctl(epfd, libc::EPOLL_CTL_ADD, on, fd, w.events) {
            close_dup(w2, fd);
            return Err(e);
        }
        let _ = epoll_ctl(epfd, libc::EPOLL_CTL_DEL, fd, fd, 0);
        self.watched.insert(fd, w2);
        watch(&self.poll, fd, key, gen, false)?;
        if let Some(s) = self.fds.get_mut(key) {
            s.armed = true;
        }
        Ok(())
    }

    /// A generation for a registration (31 bits, wrapping).
    fn new_gen(&mut self) -> u32 {
        let gen = self.next_gen;
        self.next_gen = (gen + 1) & 0x7fff_ffff;
        gen
    }

    /// A connection attempt has just begun on `key`: what earlier events said is
    /// forgotten (a socket polled before connect() reported a hang-up, its state being
    /// "closed", which would pass for the end of the handshake), and so are events
    /// already fetched and not yet handled: an fd in epoll gets a new generation.
    pub fn connecting(&mut self, key: usize) -> io::Result<()> {
        let gen = self.new_gen();
        let Some(s) = self.fds.get_mut(key) else {
            return Ok(());
        };
        s.hup = false;
        s.readable = false;
        s.writable = false;
        if s.armed {
            s.gen = gen;
            watch(&self.poll, s.fd, key, gen, true)?;
        }
        Ok(())
    }

    /// Forgets `key` (and with `epoll_del`, tells epoll); the caller has already woken
    /// its waiters. Returns the fd.
    pub fn deregister(&mut self, key: usize, epoll_del: bool) -> Option<RawFd> {
        let state = self.fds.try_remove(key)?;
        if state.armed && (epoll_del || state.shared) {
            // An fd already closed elsewhere left epoll by itself: ignore ENOENT/EBADF.
            let _ = self.poll.registry().deregister(&mut SourceFd(&state.fd));
        }
        Some(state.fd)
    }

    /// In a forked child: a new epoll instance and waker (the old epoll is the parent's
    /// as well, so registrations and events would be shared with it). Every fd is
    /// registered again under its key, so sockets made before the fork keep working,
    /// and marked shared. The old instance is closed (our copy of its fd only); its
    /// waker stays open while the forgotten resolver's dead workers hold it.
    pub fn reopen(&mut self) -> io::Result<()> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER_TOKEN)?);
        for (key, s) in self.fds.iter_mut() {
            s.shared = true;
            s.armed = true;
            let added = watch(&poll, s.fd, key, s.gen, false);
            if added.is_err() {
                // Closed behind our back, or not pollable: let every operation try its
                // syscall and report what it gets.
                s.hup = true;
                s.readable = true;
                s.writable = true;
            }
        }
        for (&fd, w) in &self.watched {
            // An fd closed behind our back is simply no longer reported.
            let _ = epoll_ctl(poll.as_raw_fd(), libc::EPOLL_CTL_ADD, w.on, fd, w.events);
        }
        // epoll reports at registration what is ready already: no edge is lost.
        self.poll = poll;
        self.waker = waker;
        self.signals_watched = false;
        Ok(())
    }

    /// In a parent that forked: every fd registered now has copies in the child.
    pub fn mark_shared(&mut self) {
        for (_, s) in self.fds.iter_mut() {
            s.shared = true;
        }
    }

    /// Watches `fd` for `read`/`write` readiness, level-triggered, as Swoole's reactor
    /// does for the fds PHP code adds: an fd stays reported while it is ready, so a
    /// callback that leaves data unread is called again. mio registers edge-triggered
    /// only, hence epoll_ctl on its epoll fd, under tokens of their own. Neither
    /// direction: the fd leaves epoll (and is forgotten here).
    pub fn watch(&mut self, fd: RawFd, read: bool, write: bool) -> io::Result<()> {
        let events = (if read {
            libc::EPOLLIN | libc::EPOLLRDHUP
        } else {
            0
        }) | (if write { libc::EPOLLOUT } else { 0 });
        let epfd = self.poll.as_raw_fd();
        let ev = events as u32;
        match self.watched.get(&fd).copied() {
            None if ev == 0 => Ok(()),
            Some(w) if ev == 0 => {
                self.watched.remove(&fd);
                // Closed already: it left epoll by itself.
                let _ = epoll_ctl(epfd, libc::EPOLL_CTL_DEL, w.on, fd, 0);
                close_dup(w, fd);
                Ok(())
            }
            Some(w) if w.events == ev => Ok(()),
            Some(w) => {
                epoll_ctl(epfd, libc::EPOLL_CTL_MOD, w.on, fd, ev)?;
                self.watched.insert(fd, Watched { events: ev, ..w });
                Ok(())
            }
            None => {
                let on = match epoll_ctl(epfd, libc::EPOLL_CTL_ADD, fd, fd, ev) {
                    Ok(()) => fd,
                    // A socket of ours is in epoll under the fd: watch a dup of it.
                    Err(e) if e.raw_os_error() == Some(libc::EEXIST) => {
                        let on = dup_fd(fd)?;
                        if let Err(e) = epoll_ctl(epfd, libc::EPOLL_CTL_ADD, on, fd, ev) {
                            close_dup(Watched { events: ev, on }, fd);
                            return Err(e);
                        }
                        on
                    }
                    Err(e) => return Err(e),
                };
                self.watched.insert(fd, Watched { events: ev, on });
                Ok(())
            }
        }
    }

    /// Watches the signal source's eventfd (edge-triggered, under [`SIGNAL_TOKEN`]).
    pub fn watch_signals(&mut self, fd: RawFd) -> io::Result<()> {
        if !self.signals_watched {
            let token = SIGNAL_TOKEN;
            self.poll
                .registry()
                .register(&mut SourceFd(&fd), token, Interest::READABLE)?;
            self.signals_watched = true;
        }
        Ok(())
    }

    /// Waits for events (at most `timeout`) and appends them to `out`. Returns whether
    /// the waker or the signal source fired, or a signal interrupted the wait. Inlined into the loop (see
    /// `Runtime::dispatch`).
    #[inline(always)]
    pub fn poll(&mut self, timeout: Option<Duration>, out: &mut Vec<Ready>) -> io::Result<bool> {
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            // A signal: its handler may have left work for the loop (signal.rs).
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(true),
            Err(e) => return Err(e),
        }
        let mut woken = false;
        for ev in self.events.iter() {
            if ev.token().0 & WATCH_BIT != 0 {
                // The waker or the signal source (the two highest tokens, above any
                // watched fd's WATCH_BIT | fd): one compare.
                if ev.token().0 >= SIGNAL_TOKEN.0 {
                    woken = true;
                } else {
                    push_watch_event(&mut self.watch_events, ev);
                }
                continue;
            }
            // Errors and hang-ups wake both directions: the retried syscall reports them.
            let bad = ev.is_error() || ev.is_read_closed() || ev.is_write_closed();
            out.push(Ready {
                key: ev.token().0 & u32::MAX as usize,
                gen: (ev.token().0 >> 32) as u32,
                read: ev.is_readable() || bad,
                write: ev.is_writable() || bad,
                hup: bad,
            });
        }
        Ok(woken)
    }
}
