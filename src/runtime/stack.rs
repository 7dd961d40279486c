//! Coroutine stacks: one anonymous mapping each, committed lazily by the kernel, with a
//! guard page that costs no extra mapping where the kernel allows it, and pooled so
//! that spawning does not pay for mmap/munmap.
//!
//! Why not corosensei's `DefaultStack`: it guards its lowest page with `mprotect`,
//! which splits the mapping in two, so every stack costs two of the process's
//! `vm.max_map_count` mappings (65,530 by default): about 32,500 coroutines, then
//! "Cannot allocate memory". Here a stack is one `mmap`, and its lowest page becomes a
//! guard in one of three ways, best first (see [`Guard`]):
//!
//! 1. `madvise(MADV_GUARD_INSTALL)` (Linux ≥ 6.13): the kernel marks the page in the
//!    page table; touching it faults like a `PROT_NONE` page, and the mapping is not
//!    split. Adjacent stacks even merge into one mapping, so the number of live
//!    coroutines is bounded by memory, not by `vm.max_map_count`.
//! 2. Where that is unsupported (`EINVAL`, e.g. Debian 12's 6.1 kernel): `mprotect`,
//!    as `DefaultStack` does, for a budget of stacks: [`mprotect_budget`], a quarter of
//!    `vm.max_map_count` (each costs two mappings, so guarded stacks take at most half
//!    of the process's mappings). The other half is left for everything else the
//!    process maps (PHP's heap chunks, libraries, malloc) and for the stacks that
//!    follow, which cost one mapping at most each (adjacent ones merge).
//! 3. Past that budget: no guard page, but a canary word at the stack's lowest
//!    address, which the runtime checks each time the coroutine switches out; a
//!    smashed canary aborts the process with a message naming the cause and the fix.
//!    This detects an overflow instead of preventing it: between the overflow and the
//!    next switch, the coroutine may have written below its stack (into a neighbouring
//!    stack, or faulted on unmapped memory), and a frame that skips the canary word
//!    without writing it goes unseen. Aborting at the first sign keeps that corruption
//!    from being acted on later; refusing to spawn instead would make the program fail
//!    where Swoole (whose stacks have no guard page at all by default) runs. Only a
//!    process with more live coroutines than the mprotect budget, on a kernel without
//!    `MADV_GUARD_INSTALL`, gets such stacks.
//!
//! A running coroutine that reaches its guard page gets a fatal error naming the cause
//! and `c_stack_size` rather than a bare SIGSEGV: see `overflow.rs`.

use std::io;
use std::io::Write as _;
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::OnceLock;

use corosensei::stack::valgrind::ValgrindStackRegistration;
use corosensei::stack::{Stack, StackPointer};

/// Swoole's default C stack size.
pub const DEFAULT_STACK_SIZE: usize = 2 * 1024 * 1024;
/// Lower bound for `c_stack_size` (Swoole clamps to the same range).
pub const MIN_STACK_SIZE: usize = 64 * 1024;
/// Upper bound for `c_stack_size`.
pub const MAX_STACK_SIZE: usize = 16 * 1024 * 1024;
/// Stacks kept for reuse; more than this are unmapped when freed.
const POOL_LIMIT: usize = 512;

/// `MADV_GUARD_INSTALL` from `<linux/mman.h>` (Linux 6.13); libc 0.2 does not have it.
const MADV_GUARD_INSTALL: libc::c_int = 102;
/// The word a canary-checked stack keeps at its lowest address.
const CANARY: u64 = 0xC05C_0C4E_57AC_CA9E;

/// How a stack's lowest page is protected against overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// A guard region installed with `madvise(MADV_GUARD_INSTALL)`: no extra mapping.
    Madvise,
    /// The lowest page `mprotect`ed to `PROT_NONE`: the mapping splits in two.
    Mprotect,
    /// No guard page: a canary word at the lowest address, checked at each switch out.
    Canary,
}

