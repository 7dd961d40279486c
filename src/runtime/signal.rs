//! Signals through the loop: `waitSignal` and the child waits (`waitPid`/`wait`, woken
//! by SIGCHLD). While a coroutine waits for a signal our handler replaces the signal's
//! disposition; the handler only sets a bit and writes to an eventfd that the reactor
//! watches, so nothing runs on a coroutine's stack at a random point: the loop reads
//! the bits and resumes the waiters. When nobody waits for a signal any more, its
//! previous disposition (default action, SIG_IGN, a pcntl handler) is put back.
//!
//! Signals with a handler of the embedder's (PHP's pcntl_signal()) wake the loop too
//! (see [`Runtime::wake_on_signal`] and `Runtime::interrupted`), so that such a handler
//! runs even while every coroutine waits with nothing else to wake the loop.

use std::ffi::c_void;
use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::time::Instant;

use super::*;

/// Signals caught and not yet handed out by the loop: bit `n` for signal `n` (1..=63).
static PENDING: AtomicU64 = AtomicU64::new(0);
/// The eventfd the handler writes to (-1 until first needed). Never closed: a handler
/// running on another thread may hold its number; a forked child gets its own eventfd
/// under the same number (dup3), so the number always names a live eventfd.
static WAKE_FD: AtomicI32 = AtomicI32::new(-1);
/// The process that made `WAKE_FD` (an eventfd made before a fork is shared).
static WAKE_PID: AtomicI32 = AtomicI32::new(0);

/// Signals Swoole accepts in `waitSignal` are below this (SW_SIGNO_MAX).
pub const SIGNO_MAX: i32 = 128;

