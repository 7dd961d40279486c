//! Coroutine stacks: carved out of anonymous mappings that hold several stacks each
//! ("slabs"), committed lazily by the kernel, each with a guard page that costs no
//! extra mapping where the kernel allows it, and pooled so that a coroutine's start
//! and end make no system call while the loop runs.
//!
//! Why not corosensei's `DefaultStack`: it guards its lowest page with `mprotect`,
//! which splits the mapping in two, so every stack costs two of the process's
//! `vm.max_map_count` mappings (65,530 by default): about 32,500 coroutines, then
//! "Cannot allocate memory". Here stacks lie side by side in one mapping, and each
//! one's lowest page becomes a guard in one of three ways, best first (see [`Guard`]):
//!
//! 1. `madvise(MADV_GUARD_INSTALL)` (Linux ≥ 6.13): the kernel marks the page in the
//!    page table; touching it faults like a `PROT_NONE` page, and the mapping is not
//!    split. Adjacent slabs even merge into one mapping, so the number of live
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
//!
//! ## Slabs, the pool and trimming
//!
//! Unmapping one stack costs ~4–5 µs of kernel time (the merged mapping is split, page
//! tables freed, the TLB flushed), mapping one a system call more: a burst of short-lived
//! coroutines paid three memory system calls each (mmap, the guard's madvise, munmap).
//! Now a [`StackPool`] maps stacks a slab at a time (up to [`SLAB_SLOTS`] stacks or
//! [`SLAB_BYTES`] per mmap, growing from one stack so that a program with a few
//! coroutines maps no more than it uses), installs a stack's guard when its slot is
//! first handed out (the one system call per stack that cannot be shared: the guards
//! are not contiguous), and keeps every stack an ended coroutine gives back, with its
//! guard, while the loop runs. [`StackPool::trim`] gives memory back later, away from
//! the coroutines' start and end: a slab none of whose stacks is in use is unmapped
//! (one munmap), and the other free stacks drop their pages (one
//! `madvise(MADV_DONTNEED)` per run of adjacent ones, which keeps guard markers and
//! mprotect'd pages as they are; a canary is written again when its stack is next
//! handed out). The runtime trims at the end of `run()`, at the end of a request and
//! when the loop is about to wait with far more free stacks holding pages than live
//! coroutines (see [`super::Runtime::trim_stacks_if_idle`]).

use std::cell::{Cell, RefCell};
use std::io;
use std::io::Write as _;
use std::rc::Rc;
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
/// The most stacks one slab holds.
pub const SLAB_SLOTS: usize = 64;
/// The most bytes one slab maps: 63 stacks of 2 MiB, 7 of 16 MiB. A slab is unmapped
/// only once none of its stacks is in use, so it is kept small enough for that to
/// happen after a burst, and big enough that its mmap and munmap, shared by all its
/// stacks, cost little per stack.
pub const SLAB_BYTES: usize = 128 * 1024 * 1024;
/// Free stacks a trim leaves as they are (pages committed): the most recently freed,
/// on which the next coroutines start without page faults.
pub const TRIM_KEEP: usize = 64;
/// See [`super::Runtime::trim_stacks_if_idle`].
const IDLE_SLACK: usize = 512;

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

/// The length of a slot holding a stack of at least `size` usable bytes: the size
/// rounded up to pages, plus the guard page.
fn slot_len(size: usize) -> io::Result<usize> {
    let page = page_size();
    let size = size.max(corosensei::stack::MIN_STACK_SIZE);
    Ok(size
        .checked_add(2 * page - 1)
        .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOMEM))?
        & !(page - 1))
}

/// One anonymous private mapping, `PROT_READ|PROT_WRITE`, `MAP_NORESERVE` (pages are
/// committed when first touched), cut into `slots` stacks of `slot_len` bytes each,
/// lowest page first. Shared by the stacks carved from it; unmapped when the last goes.
struct Slab {
    /// The mapping's lowest address.
    addr: usize,
    slot_len: usize,
    slots: usize,
    /// Slots guarded with `mprotect`: given back to [`MPROTECT_LIVE`] with the mapping.
    mprotected: Cell<usize>,
    /// The registrations of the slots handed out so far.
    valgrind: RefCell<Vec<ValgrindStackRegistration>>,
}