/// How [`MmapStack::create`] picks the guard.
#[derive(Clone, Copy, Debug)]
enum Choice {
    /// `MADV_GUARD_INSTALL` if the kernel has it, else [`Choice::Fallback`] with
    /// [`mprotect_budget`].
    Best,
    /// `mprotect` while fewer than this many such stacks are alive, else the canary
    /// (what `Best` does without `MADV_GUARD_INSTALL`; tests ask for it directly).
    #[cfg_attr(not(test), allow(dead_code))]
    Fallback(usize),
    /// This one (tests).
    Exactly(Guard),
}

/// Whether the kernel takes `MADV_GUARD_INSTALL`: learnt from the first stack.
static MADV_GUARD: AtomicU8 = AtomicU8::new(MADV_UNKNOWN);
const MADV_UNKNOWN: u8 = 0;
const MADV_SUPPORTED: u8 = 1;
const MADV_UNSUPPORTED: u8 = 2;

/// Live stacks guarded by `mprotect` (process-wide: the map count is per process).
static MPROTECT_LIVE: AtomicUsize = AtomicUsize::new(0);

/// How many stacks may be guarded by `mprotect` at once: a quarter of
/// `/proc/sys/vm/max_map_count` (65,530 when it cannot be read), read once.
pub fn mprotect_budget() -> usize {
    static BUDGET: OnceLock<usize> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        let max = std::fs::read_to_string("/proc/sys/vm/max_map_count")
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(65_530);
        max / 4
    })
}

/// Live stacks guarded by `mprotect` in this process (tests check the budget with it).
#[cfg(test)]
pub fn mprotect_live() -> usize {
    MPROTECT_LIVE.load(Ordering::Relaxed)
}

/// The page size (a power of two), asked of the system once: every spawn needs it.
pub fn page_size() -> usize {
    static PAGE: AtomicUsize = AtomicUsize::new(0);
    match PAGE.load(Ordering::Relaxed) {
        0 => {
            // SAFETY: sysconf has no preconditions.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            let page = usize::try_from(page)
                .ok()
                .filter(|p| p.is_power_of_two())
                .unwrap_or(4096);
            PAGE.store(page, Ordering::Relaxed);
            page
        }
        page => page,
    }
}

/// How stacks are guarded in this process, for `php --ri`: probes the kernel if no
/// stack has been made yet.
pub fn guard_description() -> String {
    if MADV_GUARD.load(Ordering::Relaxed) == MADV_UNKNOWN {
        // A one-stack probe settles it (and is pooled by nobody: dropped at once).
        let _ = MmapStack::new(MIN_STACK_SIZE);
    }
    match MADV_GUARD.load(Ordering::Relaxed) {
        MADV_SUPPORTED => "guard page (MADV_GUARD_INSTALL)".to_string(),
        _ => format!(
            "guard page (mprotect) for {} stacks, then a canary",
            mprotect_budget()
        ),
    }
}

/// A coroutine stack: one anonymous private mapping, `PROT_READ|PROT_WRITE`,
/// `MAP_NORESERVE` (pages are committed when first touched), whose lowest page is
/// its guard (see [`Guard`]).
pub struct MmapStack {
    /// The highest address (one past the mapping's end).
    base: StackPointer,
    /// The mapping's length: the usable size rounded up to pages, plus one page.
    len: usize,
    guard: Guard,
    valgrind: ManuallyDrop<ValgrindStackRegistration>,
}

impl MmapStack {
    /// Maps a stack of at least `size` usable bytes, guarded the best way the kernel
    /// allows (the first call finds out whether that is `MADV_GUARD_INSTALL`).
    pub fn new(size: usize) -> io::Result<MmapStack> {
        MmapStack::create(size, Choice::Best)
    }

    /// Maps a stack as on a kernel without `MADV_GUARD_INSTALL`: guarded by `mprotect`
    /// while fewer than `budget` such stacks are alive, else canary-checked.
    #[cfg(test)]
    pub fn without_madvise(size: usize, budget: usize) -> io::Result<MmapStack> {
        MmapStack::create(size, Choice::Fallback(budget))
    }

