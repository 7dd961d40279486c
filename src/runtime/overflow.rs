//! A coroutine whose stack overflows ends the process with a message naming the cause
//! and the fix, instead of dying of a bare SIGSEGV.
//!
//! Recursion through C frames (in PHP 8.2: internal callbacks, `array_map` → closure →
//! `array_map` …) uses the coroutine's own stack, and deep enough it reaches the guard
//! page below that stack (see `stack.rs`). The kernel then sends SIGSEGV. Here a
//! SIGSEGV/SIGBUS handler, installed once per process when the first coroutine is
//! spawned, runs on an alternate signal stack (the faulting stack has no room left for
//! a handler's frame) and checks whether the fault address lies just below the usable
//! part of the running coroutine's stack. If it does, the handler writes one line
//! naming the coroutine, its stack size and how to raise it (`c_stack_size`) to stderr,
//! and ends the process with status 255, PHP's status for a fatal error. Any other
//! fault goes to the handler that was installed before, or gets the default action (a
//! core dump), as if this handler were not there.
//!
//! The handler may interrupt the program anywhere, even inside `malloc` holding its
//! lock, so it only reads plain words, formats into a buffer on its own stack, and
//! calls `write(2)`, `_exit(2)`, `sigaction(2)` and `raise(3)`, which are
//! async-signal-safe. The running coroutine is published in process-wide atomics (three
//! plain stores per switch, in `Runtime::switch_into`), not in thread-local storage: in
//! a library loaded with `dlopen`, as PHP loads this one, a thread's first access to
//! its thread-locals may allocate. PHP runs one runtime per process, and for that the
//! published state is exact. Where several threads run coroutines at once (`cargo
//! test`), another thread's stores can hide an overflow (a plain SIGSEGV, as before) or
//! give it the wrong coroutine id in the message; a fault that is not at the edge of a
//! stack never matches.
//!
//! What the handler cannot see: a frame bigger than a page made by code without stack
//! probes can step past the guard page into whatever lies below (often another stack,
//! where nothing faults at once, or unmapped memory more than [`REACH`] down), and a
//! canary-checked stack (no guard page) only faults if nothing is mapped just below
//! it; its canary check at the next switch is the backstop there.

use std::ffi::{c_int, c_void};
use std::mem::MaybeUninit;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use super::stack::{self, MAX_STACK_SIZE};
use super::Cid;

/// How far below a stack's lowest usable byte a fault counts as that stack's overflow:
/// the guard page, and a few pages more for frames that step past it. Frames smaller
/// than a page (nearly all of PHP's) and code built with stack probes (Rust; C with
/// `-fstack-clash-protection`, which Debian 12's PHP is not) fault in the guard page
/// itself; a bigger frame without probes can skip past it. Kept small so that a fault
/// in a neighbouring mapping is not taken for an overflow.
pub const REACH: usize = 16 * 1024;

/// PHP's exit status for a fatal error.
pub const EXIT_STATUS: c_int = 255;

/// Size of the alternate signal stack made for a thread that has none big enough.
const ALTSTACK_SIZE: usize = 64 * 1024;
/// An alternate signal stack already in place is kept if it is at least this big: the
/// handler needs about 1 KiB, the kernel's signal frame up to ~12 KiB (AMX state).
const ALTSTACK_KEEP: usize = 32 * 1024;

/// The signals an overflow raises: SIGSEGV for a guard page or unmapped memory,
/// SIGBUS on some kernels and architectures.
const SIGNALS: [c_int; 2] = [libc::SIGSEGV, libc::SIGBUS];

/// The running coroutine's lowest usable stack address (0 on the main stack), its id
/// and its stack size, as [`publish`] last set them.
static RUNNING_LOWEST: AtomicUsize = AtomicUsize::new(0);
static RUNNING_CID: AtomicI64 = AtomicI64::new(0);
static RUNNING_SIZE: AtomicUsize = AtomicUsize::new(0);

/// Publishes the coroutine about to run, or the main stack (`lowest` 0), for the fault
/// handler. Called on every switch, in both directions: three plain stores.
///
/// The handler runs on the thread that faulted, so it sees this thread's stores in
/// program order; the context switch after them is a compiler barrier (inline asm).
#[inline]
pub(crate) fn publish(lowest: usize, cid: Cid, size: usize) {
    RUNNING_CID.store(cid, Ordering::Relaxed);
    RUNNING_SIZE.store(size, Ordering::Relaxed);
    RUNNING_LOWEST.store(lowest, Ordering::Relaxed);
}