extern "C" fn on_signal(sig: libc::c_int) {
    // Async-signal-safe only: an atomic, write(2), errno saved and put back.
    // SAFETY: __errno_location is the calling thread's errno, valid for its life.
    let errno = unsafe { *libc::__errno_location() };
    if (1..64).contains(&sig) {
        PENDING.fetch_or(1 << sig, SeqCst);
    }
    let fd = WAKE_FD.load(SeqCst);
    if fd >= 0 {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a local; a full counter (EAGAIN) is fine.
        unsafe { libc::write(fd, (&one as *const u64).cast(), 8) };
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

/// The handlers found in place when the loop was made to wake on their signals (see
/// [`Runtime::wake_on_signal`]): `on_chained` calls them, then wakes the loop.
static CHAINED: [AtomicUsize; 64] = [const { AtomicUsize::new(0) }; 64];
/// Bit n: the handler of signal n takes SA_SIGINFO's three arguments.
static CHAINED_SIGINFO: AtomicU64 = AtomicU64::new(0);
/// Whether some signal wakes the loop that way: every new epoll then watches the eventfd.
static CHAINING: AtomicBool = AtomicBool::new(false);

extern "C" fn on_chained(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    // SAFETY: as in `on_signal`.
    let errno = unsafe { *libc::__errno_location() };
    if (1..64).contains(&sig) {
        let h = CHAINED[sig as usize].load(SeqCst);
        if h > libc::SIG_IGN {
            if CHAINED_SIGINFO.load(SeqCst) & (1 << sig) != 0 {
                // SAFETY: the handler sigaction had for this signal, with SA_SIGINFO:
                // called as the kernel would have, with the kernel's arguments.
                unsafe {
                    let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut c_void) =
                        std::mem::transmute(h);
                    f(sig, info, ctx);
                }
            } else {
                // SAFETY: as above, a one-argument handler.
                unsafe {
                    let f: extern "C" fn(libc::c_int) = std::mem::transmute(h);
                    f(sig);
                }
            }
        }
    }
    let fd = WAKE_FD.load(SeqCst);
    if fd >= 0 {
        let one: u64 = 1;
        // SAFETY: as in `on_signal`.
        unsafe { libc::write(fd, (&one as *const u64).cast(), 8) };
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

/// Watches the eventfd in `r` if some signal wakes the loop through it (a new epoll, or
/// one remade after a fork).
pub(super) fn watch_if_chaining(r: &mut Reactor) -> io::Result<()> {
    if CHAINING.load(SeqCst) {
        r.watch_signals(wake_fd()?)?;
    }
    Ok(())
}

/// The eventfd of this process, made (or remade after a fork) if needed.
fn wake_fd() -> io::Result<RawFd> {
    let fd = WAKE_FD.load(SeqCst);
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    if fd >= 0 && WAKE_PID.load(SeqCst) == pid {
        return Ok(fd);
    }
    // SAFETY: eventfd with valid flags; the result is checked.
    let new = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    let fd = if fd < 0 {
        WAKE_FD.store(new, SeqCst);
        new
    } else {
        // A child: the parent's eventfd is replaced in one step under the same number.
        // SAFETY: both fds are open; `new` is ours to close once duplicated.
        let dup = unsafe { libc::dup3(new, fd, libc::O_CLOEXEC) };
        // SAFETY: as above.
        unsafe { libc::close(new) };
        if dup < 0 {
            return Err(io::Error::last_os_error());
        }
        fd
    };
    WAKE_PID.store(pid, SeqCst);
    Ok(fd)
}

/// A coroutine in `waitSignal`.
struct SigWaiter {
    cid: Cid,
    /// The signals it waits for: bit n for signal n.
    mask: u128,
    /// The signal that woke it (0: none yet).
    got: i32,
}

/// A coroutine waiting for a child.
struct ChildWaiter {
    cid: Cid,
    /// As for waitpid(2): a pid, -1 any child, 0 or -pgid a process group's.
    pid: i32,
    /// What waitpid said: (pid, status), or Err(errno).
    got: Option<Result<(i32, i32), i32>>,
}

/// The waits on signals, and the dispositions we replaced.
pub(crate) struct Signals {
    waiters: Vec<SigWaiter>,
    children: Vec<ChildWaiter>,
    saved: Vec<(i32, libc::sigaction)>,
}

impl Signals {
    pub(crate) const fn new() -> Signals {
        Signals {
            waiters: Vec::new(),
            children: Vec::new(),
            saved: Vec::new(),
        }
    }

    fn in_use(&self, sig: i32) -> bool {
        (sig == libc::SIGCHLD && !self.children.is_empty())
            || self.waiters.iter().any(|w| w.mask & (1 << sig) != 0)
    }

    /// Puts our handler on `sig` (once), keeping what was there. False if the kernel
    /// refuses (SIGKILL, SIGSTOP, numbers it does not know): nothing can come then.
    fn install(&mut self, sig: i32) -> bool {
        if self.saved.iter().any(|&(s, _)| s == sig) {
            return true;
        }
        // SAFETY: sigaction is plain data; the handler is an extern "C" fn of this
        // library, which stays loaded for the process's life (a PHP extension).
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            act.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut act.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, &act, &mut old) != 0 {
                return false;
            }
            self.saved.push((sig, old));
        }
        true
    }

    /// Puts back the disposition of every signal nobody waits for any more.
    fn restore_unused(&mut self) {
        let mut i = 0;
        while i < self.saved.len() {
            let sig = self.saved[i].0;
            if self.in_use(sig) {
                i += 1;
                continue;
            }
            let (_, old) = self.saved.swap_remove(i);
            // SAFETY: `old` is what sigaction gave us for this signal.
            unsafe { libc::sigaction(sig, &old, std::ptr::null_mut()) };
        }
    }
}

/// Why a child wait failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildError {
    /// waitpid's errno (ECHILD: not a child, or no children).
    Os(i32),
    /// The wait ended first (timeout, cancel, runtime stopping).
    Wake(Wake),
}

/// How the embedder runs what its own signal handlers leave for later (PHP: pcntl's
/// handlers set a flag, and the VM calls the PHP handler at its next instruction). A
/// loop idle in epoll_wait executes no instruction: when a signal ends a poll, the loop
/// asks `pending` and, if so, has `run` do the work on the main stack.
#[derive(Clone, Copy)]
pub struct Interrupt {
    /// Whether work is pending (cheap; nothing is installed for it).
    pub pending: fn() -> bool,
    /// Does it, with the main context installed. True: the loop must return now (the
    /// work failed, its error is pending in the embedder: an exception, exit()).
    ///
    /// # Safety
    /// Called by the loop only, on the main stack.
    pub run: unsafe fn() -> bool,
}

impl Runtime {
    /// Sets how the loop runs the embedder's deferred signal work (see [`Interrupt`]).
    pub fn set_interrupt(&self, interrupt: Option<Interrupt>) {
        self.interrupt.set(interrupt);
    }