impl Slab {
    fn map(slot_len: usize, slots: usize) -> io::Result<Rc<Slab>> {
        let len = slot_len
            .checked_mul(slots)
            .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOMEM))?;
        // MAP_STACK: since Linux 6.7 it keeps transparent huge pages off the mapping
        // (one would commit 2 MiB for a stack that touches 8 KiB); older kernels
        // ignore it. Every slab has the same flags, so neighbours can still merge.
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
        Ok(Rc::new(Slab {
            addr: addr as usize,
            slot_len,
            slots,
            mprotected: Cell::new(0),
            valgrind: RefCell::new(Vec::with_capacity(slots)),
        }))
    }

    /// Hands out slot `index` for the first time, guarded as `choice` says. Each slot
    /// is carved once per slab: afterwards its stack goes from coroutine to pool and
    /// back, guard and all.
    fn carve(self: &Rc<Slab>, index: usize, choice: Choice) -> io::Result<MmapStack> {
        assert!(
            index < self.slots,
            "slot {index} of a {}-slot slab",
            self.slots
        );
        let low = self.addr + index * self.slot_len;
        self.valgrind
            .borrow_mut()
            .push(ValgrindStackRegistration::new(
                low as *mut u8,
                self.slot_len,
            ));
        // Canary until a guard is in place: nothing to give back if installing fails.
        let mut stack = MmapStack {
            base: StackPointer::new(low + self.slot_len).expect("mmap returned the top of memory"),
            len: self.slot_len,
            guard: Guard::Canary,
            dirty: true,
            slab: Rc::clone(self),
        };
        let page = page_size();
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
        stack.write_canary();
        Ok(stack)
    }
}

impl Drop for Slab {
    fn drop(&mut self) {
        // Deregistered before the memory goes, as they were registered after it came.
        self.valgrind.get_mut().clear();
        // SAFETY: the mapping is ours, and no stack of it is in use any more: each holds
        // a reference to the slab, and this is the last one going.
        let rc =
            unsafe { libc::munmap(self.addr as *mut libc::c_void, self.slot_len * self.slots) };
        debug_assert_eq!(rc, 0);
        MPROTECT_LIVE.fetch_sub(self.mprotected.get(), Ordering::Relaxed);
    }
}

/// A coroutine stack: one slot of a [`Slab`] (its own one-slot slab when made by
/// [`MmapStack::new`]), whose lowest page is its guard (see [`Guard`]). The slab stays
/// mapped while the stack exists.
pub struct MmapStack {
    /// The highest address (one past the slot's end).
    base: StackPointer,
    /// The slot's length: the usable size rounded up to pages, plus one page.
    len: usize,
    guard: Guard,
    /// Its pages may be committed: it has been handed out since they were last dropped.
    dirty: bool,
    slab: Rc<Slab>,
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

    /// A stack in a one-slot slab of its own.
    fn create(size: usize, choice: Choice) -> io::Result<MmapStack> {
        Slab::map(slot_len(size)?, 1)?.carve(0, choice)
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
        // Counted before the call: the slab gives the reservation back even if it fails.
        self.slab.mprotected.set(self.slab.mprotected.get() + 1);
        self.install_mprotect_guard(page)?;
        Ok(Guard::Mprotect)
    }