/// Whether a fault at `addr` is an overflow of the stack whose lowest usable byte is
/// `lowest` (0: the main stack, which is not ours to report).
fn is_overflow(lowest: usize, addr: usize) -> bool {
    lowest != 0 && addr < lowest && addr >= lowest.saturating_sub(REACH)
}

static PREFIX: OnceLock<&'static str> = OnceLock::new();

/// Sets what the overflow message starts with (the PHP layer gives PHP's
/// `"PHP Fatal error:  "`); `"cosocket: fatal: "` until then. The first call wins.
pub fn set_message_prefix(prefix: &'static str) {
    let _ = PREFIX.set(prefix);
}

fn prefix() -> &'static str {
    PREFIX.get().copied().unwrap_or("cosocket: fatal: ")
}

/// One line of text in a fixed buffer (the handler must not allocate). What does not
/// fit is cut off.
struct Line {
    buf: [u8; 640],
    len: usize,
}

impl Line {
    fn new() -> Line {
        Line {
            buf: [0; 640],
            len: 0,
        }
    }

    fn push(&mut self, s: &str) -> &mut Line {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        self
    }

    fn num(&mut self, n: i64) -> &mut Line {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut m = n.unsigned_abs();
        loop {
            i -= 1;
            digits[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if n < 0 {
            self.push("-");
        }
        // ASCII digits are UTF-8.
        self.push(std::str::from_utf8(&digits[i..]).unwrap_or("?"))
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// The message for an overflow of coroutine `cid`, whose stack has `size` usable bytes.
fn compose(line: &mut Line, prefix: &str, cid: Cid, size: usize) {
    let size = size as i64;
    let max = MAX_STACK_SIZE as i64;
    line.push(prefix)
        .push("Maximum call stack size of ")
        .num(size)
        .push(" bytes reached in coroutine ")
        .num(cid)
        .push(
            ": its C stack overflowed (infinite recursion, or deep recursion through callbacks?). ",
        );
    if size < max {
        line.push("Raise it with Swoole\\Coroutine::set(['c_stack_size' => ")
            .num((size * 2).min(max))
            .push("]) (now ")
            .num(size)
            .push(" bytes, at most ")
            .num(max)
            .push(")\n");
    } else {
        line.push("c_stack_size is already at its maximum of ")
            .num(max)
            .push(" bytes: recurse less deeply\n");
    }
}

/// Writes the message for the published coroutine to stderr and ends the process.
#[cold]
fn report() -> ! {
    let mut line = Line::new();
    let (cid, size) = (
        RUNNING_CID.load(Ordering::Relaxed),
        RUNNING_SIZE.load(Ordering::Relaxed),
    );
    compose(&mut line, prefix(), cid, size);
    let mut out = line.as_bytes();
    while !out.is_empty() {
        // SAFETY: writes initialised bytes of `line` to fd 2; write(2) is async-signal-safe.
        let n = unsafe { libc::write(2, out.as_ptr().cast(), out.len()) };
        if n > 0 {
            out = &out[n as usize..];
        } else if n < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        } else {
            break;
        }
    }
    // SAFETY: _exit ends the process at once, without running atexit handlers or
    // destructors (which could take locks the interrupted code holds).
    unsafe { libc::_exit(EXIT_STATUS) }
}

/// The disposition a signal had before ours, kept for faults that are not overflows.
struct Previous {
    set: AtomicBool,
    action: std::cell::UnsafeCell<MaybeUninit<libc::sigaction>>,
}

// SAFETY: `action` is written once, before `set` is stored (Release) and before our
// handler, its only other reader, is installed; afterwards it is only read.
unsafe impl Sync for Previous {}

impl Previous {
    const fn new() -> Previous {
        Previous {
            set: AtomicBool::new(false),
            action: std::cell::UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    fn get(&self) -> Option<&libc::sigaction> {
        if !self.set.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: `set` says `action` was initialised, and it is never written again.
        Some(unsafe { (*self.action.get()).assume_init_ref() })
    }
}

static PREVIOUS: [Previous; 2] = [Previous::new(), Previous::new()];

fn previous(sig: c_int) -> Option<&'static libc::sigaction> {
    SIGNALS
        .iter()
        .position(|&s| s == sig)
        .and_then(|i| PREVIOUS[i].get())
}

/// The SIGSEGV/SIGBUS handler.
extern "C" fn on_fault(sig: c_int, info: *mut libc::siginfo_t, uctx: *mut c_void) {
    // SAFETY: with SA_SIGINFO the kernel passes a valid siginfo_t.
    let (code, addr) = unsafe { ((*info).si_code, (*info).si_addr() as usize) };
    // si_code > 0: the kernel sent it for a fault and si_addr is the faulting address;
    // otherwise kill(2), raise(3) or sigqueue(3) sent it and si_addr means nothing.
    if code > 0 {
        let lowest = RUNNING_LOWEST.load(Ordering::Relaxed);
        if is_overflow(lowest, addr) {
            report();
        }
    }
    // SAFETY: our own handler's arguments, passed on unchanged.
    unsafe { pass_on(sig, info, uctx) }
}

/// Hands a fault that is not an overflow to what handled `sig` before us: its handler
/// is called directly; a default (or ignored) disposition is put back and the handler
/// returns, so the faulting instruction runs again and faults with no handler: the
/// process ends as it would have without us (a core dump, for SIGSEGV). A signal that
/// was sent rather than caused by a fault is sent again for the same effect.
///
/// # Safety
/// Only from [`on_fault`], with the arguments the kernel gave it.
unsafe fn pass_on(sig: c_int, info: *mut libc::siginfo_t, uctx: *mut c_void) {
    // SAFETY (the whole body): sigaction, sigemptyset and raise are async-signal-safe;
    // the previous handler was installed for this signal and expects these arguments.
    unsafe {
        let sent = (*info).si_code <= 0;
        let mut dfl: libc::sigaction = std::mem::zeroed();
        let prev = match previous(sig) {
            Some(p) => p,
            None => {
                dfl.sa_sigaction = libc::SIG_DFL;
                libc::sigemptyset(&mut dfl.sa_mask);
                &dfl
            }
        };
        match prev.sa_sigaction {
            libc::SIG_IGN if sent => {}
            libc::SIG_DFL | libc::SIG_IGN => {
                libc::sigaction(sig, prev, ptr::null_mut());
                if sent {
                    // Blocked while this handler runs: delivered, with the default
                    // action, when it returns.
                    libc::raise(sig);
                }
            }
            h if prev.sa_flags & libc::SA_SIGINFO != 0 => {
                let f: extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) =
                    std::mem::transmute(h);
                f(sig, info, uctx);
            }
            h => {
                let f: extern "C" fn(c_int) = std::mem::transmute(h);
                f(sig);
            }
        }
    }
}

/// Records the previous dispositions and installs [`on_fault`] for SIGSEGV and SIGBUS.
fn install_handler() {
    for (slot, &sig) in PREVIOUS.iter().zip(SIGNALS.iter()) {
        let mut prev = MaybeUninit::<libc::sigaction>::zeroed();
        // SAFETY: only reads the current disposition, into our own storage.
        if unsafe { libc::sigaction(sig, ptr::null(), prev.as_mut_ptr()) } != 0 {
            continue;
        }
        // SAFETY: the only write to `action`: this runs once (`Once`), before `set` and
        // before our handler (the other reader) is installed.
        unsafe { *slot.action.get() = prev };
        slot.set.store(true, Ordering::Release);
        // SAFETY: all-zero is a valid sigaction (no flags, empty mask, SIG_DFL).
        let mut act: libc::sigaction = unsafe { std::mem::zeroed() };
        let handler: extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) = on_fault;
        act.sa_sigaction = handler as libc::sighandler_t;
        act.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        // SAFETY: `act` is a valid sigaction whose handler only does async-signal-safe
        // things (module docs); SA_ONSTACK runs it on the thread's alternate stack.
        unsafe {
            libc::sigemptyset(&mut act.sa_mask);
            libc::sigaction(sig, &act, ptr::null_mut());
        }
    }
}

/// Gives this thread an alternate signal stack unless it has one big enough already.
/// The mapping lives as long as the thread may take signals, so it is never unmapped:
/// one per thread that runs coroutines (one, in PHP).
fn install_altstack() {
    // SAFETY: all-zero is a valid stack_t; sigaltstack only fills it in.
    let mut old: libc::stack_t = unsafe { std::mem::zeroed() };
    // SAFETY: queries this thread's alternate stack into `old`.
    if unsafe { libc::sigaltstack(ptr::null(), &mut old) } == 0
        && old.ss_flags & libc::SS_DISABLE == 0
        && old.ss_size >= ALTSTACK_KEEP
    {
        return;
    }
    let page = stack::page_size();
    let len = ALTSTACK_SIZE + page;
    // SAFETY: a fresh private anonymous mapping overlaps nothing of ours.
    let addr = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if addr == libc::MAP_FAILED {
        return; // overflows on this thread stay plain SIGSEGVs
    }
    // A guard page below it, so a handler that overflowed would fault rather than
    // write over other memory; failing that, the stack works without one.
    // SAFETY: the lowest page of the mapping just made.
    unsafe { libc::mprotect(addr, page, libc::PROT_NONE) };
    let st = libc::stack_t {
        // SAFETY: `page` bytes into a mapping of `len` bytes.
        ss_sp: unsafe { addr.cast::<u8>().add(page) }.cast(),
        ss_flags: 0,
        ss_size: ALTSTACK_SIZE,
    };
    // SAFETY: `st` describes memory we own and never unmap while the thread lives.
    if unsafe { libc::sigaltstack(&st, ptr::null_mut()) } != 0 {
        // SAFETY: our mapping, not in use.
        unsafe { libc::munmap(addr, len) };
    }
}

thread_local! {
    /// Whether this thread has been through [`arm`].
    static ARMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

static INSTALLED: Once = Once::new();

/// Makes an overflow of a coroutine stack run on this thread get reported: this
/// thread's alternate signal stack (once per thread), then the handler (once per
/// process). Called before each spawn; after the first, one thread-local load.
pub(crate) fn arm() {
    if ARMED.get() {
        return;
    }
    ARMED.set(true);
    install_altstack();
    INSTALLED.call_once(install_handler);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::stack::{Guard, MmapStack};
    use crate::runtime::{self, MIN_STACK_SIZE};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Output};
    use std::time::Duration;

    /// Set in the child process a test re-runs itself in, to the case to run there.
    const CHILD: &str = "COSOCKET_TEST_OVERFLOW_CASE";

    /// Recurses in frames of ~300 bytes until the stack runs out.
    #[inline(never)]
    #[allow(unconditional_recursion)]
    fn bottomless(n: usize) -> usize {
        let buf = std::hint::black_box([n as u8; 256]);
        let deeper = bottomless(n + 1);
        std::hint::black_box(&buf);
        deeper
    }

    /// Runs this test binary again with only the test `name`, `CHILD` set to `case`.
    fn rerun(name: &str, case: &str) -> Output {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(CHILD, case)
            .output()
            .unwrap()
    }

    /// Keeps a child that is meant to die of SIGSEGV from writing a core file.
    fn no_core_dump() {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: sets a limit of this (child) process from a valid struct.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) };
    }