    /// Makes signal `sig` wake the loop, whatever handler the embedder has put on it
    /// (called after each change of that handler): the handler stays and runs first,
    /// then the loop wakes through the signal source's eventfd. An idle loop ends its
    /// epoll_wait with EINTR anyway when a handler runs; this closes the race where the
    /// signal comes after the loop's last look and before epoll_wait blocks: the
    /// eventfd stays readable, so that epoll_wait returns at once. (epoll_pwait with a
    /// mask would close it too, at two sigprocmask calls per loop turn; and the
    /// embedder's handler cannot be told to write to the eventfd itself.) Default
    /// action or SIG_IGN: nothing to run, nothing done.
    pub fn wake_on_signal(&self, sig: i32) -> io::Result<()> {
        if !(1..64).contains(&sig) {
            return Ok(());
        }
        wake_fd()?;
        // SAFETY: a query, then a new action whose handler is an extern "C" fn of this
        // library, which stays loaded for the process's life (a PHP extension).
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
                return Err(io::Error::last_os_error());
            }
            let mine = on_chained as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut c_void)
                as usize;
            if old.sa_sigaction <= libc::SIG_IGN
                || old.sa_sigaction == mine
                || old.sa_sigaction == on_signal as extern "C" fn(libc::c_int) as usize
            {
                return Ok(());
            }
            // Stored before the new action is in place: a signal in between finds the
            // same handler under either.
            CHAINED[sig as usize].store(old.sa_sigaction, SeqCst);
            if old.sa_flags & libc::SA_SIGINFO != 0 {
                CHAINED_SIGINFO.fetch_or(1 << sig, SeqCst);
            } else {
                CHAINED_SIGINFO.fetch_and(!(1 << sig), SeqCst);
            }
            let mut act = old;
            act.sa_sigaction = mine;
            act.sa_flags |= libc::SA_SIGINFO;
            if libc::sigaction(sig, &act, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        CHAINING.store(true, SeqCst);
        self.check_fork()?;
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            watch_if_chaining(r)?;
        }
        Ok(())
    }

    /// After a poll that a signal or the waker ended: runs the embedder's deferred
    /// signal work if there is some (see [`Interrupt`]). True: the loop must return.
    #[inline(never)]
    pub(super) fn interrupted(&self) -> bool {
        let Some(i) = self.interrupt.get() else {
            return false;
        };
        if !(i.pending)() {
            return false;
        }
        self.unpark_main();
        // SAFETY: the loop, on the main stack, the main context just installed.
        unsafe { (i.run)() }
    }

    /// Whether a coroutine waits for a signal or a child (it keeps the loop alive).
    /// Out of line: the loop asks only when nothing else keeps it alive.
    #[cold]
    #[inline(never)]
    pub(super) fn waits_for_signals(&self) -> bool {
        let s = self.signals.borrow();
        !s.waiters.is_empty() || !s.children.is_empty()
    }

    /// How many coroutines wait in [`Runtime::wait_signal`] (`Coroutine::stats()`'s
    /// `signal_listener_num`, which counts Swoole's waitSignal waiters).
    pub fn signal_waiters(&self) -> usize {
        self.signals.borrow().waiters.len()
    }

    /// Makes sure the eventfd exists and this loop's epoll watches it.
    fn watch_signal_source(&self) -> io::Result<()> {
        self.check_fork()?;
        let fd = wake_fd()?;
        self.reactor_mut()?.watch_signals(fd)
    }

    /// Parks the running coroutine until one of `signals` (0 < n < [`SIGNO_MAX`]) is
    /// delivered to the process; returns it. With two coroutines waiting for the same
    /// signal, the later one gets it (Swoole's rule). Signals the kernel will not let
    /// us catch (SIGKILL, SIGSTOP, 0, > 64) are waited for, and never come.
    pub fn wait_signal(&self, signals: &[i32], deadline: Option<Instant>) -> Result<i32, Wake> {
        if self.watch_signal_source().is_err() {
            return Err(Wake::Closed);
        }
        let cid = self.current_cid();
        let mut mask = 0u128;
        {
            let mut s = self.signals.borrow_mut();
            for &sig in signals {
                if (1..SIGNO_MAX).contains(&sig) {
                    mask |= 1 << sig;
                    s.install(sig);
                }
            }
            s.waiters.push(SigWaiter { cid, mask, got: 0 });
        }
        let wake = self.park_until(deadline, true);
        let got = {
            let mut s = self.signals.borrow_mut();
            let i = s.waiters.iter().position(|w| w.cid == cid);
            let got = i.map_or(0, |i| s.waiters.remove(i).got);
            s.restore_unused();
            got
        };
        match wake {
            Wake::Ready if got > 0 => Ok(got),
            Wake::Ready => Err(Wake::Closed),
            other => Err(other),
        }
    }

    /// waitpid(`pid`, 0) for the running coroutine: (pid, status) once a child it
    /// names has ended. Not a child, or no children: `Os(ECHILD)` at once. When two
    /// coroutines wait for the same child, the later one gets it.
    pub fn wait_child(
        &self,
        pid: i32,
        deadline: Option<Instant>,
    ) -> Result<(i32, i32), ChildError> {
        let cid = self.current_cid();
        {
            let mut s = self.signals.borrow_mut();
            // Caught from before the first look, so that no exit falls in between.
            s.children.push(ChildWaiter {
                cid,
                pid,
                got: None,
            });
            s.install(libc::SIGCHLD);
        }
        let watched = self.watch_signal_source();
        let now = waitpid_nohang(pid);
        let wake = match (now, watched) {
            (Some(_), _) => None,
            (None, Err(e)) => Some(Err(ChildError::Os(e.raw_os_error().unwrap_or(libc::EIO)))),
            (None, Ok(())) => Some(Ok(self.park_until(deadline, true))),
        };
        let got = {
            let mut s = self.signals.borrow_mut();
            let i = s.children.iter().position(|w| w.cid == cid);
            let got = i.and_then(|i| s.children.remove(i).got);
            s.restore_unused();
            got
        };
        match (now, wake) {
            (Some(r), _) => r.map_err(ChildError::Os),
            (None, Some(Err(e))) => Err(e),
            (None, Some(Ok(Wake::Ready))) => match got {
                Some(r) => r.map_err(ChildError::Os),
                None => Err(ChildError::Wake(Wake::Closed)),
            },
            (None, Some(Ok(w))) => Err(ChildError::Wake(w)),
            (None, None) => unreachable!(),
        }
    }

    /// Hands the signals caught since the last call to their waiters (the loop calls
    /// this when the eventfd or the waker fired).
    #[inline]
    pub(super) fn deliver_signals(&self) {
        if PENDING.load(SeqCst) != 0 {
            self.deliver_pending_signals();
        }
    }

    #[cold]
    #[inline(never)]
    fn deliver_pending_signals(&self) {
        let fd = WAKE_FD.load(SeqCst);
        let mut buf = 0u64;
        // SAFETY: reads 8 bytes into a local; EAGAIN (already drained) is fine.
        unsafe { libc::read(fd, (&mut buf as *mut u64).cast(), 8) };
        let bits = PENDING.swap(0, SeqCst);
        let mut wake = Vec::new();
        {
            let mut s = self.signals.borrow_mut();
            for sig in 1..64 {
                if bits & (1 << sig) == 0 {
                    continue;
                }
                if let Some(w) = s
                    .waiters
                    .iter_mut()
                    .rev()
                    .find(|w| w.got == 0 && w.mask & (1 << sig) != 0)
                {
                    w.got = sig;
                    wake.push(w.cid);
                }
                if sig == libc::SIGCHLD {
                    // A child reaped by another waiter (ECHILD now) leaves this one
                    // waiting until its timeout, as in Swoole.
                    for w in s.children.iter_mut().rev().filter(|w| w.got.is_none()) {
                        if let Some(Ok(r)) = waitpid_nohang(w.pid) {
                            w.got = Some(Ok(r));
                            wake.push(w.cid);
                        }
                    }
                }
            }
        }
        for cid in wake {
            let _ = self.resume_from_loop(cid, Wake::Ready);
        }
    }
}