    /// Maps a stack guarded the way `guard` says, whatever the kernel supports best
    /// (tests use it to exercise the fallbacks on a kernel that has
    /// `MADV_GUARD_INSTALL`). [`Guard::Madvise`] fails where the kernel lacks it.
    #[cfg(test)]
    pub fn with_guard(size: usize, guard: Guard) -> io::Result<MmapStack> {
        MmapStack::create(size, Choice::Exactly(guard))
    }

    fn create(size: usize, choice: Choice) -> io::Result<MmapStack> {
        let page = page_size();
        let size = size.max(corosensei::stack::MIN_STACK_SIZE);
        let len = size
            .checked_add(2 * page - 1)
            .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOMEM))?
            & !(page - 1);
        // MAP_STACK: since Linux 6.7 it keeps transparent huge pages off the mapping
        // (one would commit 2 MiB for a stack that touches 8 KiB); older kernels
        // ignore it. Every stack has the same flags, so neighbours can still merge.
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK;
        // SAFETY: a fresh anonymous mapping at an address the kernel picks overlaps
        // nothing of ours.
        let addr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                flags,
                -1,
                0,
            )
        };
        if addr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let low = addr as usize;
        // Built before the guard is set up so that an error below unmaps it (Drop).
        // Canary until a guard is in place: Drop then has no budget to give back.
        let mut stack = MmapStack {
            base: StackPointer::new(low + len).expect("mmap returned the top of memory"),
            len,
            guard: Guard::Canary,
            valgrind: ManuallyDrop::new(ValgrindStackRegistration::new(addr.cast(), len)),
        };
        stack.guard = match choice {
            Choice::Best => stack.install_best_guard(page)?,
            Choice::Fallback(budget) => stack.install_fallback_guard(page, budget)?,
            Choice::Exactly(Guard::Madvise) => {
                stack.install_madvise_guard(page)?;
                Guard::Madvise
            }
            Choice::Exactly(Guard::Mprotect) => stack.install_fallback_guard(page, usize::MAX)?,
            Choice::Exactly(Guard::Canary) => Guard::Canary,
        };
        if stack.guard == Guard::Canary {
            // SAFETY: `low` is the start of our fresh, writable, page-aligned mapping.
            unsafe { (low as *mut u64).write(CANARY) };
        }
        Ok(stack)
    }

    /// `MADV_GUARD_INSTALL` if the kernel has it (tried on the first stack), else the
    /// fallbacks in the module docs: mprotect within the budget, then the canary.
    fn install_best_guard(&mut self, page: usize) -> io::Result<Guard> {
        if MADV_GUARD.load(Ordering::Relaxed) != MADV_UNSUPPORTED {
            match self.install_madvise_guard(page) {
                Ok(()) => {
                    MADV_GUARD.store(MADV_SUPPORTED, Ordering::Relaxed);
                    return Ok(Guard::Madvise);
                }
                // EINVAL: an older kernel does not know the advice; EPERM/ENOSYS: a
                // seccomp filter refuses it. Either way it will not work later either.
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EINVAL | libc::EPERM | libc::ENOSYS)
                    ) =>
                {
                    MADV_GUARD.store(MADV_UNSUPPORTED, Ordering::Relaxed);
                }
                Err(e) => return Err(e),
            }
        }
        self.install_fallback_guard(page, mprotect_budget())
    }

    /// An mprotect'd guard page if fewer than `budget` such stacks are alive, else
    /// nothing (the caller writes the canary).
    fn install_fallback_guard(&mut self, page: usize, budget: usize) -> io::Result<Guard> {
        let reserved = MPROTECT_LIVE
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < budget).then_some(n + 1)
            })
            .is_ok();
        if !reserved {
            return Ok(Guard::Canary);
        }
        self.guard = Guard::Mprotect;
        self.install_mprotect_guard(page)?;
        Ok(Guard::Mprotect)
    }

    fn install_madvise_guard(&self, page: usize) -> io::Result<()> {
        // SAFETY: the lowest page of our own mapping; nothing lives there yet.
        if unsafe {
            libc::madvise(
                self.limit().get() as *mut libc::c_void,
                page,
                MADV_GUARD_INSTALL,
            )
        } != 0
        {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    fn install_mprotect_guard(&self, page: usize) -> io::Result<()> {
        // SAFETY: the lowest page of our own mapping; nothing lives there yet.
        if unsafe {
            libc::mprotect(
                self.limit().get() as *mut libc::c_void,
                page,
                libc::PROT_NONE,
            )
        } != 0
        {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// How this stack is guarded.
    #[cfg(test)]
    pub fn guard(&self) -> Guard {
        self.guard
    }

    /// The lowest address a coroutine may write: just above the guard page (the
    /// canary's own address on a canary-checked stack, which has no guard page).
    pub fn lowest_usable(&self) -> usize {
        match self.guard {
            Guard::Canary => self.limit().get(),
            Guard::Madvise | Guard::Mprotect => self.limit().get() + page_size(),
        }
    }

    /// Where this stack lies. It stays true while the stack is mapped, wherever the
    /// `MmapStack` moves, so it is copied out before a coroutine takes the stack over.
    pub fn bounds(&self) -> Bounds {
        Bounds {
            base: self.base.get(),
            lowest: self.lowest_usable(),
        }
    }

    /// The canary to check at each switch out ([`Canary::NONE`] for a guarded stack).
    /// It stays valid while this stack is mapped, wherever the `MmapStack` moves.
    pub fn canary(&self) -> Canary {
        match self.guard {
            Guard::Canary => Canary(self.limit().get() as *mut u64),
            Guard::Madvise | Guard::Mprotect => Canary::NONE,
        }
    }
}

impl Drop for MmapStack {
    fn drop(&mut self) {
        // SAFETY: dropped once, here; the registration is not used afterwards.
        unsafe { ManuallyDrop::drop(&mut self.valgrind) };
        // SAFETY: the mapping is ours and no coroutine runs on it any more (a coroutine
        // owns its stack and gives it back only once it is done or reset).
        let rc = unsafe { libc::munmap(self.limit().get() as *mut libc::c_void, self.len) };
        debug_assert_eq!(rc, 0);
        if self.guard == Guard::Mprotect {
            MPROTECT_LIVE.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: `base` and `limit` bound one mapping we own, both page-aligned (so aligned to
// STACK_ALIGNMENT), with more than corosensei's MIN_STACK_SIZE usable between them.
// The trait also asks for a guard page: Madvise and Mprotect stacks have one at
// `limit`. Canary stacks do not: for them an overflow is detected at the coroutine's
// next switch out (the runtime checks `canary()` and aborts) rather than faulting at
// once. That weaker promise is a deliberate fallback, used only past the mprotect
// budget on kernels without MADV_GUARD_INSTALL; the module docs give the reasoning.
unsafe impl Stack for MmapStack {
    #[inline]
    fn base(&self) -> StackPointer {
        self.base
    }

    #[inline]
    fn limit(&self) -> StackPointer {
        StackPointer::new(self.base.get() - self.len).expect("stack mapping at address 0")
    }
}

/// Where a coroutine's stack lies: what PHP ≥ 8.3 is told as `EG(stack_base)` and
/// `EG(stack_limit)`, and where an overflow faults (see `overflow.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// One past the highest address: the first frame starts just below it.
    pub base: usize,
    /// The lowest byte a coroutine may use; the guard page (if any) lies below it.
    pub lowest: usize,
}

/// Where a canary-checked stack keeps its canary word, or nothing for a guarded stack.
/// Copied out of the stack before the coroutine takes the stack over.
#[derive(Clone, Copy, Debug)]
pub struct Canary(*mut u64);

impl Canary {
    /// No canary: the stack has a guard page.
    pub const NONE: Canary = Canary(std::ptr::null_mut());

    /// Whether the canary word still holds its value (always true without a canary).
    ///
    /// # Safety
    /// The stack this canary came from is still mapped.
    #[inline]
    pub unsafe fn intact(self) -> bool {
        // SAFETY: non-null means the lowest word of a mapping the caller says is still
        // mapped; the volatile read is because another stack context writes it.
        self.0.is_null() || unsafe { self.0.read_volatile() } == CANARY
    }

    /// Aborts the process if the canary was overwritten, with a message naming
    /// coroutine `cid` and its stack's `size`. Called each time a coroutine switches
    /// out: one load and compare.
    ///
    /// # Safety
    /// As for [`Canary::intact`].
    #[inline]
    pub unsafe fn check(self, cid: i64, size: usize) {
        // SAFETY: passed on from the caller.
        if !unsafe { self.intact() } {
            overflow_abort(cid, size);
        }
    }

    /// The canary's address (null without one), for tests that smash it on purpose.
    #[cfg(test)]
    pub fn addr(self) -> *mut u64 {
        self.0
    }
}

/// Reports a smashed canary and aborts. The heap may be what the overflow hit, so the
/// message is formatted on the stack and written with one `write(2)`.
#[cold]
#[inline(never)]
fn overflow_abort(cid: i64, size: usize) -> ! {
    let mut buf = [0u8; 512];
    let room = buf.len();
    let mut w = &mut buf[..];
    let _ = writeln!(
        w,
        "cosocket: fatal: coroutine stack overflow in coroutine {cid}: the canary at the \
         bottom of its {size}-byte stack (one without a guard page) was overwritten. Raise \
         c_stack_size, e.g. Swoole\\Coroutine::set(['c_stack_size' => {}]). Aborting.",
        size.saturating_mul(2).min(MAX_STACK_SIZE)
    );
    let n = room - w.len();
    // SAFETY: writes `n` initialised bytes of `buf` to stderr.
    unsafe { libc::write(2, buf.as_ptr().cast(), n) };
    std::process::abort();
}

/// A pool of equally sized stacks.
pub struct StackPool {
    size: usize,
    /// Tests force a guard kind here; `None`: the best the kernel has.
    forced: Option<Guard>,
    free: Vec<MmapStack>,
}

impl StackPool {
    /// An empty pool of [`DEFAULT_STACK_SIZE`] stacks.
    pub const fn new() -> StackPool {
        StackPool {
            size: DEFAULT_STACK_SIZE,
            forced: None,
            free: Vec::new(),
        }
    }

    /// The size of the stacks handed out.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Changes the size of future stacks (clamped); pooled stacks of the old size go.
    pub fn set_size(&mut self, size: usize) {
        let size = size.clamp(MIN_STACK_SIZE, MAX_STACK_SIZE);
        if size != self.size {
            self.size = size;
            self.free.clear();
        }
    }

    /// Makes future stacks guarded the way `guard` says (`None`: the best available);
    /// pooled stacks go.
    #[cfg(test)]
    pub fn force_guard(&mut self, guard: Option<Guard>) {
        self.forced = guard;
        self.free.clear();
    }

    /// A stack from the pool, or a fresh mapping.
    pub fn take(&mut self) -> io::Result<MmapStack> {
        match self.free.pop() {
            Some(stack) => Ok(stack),
            None => {
                let choice = self.forced.map_or(Choice::Best, Choice::Exactly);
                MmapStack::create(self.size, choice)
            }
        }
    }

    /// Returns a stack whose coroutine has finished (or been reset).
    pub fn give(&mut self, stack: MmapStack, size: usize) {
        if size == self.size && self.free.len() < POOL_LIMIT {
            self.free.push(stack);
        }
    }
}