    #[test]
    fn message_names_the_size_the_coroutine_and_the_fix() {
        let mut line = Line::new();
        compose(&mut line, "PHP Fatal error:  ", 7, 2 * 1024 * 1024);
        let text = std::str::from_utf8(line.as_bytes()).unwrap();
        assert_eq!(
            text,
            "PHP Fatal error:  Maximum call stack size of 2097152 bytes reached in coroutine 7: its C \
             stack overflowed (infinite recursion, or deep recursion through callbacks?). Raise it with \
             Swoole\\Coroutine::set(['c_stack_size' => 4194304]) (now 2097152 bytes, at most 16777216)\n"
        );
        let mut line = Line::new();
        compose(&mut line, "", 1, MAX_STACK_SIZE);
        let text = std::str::from_utf8(line.as_bytes()).unwrap();
        assert!(
            text.ends_with(
                "c_stack_size is already at its maximum of 16777216 bytes: recurse less deeply\n"
            ),
            "{text}"
        );
        let mut line = Line::new();
        line.num(0).push(" ").num(-42).push(" ").num(i64::MAX);
        assert_eq!(line.as_bytes(), b"0 -42 9223372036854775807");
    }

    #[test]
    fn only_faults_just_below_a_coroutine_stack_are_overflows() {
        let lowest = 0x7f00_0010_0000;
        assert!(is_overflow(lowest, lowest - 1));
        assert!(is_overflow(lowest, lowest - 4096));
        assert!(is_overflow(lowest, lowest - REACH));
        assert!(!is_overflow(lowest, lowest - REACH - 1));
        assert!(!is_overflow(lowest, lowest));
        assert!(!is_overflow(lowest, lowest + 100));
        assert!(!is_overflow(0, 0));
        assert!(!is_overflow(0, 16));
    }