/// waitpid(pid, WNOHANG): None while the child runs, else (pid, status) or the errno.
fn waitpid_nohang(pid: i32) -> Option<Result<(i32, i32), i32>> {
    loop {
        let mut status = 0;
        // SAFETY: `status` is a local the call writes.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        match r {
            0 => return None,
            r if r > 0 => return Some(Ok((r, status))),
            _ => {
                let e = io::Error::last_os_error()
                    .raw_os_error()
                    .unwrap_or(libc::EIO);
                if e != libc::EINTR {
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    fn disposition(sig: i32) -> usize {
        // SAFETY: a query only (null new action).
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(sig, std::ptr::null(), &mut old);
            old.sa_sigaction
        }
    }

    /// The pending bits and the eventfd are the process's, and each test thread's loop
    /// drains them: tests that send signals hold this lock, so that no other thread's
    /// loop takes (and drops) a signal meant for theirs.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
        ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn signals_and_children_through_the_loop() {
        let _one = one_at_a_time();
        let log = Rc::new(RefCell::new(Vec::<String>::new()));
        // SIGUSR2 ignored beforehand: that disposition must come back.
        // SAFETY: installs SIG_IGN for a signal this test owns.
        unsafe { libc::signal(libc::SIGUSR2, libc::SIG_IGN) };
        let l = log.clone();
        spawn(Box::new(move || {
            let t = |ms| Some(deadline_after(Duration::from_millis(ms)));
            let timed_out = with(|rt| rt.wait_signal(&[libc::SIGUSR2], t(10)));
            l.borrow_mut().push(format!("{timed_out:?}"));
            let got_it = Rc::new(Cell::new(false));
            let g = got_it.clone();
            spawn(Box::new(move || {
                // Sent again until it arrives: the pending bits are the process's, and
                // another test thread's loop (every loop watches the signal eventfd) may
                // take one and drop it.
                while !g.get() {
                    sleep(Duration::from_millis(5));
                    // SAFETY: kill of our own process with a signal a waiter catches.
                    unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) };
                }
            }))
            .unwrap();
            let got = with(|rt| rt.wait_signal(&[libc::SIGUSR1, libc::SIGUSR2], t(2000)));
            got_it.set(true);
            l.borrow_mut().push(format!("{got:?}"));
            l.borrow_mut().push(format!(
                "ignored again: {}",
                disposition(libc::SIGUSR2) == libc::SIG_IGN
            ));
            // A child that exits 3, and one waited for with a timeout (reaped by
            // wait_child, not by `Child::wait`).
            #[allow(clippy::zombie_processes)]
            let child = std::process::Command::new("/bin/sh")
                .args(["-c", "sleep 0.05; exit 3"])
                .spawn()
                .unwrap();
            let pid = child.id() as i32;
            let r = with(|rt| rt.wait_child(pid, t(5)));
            l.borrow_mut().push(format!("{r:?}"));
            let r = with(|rt| rt.wait_child(pid, t(2000)));
            l.borrow_mut().push(format!(
                "{:?}",
                r.map(|(p, st)| (p == pid, libc::WEXITSTATUS(st)))
            ));
            let r = with(|rt| rt.wait_child(pid, t(10)));
            l.borrow_mut().push(format!("{r:?}"));
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Done);
        assert_eq!(
            *log.borrow(),
            [
                "Err(Timeout)",
                "Ok(12)",
                "ignored again: true",
                "Err(Wake(Timeout))",
                "Ok((true, 3))",
                "Err(Os(10))",
            ]
        );
        // SAFETY: back to the default for the rest of the test binary.
        unsafe { libc::signal(libc::SIGUSR2, libc::SIG_DFL) };
    }

    /// The embedder's handler (as pcntl's: it only sets a flag) on a signal the loop
    /// wakes on: its deferred work runs while the only coroutine waits with no timer,
    /// whichever thread of the test binary the kernel gives the signal to (ours: the
    /// poll ends with EINTR; another: the chained handler writes the eventfd).
    #[test]
    fn embedder_handler_runs_while_the_loop_idles() {
        let _one = one_at_a_time();
        use std::sync::atomic::AtomicI64;
        static FLAG: AtomicBool = AtomicBool::new(false);
        static WAITER: AtomicI64 = AtomicI64::new(0);
        extern "C" fn handler(_: libc::c_int) {
            FLAG.store(true, SeqCst);
        }
        fn flagged() -> bool {
            FLAG.load(SeqCst)
        }
        unsafe fn cancel_waiter() -> bool {
            FLAG.store(false, SeqCst);
            let _ = with(|rt| rt.cancel(WAITER.load(SeqCst)));
            false
        }
        // SAFETY: a handler of this test for a signal only it sends.
        unsafe { libc::signal(libc::SIGURG, handler as extern "C" fn(libc::c_int) as usize) };
        with(|rt| rt.wake_on_signal(libc::SIGURG)).unwrap();
        with(|rt| {
            rt.set_interrupt(Some(Interrupt {
                pending: flagged,
                run: cancel_waiter,
            }))
        });
        let got = Rc::new(RefCell::new(None));
        let g = got.clone();
        spawn(Box::new(move || {
            WAITER.store(current_cid(), SeqCst);
            let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
            let fd = std::os::fd::AsRawFd::as_raw_fd(&a);
            *g.borrow_mut() = Some(with(|rt| rt.wait_event(fd, true, false, None)));
        }))
        .unwrap();
        let kill = std::thread::spawn(|| {
            std::thread::sleep(Duration::from_millis(20));
            // SAFETY: a signal with a handler installed above.
            unsafe { libc::kill(libc::getpid(), libc::SIGURG) };
        });
        assert_eq!(run(), LoopEnd::Done);
        kill.join().unwrap();
        assert_eq!(
            *got.borrow(),
            Some(Err(super::super::EventWaitError::Wake(Wake::Cancelled)))
        );
        with(|rt| rt.set_interrupt(None));
        // SAFETY: back to the default (SIGURG's is to ignore it).
        unsafe { libc::signal(libc::SIGURG, libc::SIG_DFL) };
    }
}