    fn install_madvise_guard(&self, page: usize) -> io::Result<()> {
        // SAFETY: the lowest page of our own slot; nothing lives there yet.
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
        // SAFETY: the lowest page of our own slot; nothing lives there yet.
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

    /// Puts the canary word in place on a canary-checked stack (made, or pages dropped).
    fn write_canary(&self) {
        if self.guard == Guard::Canary {
            // SAFETY: the lowest word of our slot, which is mapped and writable (a
            // canary stack has no guard page), and no coroutine runs on this stack.
            unsafe { (self.limit().get() as *mut u64).write(CANARY) };
        }
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

    /// The mapping this stack was carved from: its lowest address and length.
    #[cfg(test)]
    pub fn slab_range(&self) -> (usize, usize) {
        (self.slab.addr, self.slab.slot_len * self.slab.slots)
    }
}

// SAFETY: `base` and `limit` bound one slot of a mapping the stack keeps alive (it holds
// a reference to its slab), both page-aligned (so aligned to
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

/// A pool of equally sized stacks, carved from slabs (see the module docs).
pub struct StackPool {
    size: usize,
    /// Tests force a guard kind here; `None`: the best the kernel has.
    forced: Option<Guard>,
    /// Free stacks, the most recently freed last: taken first, its pages are likely
    /// still committed.
    free: Vec<MmapStack>,
    /// How many of the free stacks may hold committed pages.
    dirty: usize,
    /// The slab new stacks are carved from, and its first slot not handed out yet.
    fresh: Option<Rc<Slab>>,
    next: usize,
    /// Slots of the next slab: doubles from one up to what a slab holds.
    grow: usize,
}

impl StackPool {
    /// An empty pool of [`DEFAULT_STACK_SIZE`] stacks.
    pub const fn new() -> StackPool {
        StackPool {
            size: DEFAULT_STACK_SIZE,
            forced: None,
            free: Vec::new(),
            dirty: 0,
            fresh: None,
            next: 0,
            grow: 1,
        }
    }

    /// The size of the stacks handed out.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Changes the size of future stacks (clamped); pooled stacks of the old size go
    /// (their slabs with the last of their stacks in use).
    pub fn set_size(&mut self, size: usize) {
        let size = size.clamp(MIN_STACK_SIZE, MAX_STACK_SIZE);
        if size != self.size {
            self.size = size;
            self.clear();
        }
    }

    /// Makes future stacks guarded the way `guard` says (`None`: the best available);
    /// pooled stacks go.
    #[cfg(test)]
    pub fn force_guard(&mut self, guard: Option<Guard>) {
        self.forced = guard;
        self.clear();
    }

    fn clear(&mut self) {
        self.free = Vec::new();
        self.dirty = 0;
        self.fresh = None;
        self.next = 0;
    }

    /// A stack from the pool, or a new one: no system call unless a slab must be
    /// mapped or a slot is handed out for the first time (its guard).
    #[inline]
    pub fn take(&mut self) -> io::Result<MmapStack> {
        match self.free.pop() {
            Some(mut stack) => {
                if stack.dirty {
                    self.dirty -= 1;
                } else {
                    stack.dirty = true;
                    stack.write_canary();
                }
                Ok(stack)
            }
            None => self.carve(),
        }
    }

    /// Returns a stack whose coroutine has finished (or been reset). One of another
    /// size (`c_stack_size` changed meanwhile) is dropped.
    #[inline]
    pub fn give(&mut self, stack: MmapStack, size: usize) {
        if size == self.size {
            debug_assert!(stack.dirty);
            self.dirty += 1;
            self.free.push(stack);
        }
    }

    /// The next slot of the fresh slab, mapping a new slab when it is used up.
    fn carve(&mut self) -> io::Result<MmapStack> {
        if self.fresh.as_ref().is_none_or(|s| self.next >= s.slots) {
            self.map_slab()?;
        }
        let slab = self.fresh.as_ref().expect("a slab was just mapped");
        let index = self.next;
        self.next += 1;
        slab.carve(index, self.forced.map_or(Choice::Best, Choice::Exactly))
    }

    fn map_slab(&mut self) -> io::Result<()> {
        let slot_len = slot_len(self.size)?;
        let most = (SLAB_BYTES / slot_len).clamp(1, SLAB_SLOTS);
        let mut slots = self.grow.clamp(1, most);
        let slab = loop {
            match Slab::map(slot_len, slots) {
                Ok(slab) => break slab,
                // An address-space or commit limit: a smaller slab may still fit.
                Err(e) if slots > 1 && e.raw_os_error() == Some(libc::ENOMEM) => slots /= 2,
                Err(e) => return Err(e),
            }
        };
        self.grow = (slots * 2).min(most);
        self.fresh = Some(slab);
        self.next = 0;
        Ok(())
    }

    /// Gives back the memory of the free stacks but the `keep` most recently freed:
    /// a slab none of whose stacks is in use or kept is unmapped, and the pages of the
    /// other free stacks are dropped (one `madvise(MADV_DONTNEED)` per run of adjacent
    /// stacks). They stay pooled, guard included: a later coroutine takes them with no
    /// system call, and the kernel commits fresh pages as it touches them.
    #[cold]
    #[inline(never)]
    pub fn trim(&mut self, keep: usize) {
        let cold = self.free.len().saturating_sub(keep);
        if cold == 0 {
            return;
        }
        let hot = self.free.split_off(cold);
        let mut stacks = std::mem::take(&mut self.free);
        // Sorted by address, each slab's stacks come together, in slot order.
        stacks.sort_unstable_by_key(|s| s.base.get());
        let mut kept = Vec::with_capacity(stacks.len() + hot.len());
        let mut group: Vec<MmapStack> = Vec::new();
        let mut rest = stacks.into_iter().peekable();
        while let Some(first) = rest.next() {
            let slab = Rc::clone(&first.slab);
            group.push(first);
            while let Some(s) = rest.next_if(|s| Rc::ptr_eq(&s.slab, &slab)) {
                group.push(s);
            }
            let fresh = self.fresh.as_ref().is_some_and(|f| Rc::ptr_eq(f, &slab));
            // Held by this group, by `slab` here, maybe as the fresh slab, and by every
            // stack in use or kept: with none of those it goes.
            if Rc::strong_count(&slab) == group.len() + 1 + usize::from(fresh) {
                group.clear();
                if fresh {
                    self.fresh = None;
                }
            } else {
                drop_pages(&mut group);
                kept.append(&mut group);
            }
        }
        // A fresh slab whose every stack was dropped rather than given back (a coroutine
        // abandoned at reset) has nothing of use in it either.
        if self
            .fresh
            .as_ref()
            .is_some_and(|f| Rc::strong_count(f) == 1)
        {
            self.fresh = None;
        }
        kept.extend(hot);
        self.dirty = kept.iter().filter(|s| s.dirty).count();
        self.free = kept;
    }

    /// Free stacks, and how many of them may hold committed pages (tests).
    #[cfg(test)]
    pub fn free_counts(&self) -> (usize, usize) {
        (self.free.len(), self.dirty)
    }
}

/// Drops the pages of the dirty stacks among `stacks` (sorted by address): one
/// `madvise(MADV_DONTNEED)` per run of adjacent ones, guard pages included. The kernel
/// keeps `MADV_GUARD_INSTALL` markers and `PROT_NONE` pages through it; a canary word
/// reads back as zero, and is written again when the stack is next handed out.
fn drop_pages(stacks: &mut [MmapStack]) {
    let mut i = 0;
    while i < stacks.len() {
        if !stacks[i].dirty {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < stacks.len() && stacks[j].dirty && stacks[j].limit() == stacks[j - 1].base {
            j += 1;
        }
        let low = stacks[i].limit().get();
        let len = stacks[j - 1].base.get() - low;
        // SAFETY: the slots of free stacks we hold: mapped (each holds its slab), and no
        // coroutine runs on them, so nothing there is needed any more.
        if unsafe { libc::madvise(low as *mut libc::c_void, len, libc::MADV_DONTNEED) } == 0 {
            for s in &mut stacks[i..j] {
                s.dirty = false;
            }
        }
        i = j;
    }
}

impl super::Runtime {
    /// Gives back the memory of pooled stacks, keeping `TRIM_KEEP` (64) ready: at the end
    /// of `run()` (a burst is over: what it left pooled would otherwise stay committed
    /// until the next one) and of a request.
    pub fn trim_stacks(&self) {
        self.stacks.borrow_mut().trim(TRIM_KEEP);
    }

    /// Called when the loop is about to wait. A long-running loop (a server) may never
    /// reach the end of `run()`, so it trims here, once the free stacks holding pages
    /// outnumber twice the live coroutines (plus [`IDLE_SLACK`]), down to as many as are
    /// live (plus [`TRIM_KEEP`]): a load that comes and goes in waves of about the same
    /// size keeps its stacks (no trim, no page faults, no system call per coroutine),
    /// while a burst far above what stays alive gives its memory back once it is over.
    /// Costs a compare per wait otherwise.
    #[inline]
    pub(super) fn trim_stacks_if_idle(&self, live: usize) {
        if self.stacks.borrow().dirty > 2 * live + IDLE_SLACK {
            self.stacks.borrow_mut().trim(live + TRIM_KEEP);
        }
    }
}