    /// In a child: coroutine 1 starts coroutine 2 (which parks, so the published stack
    /// must be put back to coroutine 1's), then recurses until its stack runs out.
    /// The child must end with status 255 and the message, not a signal. Once with
    /// each kind of guard page this kernel has.
    #[test]
    fn coroutine_overflow_exits_255_with_the_message() {
        let name = "runtime::overflow::tests::coroutine_overflow_exits_255_with_the_message";
        match std::env::var(CHILD).as_deref() {
            Ok(case @ ("madvise" | "mprotect")) => {
                no_core_dump();
                let guard = if case == "madvise" {
                    Guard::Madvise
                } else {
                    Guard::Mprotect
                };
                runtime::with(|rt| {
                    rt.set_stack_size(MIN_STACK_SIZE);
                    rt.stacks.borrow_mut().force_guard(Some(guard));
                });
                runtime::spawn(Box::new(|| {
                    runtime::spawn(Box::new(|| {
                        runtime::sleep(Duration::from_millis(1));
                    }))
                    .unwrap();
                    bottomless(0);
                }))
                .unwrap();
                unreachable!("the overflow did not end the process");
            }
            Ok(_) => return,
            Err(_) => {}
        }
        let mut cases = vec!["mprotect"];
        if MmapStack::with_guard(MIN_STACK_SIZE, Guard::Madvise).is_ok() {
            cases.push("madvise");
        }
        for case in cases {
            let out = rerun(name, case);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(EXIT_STATUS),
                "{case}: {:?}: {err}",
                out.status
            );
            let want = format!(
                "cosocket: fatal: Maximum call stack size of {MIN_STACK_SIZE} bytes reached in coroutine 1: its C \
                 stack overflowed"
            );
            assert!(err.contains(&want), "{case}: {err}");
            let fix = format!(
                "Swoole\\Coroutine::set(['c_stack_size' => {}])",
                2 * MIN_STACK_SIZE
            );
            assert!(err.contains(&fix), "{case}: {err}");
        }
    }

    /// Faults that are not a running coroutine's overflow are passed on and end the
    /// process with SIGSEGV as before: a null write in a coroutine, a write to the guard
    /// page of a coroutine that is parked (not running), and a null write on the main
    /// stack after coroutines ran.
    #[test]
    fn other_faults_still_end_in_sigsegv() {
        let name = "runtime::overflow::tests::other_faults_still_end_in_sigsegv";
        if let Ok(case) = std::env::var(CHILD).as_deref() {
            no_core_dump();
            let null = std::hint::black_box(ptr::null_mut::<u8>());
            match case {
                "null-in-coroutine" => {
                    // SAFETY: a deliberate fault: this child process exists to die of it.
                    runtime::spawn(Box::new(move || unsafe { null.write_volatile(1) })).unwrap();
                }
                "parked-guard" => {
                    let cid = runtime::spawn(Box::new(|| {
                        runtime::sleep(Duration::from_secs(60));
                    }))
                    .unwrap();
                    let guard = runtime::with(|rt| rt.lookup(cid).unwrap().bounds.lowest - 1);
                    runtime::spawn(Box::new(move || {
                        // SAFETY: a deliberate fault: this child process exists to die of it.
                        unsafe { (guard as *mut u8).write_volatile(1) }
                    }))
                    .unwrap();
                }
                "null-on-main" => {
                    runtime::spawn(Box::new(|| {})).unwrap();
                    // SAFETY: a deliberate fault: this child process exists to die of it.
                    unsafe { null.write_volatile(1) };
                }
                _ => return,
            }
            unreachable!("no fault");
        }
        for case in ["null-in-coroutine", "parked-guard", "null-on-main"] {
            let out = rerun(name, case);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.signal(),
                Some(libc::SIGSEGV),
                "{case}: {:?}: {err}",
                out.status
            );
            assert!(!err.contains("Maximum call stack size"), "{case}: {err}");
        }
    }
}
