//! The runtime driven with Rust closures: order of execution, timers, channels,
//! cancellation, joins, fds and DNS.

use super::channel::{Channel, ChannelError};
use super::*;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::rc::Rc;

fn log() -> Rc<RefCell<Vec<String>>> {
    Rc::new(RefCell::new(Vec::new()))
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn spawn_runs_at_once_until_first_wait() {
    let l = log();
    let l2 = l.clone();
    let cid = spawn(Box::new(move || {
        l2.borrow_mut().push("a1".into());
        sleep(ms(1));
        l2.borrow_mut().push("a2".into());
    }))
    .unwrap();
    l.borrow_mut().push("main".into());
    assert!(with(|rt| rt.exists(cid)));
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["a1", "main", "a2"]);
    assert!(!with(|rt| rt.exists(cid)));
}

#[test]
fn sleeps_wake_in_deadline_order() {
    let l = log();
    for (name, d) in [("c", 30), ("a", 10), ("b", 20)] {
        let l = l.clone();
        spawn(Box::new(move || {
            sleep(ms(d));
            l.borrow_mut().push(name.into());
        }))
        .unwrap();
    }
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["a", "b", "c"]);
}

#[test]
fn channel_push_resumes_the_waiting_consumer_directly() {
    let l = log();
    let ch = Rc::new(Channel::<i32>::new(1));
    let (l1, c1) = (l.clone(), ch.clone());
    spawn(Box::new(move || {
        l1.borrow_mut().push("pop".into());
        let v = c1.pop(None).unwrap();
        l1.borrow_mut().push(format!("got {v}"));
    }))
    .unwrap();
    let (l2, c2) = (l.clone(), ch.clone());
    spawn(Box::new(move || {
        l2.borrow_mut().push("push".into());
        c2.push(7, None).unwrap();
        l2.borrow_mut().push("pushed".into());
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["pop", "push", "got 7", "pushed"]);
}

#[test]
fn channel_timeout_close_and_full() {
    let ch = Rc::new(Channel::<i32>::new(1));
    let c = ch.clone();
    spawn(Box::new(move || {
        let t0 = Instant::now();
        assert_eq!(c.pop(Some(ms(20))).unwrap_err(), ChannelError::Timeout);
        assert!(t0.elapsed() >= ms(19));
        c.push(1, None).unwrap();
        assert!(c.is_full());
        assert_eq!(c.push(2, Some(ms(5))).unwrap_err().1, ChannelError::Timeout);
        c.close();
        assert_eq!(c.pop(None).unwrap(), 1, "items pushed before close stay");
        assert_eq!(c.pop(None).unwrap_err(), ChannelError::Closed);
        assert_eq!(c.push(3, None).unwrap_err().1, ChannelError::Closed);
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
}

#[test]
fn close_wakes_waiters() {
    let ch = Rc::new(Channel::<i32>::new(1));
    let c = ch.clone();
    let got = Rc::new(Cell::new(None));
    let g = got.clone();
    spawn(Box::new(move || g.set(Some(c.pop(None))))).unwrap();
    assert_eq!(ch.consumer_num(), 1);
    ch.close();
    assert_eq!(got.get(), Some(Err(ChannelError::Closed)));
    assert_eq!(run(), LoopEnd::Done);
}

#[test]
fn deadlock_is_reported_with_the_count() {
    let ch = Rc::new(Channel::<i32>::new(1));
    for _ in 0..3 {
        let c = ch.clone();
        spawn(Box::new(move || {
            let _ = c.pop(None);
        }))
        .unwrap();
    }
    assert_eq!(run(), LoopEnd::Deadlock(3));
    with(|rt| rt.reset());
}

/// Counts its drops: what a coroutine's stack owns is dropped only if it ends.
struct Owned(Rc<Cell<usize>>);

impl Drop for Owned {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn drain_ends_every_parked_coroutine_and_drops_what_their_stacks_own() {
    let dropped = Rc::new(Cell::new(0));
    let ch = Rc::new(Channel::<i32>::new(1));
    let woke = log();
    let (a, b) = UnixStream::pair().unwrap();
    let key = with(|rt| rt.register_fd(b.as_raw_fd())).unwrap();
    let waits: Vec<Box<dyn Fn() -> Wake>> = vec![
        Box::new(|| with(|rt| rt.park(Some(ms(100_000)), true))),
        Box::new(|| with(|rt| rt.suspend())),
        {
            let ch = ch.clone();
            Box::new(move || match ch.pop(None) {
                Err(ChannelError::Cancelled) => Wake::Cancelled,
                other => panic!("pop: {other:?}"),
            })
        },
        Box::new(move || with(|rt| rt.wait_fd(key, Direction::Read, None)).unwrap()),
        Box::new(|| with(|rt| rt.join_one(1, None))),
    ];
    for wait in waits {
        let (d, w) = (dropped.clone(), woke.clone());
        spawn(Box::new(move || {
            let _owned = Owned(d);
            let wake = wait();
            // Every later wait fails at once: it cannot park the drain.
            let again = with(|rt| rt.park(None, true));
            w.borrow_mut().push(format!("{wake:?} {again:?}"));
        }))
        .unwrap();
    }
    assert_eq!(with(|rt| rt.stats().coroutine_num), 5);
    let mut prepared = 0;
    with(|rt| rt.drain(|_| prepared += 1));
    assert_eq!(with(|rt| rt.stats().coroutine_num), 0);
    assert_eq!(dropped.get(), 5);
    assert_eq!(prepared, 5);
    assert_eq!(woke.borrow().len(), 5);
    assert!(
        woke.borrow().iter().all(|w| w == "Cancelled Cancelled"),
        "{:?}",
        woke.borrow()
    );
    assert!(matches!(spawn(Box::new(|| {})), Err(SpawnError::Stopping)));
    with(|rt| {
        rt.deregister_fd(key, true);
        rt.reset()
    });
    drop(a);
}

#[test]
fn cancel_wakes_a_sleeper_and_marks_it() {
    let woke = Rc::new(Cell::new(None));
    let w = woke.clone();
    let cid = spawn(Box::new(move || {
        let ok = sleep(Duration::from_secs(100));
        w.set(Some((ok, with(|rt| rt.is_cancelled()))));
    }))
    .unwrap();
    assert_eq!(with(|rt| rt.cancel(cid)), Ok(()));
    assert_eq!(woke.get(), Some((false, true)));
    assert_eq!(with(|rt| rt.cancel(cid)), Err(ResumeError::NotFound));
    assert_eq!(run(), LoopEnd::Done);
}

#[test]
fn resume_rules() {
    let cid = spawn(Box::new(|| {
        let me = current_cid();
        assert_eq!(
            with(|rt| rt.resume(me, Wake::Resumed)),
            Err(ResumeError::NotSuspended)
        );
        assert_eq!(with(|rt| rt.park(None, false)), Wake::Resumed);
    }))
    .unwrap();
    assert_eq!(with(|rt| rt.cancel(cid)), Err(ResumeError::NotCancellable));
    assert_eq!(with(|rt| rt.resume(cid, Wake::Resumed)), Ok(()));
    assert_eq!(
        with(|rt| rt.resume(999_999, Wake::Resumed)),
        Err(ResumeError::NotFound)
    );
    assert_eq!(run(), LoopEnd::Done);
}

#[test]
fn nested_spawn_records_parent_and_join_waits() {
    let l = log();
    let l1 = l.clone();
    spawn(Box::new(move || {
        let parent = current_cid();
        let l2 = l1.clone();
        let child = spawn(Box::new(move || {
            assert_eq!(with(|rt| rt.current_pcid()), Some(parent));
            sleep(ms(10));
            l2.borrow_mut().push("child done".into());
        }))
        .unwrap();
        assert_eq!(with(|rt| rt.join_one(child, Some(ms(1)))), Wake::Timeout);
        assert_eq!(with(|rt| rt.join_one(child, None)), Wake::Ready);
        l1.borrow_mut().push("joined".into());
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["child done", "joined"]);
}

#[test]
fn max_coroutine_is_enforced() {
    with(|rt| {
        rt.set_limits(Limits {
            max_coroutine: 2,
            deadlock_check: true,
        })
    });
    let ch = Rc::new(Channel::<()>::new(1));
    for _ in 0..2 {
        let c = ch.clone();
        spawn(Box::new(move || {
            let _ = c.pop(None);
        }))
        .unwrap();
    }
    assert!(matches!(
        spawn(Box::new(|| {})),
        Err(SpawnError::TooMany(2))
    ));
    ch.close();
    assert_eq!(run(), LoopEnd::Done);
    with(|rt| {
        rt.set_limits(Limits {
            max_coroutine: 100_000,
            deadlock_check: true,
        })
    });
}

#[test]
fn ten_thousand_sleepers_and_stack_reuse() {
    let done = Rc::new(Cell::new(0));
    for i in 0..10_000u64 {
        let d = done.clone();
        spawn(Box::new(move || {
            sleep(ms(1 + i % 7));
            d.set(d.get() + 1);
        }))
        .unwrap();
    }
    assert_eq!(with(|rt| rt.stats().coroutine_num), 10_000);
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(done.get(), 10_000);
    for _ in 0..1000 {
        spawn(Box::new(|| {})).unwrap();
    }
    assert_eq!(with(|rt| rt.stats().coroutine_num), 0);
}

#[test]
fn fd_wait_wakes_on_data_and_times_out() {
    let (a, mut b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    let key = with(|rt| rt.register_fd(a.as_raw_fd())).unwrap();
    let got = Rc::new(RefCell::new(Vec::new()));
    let g = got.clone();
    spawn(Box::new(move || {
        let mut a = a;
        let mut buf = [0u8; 16];
        // Nothing yet: the read says EAGAIN, the wait times out.
        assert!(a.read(&mut buf).is_err());
        with(|rt| rt.with_fd(key, |s| s.readable = false));
        assert_eq!(
            with(|rt| rt.wait_fd(key, Direction::Read, Some(deadline_after(ms(10))))),
            Ok(Wake::Timeout)
        );
        assert_eq!(
            with(|rt| rt.wait_fd(
                key,
                Direction::Read,
                Some(deadline_after(Duration::from_secs(5)))
            )),
            Ok(Wake::Ready)
        );
        let n = a.read(&mut buf).unwrap();
        g.borrow_mut().extend_from_slice(&buf[..n]);
        with(|rt| rt.deregister_fd(key, true));
    }))
    .unwrap();
    spawn(Box::new(move || {
        sleep(ms(20));
        b.write_all(b"ping").unwrap();
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(&*got.borrow(), b"ping");
}

#[test]
fn second_waiter_on_one_direction_is_refused() {
    let (a, _b) = UnixStream::pair().unwrap();
    let key = with(|rt| rt.register_fd(a.as_raw_fd())).unwrap();
    let first = spawn(Box::new(move || {
        assert_eq!(
            with(|rt| rt.wait_fd(key, Direction::Read, None)),
            Ok(Wake::Closed)
        );
    }))
    .unwrap();
    spawn(Box::new(move || {
        assert_eq!(
            with(|rt| rt.wait_fd(key, Direction::Read, None)),
            Err(WaitError::Bound(first))
        );
        assert_eq!(with(|rt| rt.fd_waiter(key, Direction::Read)), first);
        // Closing wakes the first waiter with Closed.
        with(|rt| rt.deregister_fd(key, true));
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    drop(a);
}

#[test]
fn io_and_answers_that_came_while_the_loop_was_late_beat_the_deadline() {
    let (a, mut b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    let key = with(|rt| rt.register_fd(a.as_raw_fd())).unwrap();
    let l = log();
    let l1 = l.clone();
    spawn(Box::new(move || {
        let w = with(|rt| rt.wait_fd(key, Direction::Read, Some(deadline_after(ms(30)))));
        l1.borrow_mut().push(format!("fd {w:?}"));
        with(|rt| rt.deregister_fd(key, true));
        drop(a);
    }))
    .unwrap();
    let l2 = l.clone();
    spawn(Box::new(move || {
        let r = with(|rt| rt.resolve(Box::new(|| Ok(Vec::new())), Some(ms(30))));
        l2.borrow_mut().push(format!("dns {:?}", r.map(|_| ())));
    }))
    .unwrap();
    let l3 = l.clone();
    spawn(Box::new(move || {
        l3.borrow_mut().push("sleeper".into());
        sleep(ms(1));
        l3.borrow_mut().push("sleeper woke".into());
    }))
    .unwrap();
    // Holds the thread well past both deadlines; the byte and the answer come at once.
    let l4 = l.clone();
    spawn(Box::new(move || {
        b.write_all(b"x").unwrap();
        std::thread::sleep(ms(150));
        l4.borrow_mut().push("busy done".into());
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    // I/O first, then DNS answers, then timers (the sleeper's came due long before).
    assert_eq!(
        *l.borrow(),
        [
            "sleeper",
            "busy done",
            "fd Ok(Ready)",
            "dns Ok(())",
            "sleeper woke"
        ]
    );
}

#[test]
fn a_wait_that_nothing_ends_still_times_out_after_a_late_loop() {
    let (a, _b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    let key = with(|rt| rt.register_fd(a.as_raw_fd())).unwrap();
    let l = log();
    let l1 = l.clone();
    spawn(Box::new(move || {
        with(|rt| rt.with_fd(key, |s| s.readable = false));
        let w = with(|rt| rt.wait_fd(key, Direction::Read, Some(deadline_after(ms(10)))));
        l1.borrow_mut().push(format!("fd {w:?}"));
        with(|rt| rt.deregister_fd(key, true));
    }))
    .unwrap();
    spawn(Box::new(|| std::thread::sleep(ms(50)))).unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["fd Ok(Timeout)"]);
}

thread_local! {
    /// The context the test hooks last installed.
    static INSTALLED: Cell<usize> = const { Cell::new(0) };
}

unsafe fn record_switch(_save: *mut c_void, restore: *mut c_void) {
    INSTALLED.with(|c| c.set(restore as usize));
}

#[test]
fn a_panic_in_a_coroutine_reaches_the_resumer_after_the_switch_back() {
    const MAIN: usize = 0x10;
    with(|rt| {
        rt.set_hooks(
            Some(ContextHooks {
                switch: record_switch,
                free: |_| {},
            }),
            MAIN as *mut c_void,
        )
    });
    // SAFETY: the test hooks never dereference contexts.
    let cid = with(|rt| unsafe {
        rt.spawn_with_ctx(
            Box::new(|| {
                sleep(ms(1));
                panic!("boom in a coroutine");
            }),
            0x20 as *mut c_void,
            None,
        )
    })
    .unwrap();
    assert_eq!(INSTALLED.with(Cell::get), MAIN);
    let r = std::panic::catch_unwind(run);
    let payload = r.expect_err("the panic reaches run()'s caller");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom in a coroutine"));
    // The resumer's context was put back before the panic went on, and the coroutine is gone.
    assert_eq!(INSTALLED.with(Cell::get), MAIN);
    assert!(!with(|rt| rt.exists(cid)));
    assert!(!in_coroutine());
    // A coroutine without a context (made by the safe `spawn`) gets a null to install.
    let seen = Rc::new(Cell::new(usize::MAX));
    let s2 = seen.clone();
    spawn(Box::new(move || s2.set(INSTALLED.with(Cell::get)))).unwrap();
    assert_eq!(seen.get(), 0);
    assert_eq!(run(), LoopEnd::Done);
    with(|rt| rt.set_hooks(None, std::ptr::null_mut()));
}

// ---- stacks (stack.rs): guard pages, the fallbacks, the canary ----

use super::stack::{self as st, Guard, MmapStack};
use corosensei::stack::Stack as _;
use std::sync::Mutex;

/// Tests that count or create mprotect-guarded stacks hold this: the count is per process.
static MPROTECT_TESTS: Mutex<()> = Mutex::new(());

const SMALL: usize = 64 * 1024;

/// Whether this kernel has `MADV_GUARD_INSTALL` (Linux ≥ 6.13).
fn have_madvise_guard() -> bool {
    MmapStack::with_guard(SMALL, Guard::Madvise).is_ok()
}

/// Recurses in frames of ~300 bytes until one lies at or below `stop`; returns the
/// lowest frame address reached.
#[inline(never)]
fn dig(stop: usize) -> usize {
    let buf = std::hint::black_box([0u8; 256]);
    let here = buf.as_ptr() as usize;
    if here <= stop {
        return here;
    }
    let low = dig(stop);
    std::hint::black_box(&buf);
    low
}

/// Runs `f` as a coroutine on `stack`, returns what it returned and the stack.
fn on_stack<R: 'static>(stack: MmapStack, f: impl FnOnce() -> R + 'static) -> (R, MmapStack) {
    let mut co =
        corosensei::Coroutine::with_stack(stack, move |_: &corosensei::Yielder<(), ()>, ()| f());
    let CoroutineResult::Return(r) = co.resume(()) else {
        panic!("the coroutine yielded")
    };
    (r, co.into_stack())
}

/// Whether writing one byte at `addr` kills a forked child with SIGSEGV.
fn write_faults(addr: usize) -> bool {
    // SAFETY: the child only writes one byte and calls _exit, both async-signal-safe,
    // so forking from a multi-threaded test process is fine.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        // SAFETY: in the child; if `addr` is not writable, the fault is the answer.
        unsafe {
            (addr as *mut u8).write_volatile(1);
            libc::_exit(0);
        }
    }
    let mut status = 0;
    // SAFETY: waits for our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGSEGV
}

/// The end of the /proc/self/maps entry holding `addr`.
fn mapping_end(addr: usize) -> usize {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    for line in maps.lines() {
        let range = line.split(' ').next().unwrap();
        let (a, b) = range.split_once('-').unwrap();
        let (a, b) = (
            usize::from_str_radix(a, 16).unwrap(),
            usize::from_str_radix(b, 16).unwrap(),
        );
        if a <= addr && addr < b {
            return b;
        }
    }
    panic!("{addr:#x} is not mapped");
}

#[test]
fn guarded_stacks_are_usable_down_to_the_guard_page_which_faults() {
    let _serial = MPROTECT_TESTS.lock().unwrap();
    let mut kinds = vec![Guard::Mprotect];
    if have_madvise_guard() {
        kinds.push(Guard::Madvise);
    } else {
        eprintln!("MADV_GUARD_INSTALL unsupported here: testing the mprotect guard only");
    }
    let page = st::page_size();
    for guard in kinds {
        let stack = MmapStack::with_guard(SMALL, guard).unwrap();
        assert_eq!(stack.guard(), guard);
        let (limit, base, lowest) = (
            stack.limit().get(),
            stack.base().get(),
            stack.lowest_usable(),
        );
        assert_eq!(lowest, limit + page);
        assert!(base - lowest >= SMALL);
        // A coroutine's frames reach within 1 KiB of the guard page...
        let (reached, stack) = on_stack(stack, move || dig(lowest + 1024));
        assert!(
            reached > lowest && reached <= lowest + 1024,
            "{guard:?}: reached {reached:#x}, lowest {lowest:#x}"
        );
        // ...its lowest byte is writable, and the page below it is not.
        assert!(
            !write_faults(lowest),
            "{guard:?}: lowest usable byte faulted"
        );
        assert!(write_faults(limit), "{guard:?}: guard page did not fault");
        assert!(
            write_faults(lowest - 1),
            "{guard:?}: guard page did not fault"
        );
        // madvise guards leave the stack one mapping; mprotect splits it.
        match guard {
            Guard::Madvise => assert!(mapping_end(limit) >= base),
            _ => assert_eq!(mapping_end(limit), lowest),
        }
        assert!(stack.canary().addr().is_null());
    }
}

#[test]
fn best_stack_uses_madvise_where_the_kernel_has_it() {
    let stack = MmapStack::new(SMALL).unwrap();
    if have_madvise_guard() {
        assert_eq!(stack.guard(), Guard::Madvise);
    } else {
        assert_ne!(stack.guard(), Guard::Madvise);
    }
    assert!(st::mprotect_budget() > 0);
    assert!(st::guard_description().starts_with("guard page"));
}

#[test]
fn without_madvise_stacks_are_mprotected_within_the_budget_then_canary_checked() {
    let _serial = MPROTECT_TESTS.lock().unwrap();
    let live = st::mprotect_live();
    let budget = live + 2;
    let a = MmapStack::without_madvise(SMALL, budget).unwrap();
    let b = MmapStack::without_madvise(SMALL, budget).unwrap();
    let c = MmapStack::without_madvise(SMALL, budget).unwrap();
    assert_eq!(
        [a.guard(), b.guard(), c.guard()],
        [Guard::Mprotect, Guard::Mprotect, Guard::Canary]
    );
    assert_eq!(st::mprotect_live(), live + 2);
    assert!(write_faults(a.limit().get()));
    drop(a);
    assert_eq!(st::mprotect_live(), live + 1);
    let d = MmapStack::without_madvise(SMALL, budget).unwrap();
    assert_eq!(d.guard(), Guard::Mprotect);
    // The canary-checked one has no guard page: all of it is usable, canary at the bottom.
    assert_eq!(c.lowest_usable(), c.limit().get());
    assert_eq!(c.canary().addr() as usize, c.limit().get());
    // SAFETY: `c` is mapped.
    assert!(unsafe { c.canary().intact() });
    drop((b, c, d));
    assert_eq!(st::mprotect_live(), live);
}

#[test]
fn canary_survives_deep_use_and_reports_a_smash() {
    let stack = MmapStack::with_guard(SMALL, Guard::Canary).unwrap();
    let canary = stack.canary();
    let lowest = stack.lowest_usable();
    // SAFETY (all `intact` calls below): `stack` is alive, so its mapping is.
    assert!(unsafe { canary.intact() });
    // Frames down to 1 KiB above the canary leave it alone.
    let (reached, stack) = on_stack(stack, move || dig(lowest + 1024));
    assert!(reached <= lowest + 1024);
    assert!(unsafe { canary.intact() });
    // An overflow that writes the bottom word is seen.
    let ((), stack) = on_stack(stack, move || {
        // SAFETY: the canary word of the stack this runs on, which is mapped.
        unsafe { canary.addr().write_volatile(0) }
    });
    assert!(!unsafe { canary.intact() });
    drop(stack);
}

#[test]
fn runtime_checks_canary_stacks_at_each_switch() {
    with(|rt| rt.stacks.borrow_mut().force_guard(Some(Guard::Canary)));
    let done = Rc::new(Cell::new(0));
    for i in 0..100u64 {
        let d = done.clone();
        spawn(Box::new(move || {
            let canary = with(|rt| rt.current_record().unwrap().canary);
            assert!(!canary.addr().is_null());
            sleep(ms(1 + i % 3));
            d.set(d.get() + 1);
        }))
        .unwrap();
    }
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(done.get(), 100);
    with(|rt| rt.stacks.borrow_mut().force_guard(None));
}

/// Re-runs itself in a child process (the abort would end the test run): there a
/// coroutine on a canary-checked stack smashes its canary and switches out.
#[test]
fn smashed_canary_aborts_at_the_switch_out_naming_cause_and_fix() {
    const CHILD: &str = "COSOCKET_TEST_SMASH_CANARY";
    if std::env::var_os(CHILD).is_some() {
        with(|rt| rt.stacks.borrow_mut().force_guard(Some(Guard::Canary)));
        let _ = spawn(Box::new(|| {
            let canary = with(|rt| rt.current_record().unwrap().canary);
            // SAFETY: this coroutine's own canary word, mapped while it runs.
            unsafe { canary.addr().write_volatile(0) };
            sleep(ms(1));
        }));
        unreachable!("the switch out did not abort");
    }
    let name = "runtime::tests::smashed_canary_aborts_at_the_switch_out_naming_cause_and_fix";
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(libc::SIGABRT), "{err}");
    assert!(
        err.contains("coroutine stack overflow in coroutine 1"),
        "{err}"
    );
    assert!(err.contains("c_stack_size"), "{err}");
}

// ---- the stack pool (stack.rs): slabs, reuse, trimming ----

/// Pages of `[low, low + len)` in memory, or `None` if part of it is not mapped.
fn resident_pages(low: usize, len: usize) -> Option<usize> {
    let page = st::page_size();
    let mut vec = vec![0u8; len.div_ceil(page)];
    // SAFETY: mincore only reads the page tables for the range and writes one byte per
    // page into `vec`, which has room for them.
    let rc = unsafe { libc::mincore(low as *mut libc::c_void, len, vec.as_mut_ptr()) };
    if rc != 0 {
        assert_eq!(
            io::Error::last_os_error().raw_os_error(),
            Some(libc::ENOMEM)
        );
        return None;
    }
    Some(vec.iter().filter(|&&b| b & 1 != 0).count())
}

/// Writes the top `len` bytes of a stack that no coroutine runs on, as a coroutine
/// using that much of it would.
fn touch_top(stack: &MmapStack, len: usize) {
    let top = stack.base().get();
    // SAFETY: the top `len` bytes of a mapped stack we own and nothing runs on.
    unsafe { std::ptr::write_bytes((top - len) as *mut u8, 0xA5, len) };
}

/// Runs `child` in a copy of this test binary that runs only the test `name` on one
/// thread (no other test maps memory meanwhile, so a range seen unmapped stays so), and
/// checks that it passed.
fn in_child_process(name: &str, child: impl FnOnce()) {
    const CHILD: &str = "COSOCKET_TEST_STACK_CHILD";
    if std::env::var(CHILD).as_deref() == Ok(name) {
        child();
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pool_carves_growing_slabs_and_reuses_stacks_without_mapping_more() {
    let mut pool = st::StackPool::new();
    pool.set_size(SMALL);
    let stacks: Vec<MmapStack> = (0..7).map(|_| pool.take().unwrap()).collect();
    let slot = stacks[0].base().get() - stacks[0].limit().get();
    // Slabs of 1, 2 and 4 stacks, each slot right above the one before.
    let slabs: Vec<(usize, usize)> = stacks.iter().map(|s| s.slab_range()).collect();
    assert_eq!(slabs[0].1, slot);
    assert_eq!(slabs[1].1, 2 * slot);
    assert_eq!(slabs[1], slabs[2]);
    assert_eq!(slabs[3].1, 4 * slot);
    assert!(slabs[3..].iter().all(|&r| r == slabs[3]));
    assert_ne!(slabs[1], slabs[3]);
    for i in [2, 4, 5, 6] {
        assert_eq!(stacks[i].limit().get(), stacks[i - 1].base().get());
    }
    assert_eq!(stacks[3].limit().get(), slabs[3].0);
    // Given back and taken again: the same stacks, the most recently freed first.
    let mut bases: Vec<usize> = stacks.iter().map(|s| s.base().get()).collect();
    let last = bases[6];
    for s in stacks {
        pool.give(s, SMALL);
    }
    assert_eq!(pool.free_counts(), (7, 7));
    let again: Vec<MmapStack> = (0..7).map(|_| pool.take().unwrap()).collect();
    assert_eq!(again[0].base().get(), last);
    let mut bases_again: Vec<usize> = again.iter().map(|s| s.base().get()).collect();
    bases.sort_unstable();
    bases_again.sort_unstable();
    assert_eq!(bases, bases_again);
    assert_eq!(pool.free_counts(), (0, 0));
    // Growth stops at what a slab holds: 64 stacks, or SLAB_BYTES of big ones.
    let more: Vec<MmapStack> = (0..250).map(|_| pool.take().unwrap()).collect();
    assert_eq!(more.last().unwrap().slab_range().1, st::SLAB_SLOTS * slot);
    pool.set_size(st::MAX_STACK_SIZE);
    let big: Vec<MmapStack> = (0..20).map(|_| pool.take().unwrap()).collect();
    let big_slot = big[0].base().get() - big[0].limit().get();
    assert!(big.iter().all(|s| s.slab_range().1 <= st::SLAB_BYTES));
    assert_eq!(big[19].slab_range().1, st::SLAB_BYTES / big_slot * big_slot);
    // Stacks of the old size given back after the change are not pooled.
    for s in again.into_iter().chain(more) {
        pool.give(s, SMALL);
    }
    assert_eq!(pool.free_counts(), (0, 0));
    for s in big {
        pool.give(s, st::MAX_STACK_SIZE);
    }
    assert_eq!(pool.free_counts(), (20, 20));
}

#[test]
fn trim_unmaps_free_slabs_and_drops_the_pages_of_the_other_free_stacks() {
    let name =
        "runtime::tests::trim_unmaps_free_slabs_and_drops_the_pages_of_the_other_free_stacks";
    in_child_process(name, || {
        const TOUCHED: usize = 64 * 1024;
        let pages = TOUCHED / st::page_size();
        let mut pool = st::StackPool::new();
        // Slabs of 1, 2, 4, 8 and 16 stacks, and 9 of a 32-stack one.
        let mut stacks: Vec<MmapStack> = (0..40).map(|_| pool.take().unwrap()).collect();
        for s in &stacks {
            touch_top(s, TOUCHED);
            assert_eq!(
                resident_pages(s.base().get() - TOUCHED, TOUCHED),
                Some(pages)
            );
        }
        // One stack of the 16-stack slab stays in use; the others come back.
        let held = stacks.remove(20);
        let held_slab = held.slab_range();
        let given: Vec<(usize, (usize, usize))> = stacks
            .iter()
            .map(|s| (s.base().get(), s.slab_range()))
            .collect();
        for s in stacks {
            pool.give(s, st::DEFAULT_STACK_SIZE);
        }
        assert_eq!(pool.free_counts(), (39, 39));
        // Nothing is given back while the pool is not trimmed.
        assert!(given
            .iter()
            .all(|&(base, _)| resident_pages(base - TOUCHED, TOUCHED) == Some(pages)));
        pool.trim(0);
        // The held stack's slab stays mapped, its other stacks without their pages; every
        // other slab is gone (the 32-stack one too, though most of it was never used).
        for &(base, slab) in &given {
            let got = resident_pages(base - TOUCHED, TOUCHED);
            if slab == held_slab {
                assert_eq!(got, Some(0), "{base:#x}");
            } else {
                assert_eq!(got, None, "{base:#x}");
                assert_eq!(resident_pages(slab.0, slab.1), None);
            }
        }
        let held_base = held.base().get();
        assert_eq!(resident_pages(held_base - TOUCHED, TOUCHED), Some(pages));
        assert_eq!(pool.free_counts(), (15, 0));
        // The 15 are taken again before any new slab is mapped, guards in place.
        let again: Vec<MmapStack> = (0..15).map(|_| pool.take().unwrap()).collect();
        assert!(again.iter().all(|s| s.slab_range() == held_slab));
        for s in &again {
            if s.guard() != Guard::Canary {
                assert!(write_faults(s.limit().get()));
            }
            assert!(!write_faults(s.lowest_usable()));
        }
        assert_eq!(pool.free_counts(), (0, 0));
        assert_ne!(pool.take().unwrap().slab_range(), held_slab);
        // Trimming keeps the most recently freed stacks as they are.
        for s in again {
            pool.give(s, st::DEFAULT_STACK_SIZE);
        }
        pool.give(held, st::DEFAULT_STACK_SIZE);
        pool.trim(1);
        assert_eq!(resident_pages(held_base - TOUCHED, TOUCHED), Some(pages));
        assert_eq!(pool.free_counts(), (16, 1));
        pool.trim(0);
        assert_eq!(resident_pages(held_base - TOUCHED, TOUCHED), None);
        assert_eq!(pool.free_counts(), (0, 0));
    });
}

#[test]
fn guard_pages_and_canaries_hold_after_reuse_and_after_trim() {
    let _serial = MPROTECT_TESTS.lock().unwrap();
    let live = st::mprotect_live();
    let mut kinds = vec![Guard::Mprotect, Guard::Canary];
    if have_madvise_guard() {
        kinds.push(Guard::Madvise);
    }
    for guard in kinds {
        let mut pool = st::StackPool::new();
        pool.set_size(SMALL);
        pool.force_guard(Some(guard));
        // `a` alone in the first slab; `b` and `c` share the second.
        let a = pool.take().unwrap();
        let b = pool.take().unwrap();
        let c = pool.take().unwrap();
        assert_eq!(b.slab_range(), c.slab_range());
        let base = b.base().get();
        let check = |s: &MmapStack, when: &str| {
            assert_eq!((s.guard(), s.base().get()), (guard, base), "{when}");
            let lowest = s.lowest_usable();
            match guard {
                Guard::Canary => {
                    // SAFETY: `s` is mapped.
                    assert!(unsafe { s.canary().intact() }, "{guard:?} {when}");
                }
                _ => {
                    assert!(write_faults(s.limit().get()), "{guard:?} {when}");
                    assert!(write_faults(lowest - 1), "{guard:?} {when}");
                }
            }
            assert!(!write_faults(lowest), "{guard:?} {when}");
        };
        // Used down to 1 KiB above its lowest byte, given back, taken again: unchanged.
        let lowest = b.lowest_usable();
        let (_, b) = on_stack(b, move || dig(lowest + 1024));
        pool.give(b, SMALL);
        let b = pool.take().unwrap();
        check(&b, "reused");
        let (_, b) = on_stack(b, move || dig(lowest + 1024));
        // Trimmed while `c` holds the slab: its pages are dropped, guard included.
        pool.give(b, SMALL);
        pool.trim(0);
        assert_eq!(resident_pages(lowest, base - lowest), Some(0));
        let b = pool.take().unwrap();
        check(&b, "trimmed");
        let (reached, b) = on_stack(b, move || dig(lowest + 1024));
        assert!(reached > lowest && reached <= lowest + 1024);
        check(&b, "used after the trim");
        if guard == Guard::Mprotect {
            assert_eq!(st::mprotect_live(), live + 3);
        }
        drop((a, b, c, pool));
        assert_eq!(st::mprotect_live(), live, "{guard:?}");
    }
}

#[test]
fn run_trims_the_pool_at_its_end_and_when_idle_after_a_burst() {
    with(|rt| rt.set_stack_size(SMALL));
    let counts = || with(|rt| rt.stacks.borrow().free_counts());
    let (_, dirty_before) = counts();
    // A burst of 2,000 short coroutines beside one that outlives them: once they are
    // gone, the loop waits with far more free stacks than live coroutines, and trims.
    let seen = Rc::new(Cell::new((0, 0)));
    let s = seen.clone();
    spawn(Box::new(move || {
        // Until the burst is over (however slow a loaded machine is), then one idle
        // wait more, in which the loop trims.
        sleep(ms(200));
        while with(|rt| rt.stats().coroutine_num) > 1 {
            sleep(ms(20));
        }
        sleep(ms(20));
        s.set(counts());
    }))
    .unwrap();
    // One deadline for the whole burst, so that it ends in one pass of the timers: with
    // deadlines spread over a slow spawn loop, the loop could idle (and trim, to what
    // was alive then) half-way through it.
    let at = Instant::now() + ms(20);
    for _ in 0..2000 {
        spawn(Box::new(move || {
            with(|rt| rt.park_until(Some(at), false));
        }))
        .unwrap();
    }
    assert_eq!(counts().1, dirty_before);
    assert_eq!(run(), LoopEnd::Done);
    // Slabs wholly free went; the last ones stay, their pages dropped but for the
    // most recently freed stacks.
    let (free, dirty) = seen.get();
    assert!(dirty <= 1 + st::TRIM_KEEP, "{dirty} free stacks hold pages");
    assert!(
        free <= dirty + 2 * st::SLAB_SLOTS,
        "{free} stacks left pooled"
    );
    // The end of run() trims again.
    assert!(counts().1 <= st::TRIM_KEEP);
    with(|rt| rt.set_stack_size(DEFAULT_STACK_SIZE));
}
