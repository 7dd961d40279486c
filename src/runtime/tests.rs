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
        assert_eq!(with(|rt| rt.resume(me, Wake::Resumed)), Err(ResumeError::NotSuspended));
        assert_eq!(with(|rt| rt.park(None, false)), Wake::Resumed);
    }))
    .unwrap();
    assert_eq!(with(|rt| rt.cancel(cid)), Err(ResumeError::NotCancellable));
    assert_eq!(with(|rt| rt.resume(cid, Wake::Resumed)), Ok(()));
    assert_eq!(with(|rt| rt.resume(999_999, Wake::Resumed)), Err(ResumeError::NotFound));
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
    with(|rt| rt.set_limits(Limits { max_coroutine: 2, deadlock_check: true }));
    let ch = Rc::new(Channel::<()>::new(1));
    for _ in 0..2 {
        let c = ch.clone();
        spawn(Box::new(move || {
            let _ = c.pop(None);
        }))
        .unwrap();
    }
    assert!(matches!(spawn(Box::new(|| {})), Err(SpawnError::TooMany(2))));
    ch.close();
    assert_eq!(run(), LoopEnd::Done);
    with(|rt| rt.set_limits(Limits { max_coroutine: 100_000, deadlock_check: true }));
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
        assert_eq!(with(|rt| rt.wait_fd(key, Direction::Read, Some(deadline_after(ms(10))))), Ok(Wake::Timeout));
        assert_eq!(with(|rt| rt.wait_fd(key, Direction::Read, Some(deadline_after(Duration::from_secs(5))))), Ok(Wake::Ready));
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
        assert_eq!(with(|rt| rt.wait_fd(key, Direction::Read, None)), Ok(Wake::Closed));
    }))
    .unwrap();
    spawn(Box::new(move || {
        assert_eq!(with(|rt| rt.wait_fd(key, Direction::Read, None)), Err(first));
        assert_eq!(with(|rt| rt.fd_waiter(key, Direction::Read)), first);
        // Closing wakes the first waiter with Closed.
        with(|rt| rt.deregister_fd(key, true));
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    drop(a);
}

#[test]
fn dns_resolves_off_the_loop() {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    spawn(Box::new(move || {
        let r = with(|rt| rt.resolve(dns::Query::host("localhost", libc::AF_INET), Some(Duration::from_secs(5))));
        *o.borrow_mut() = Some(r);
    }))
    .unwrap();
    assert_eq!(run(), LoopEnd::Done);
    let answer = out.borrow_mut().take().unwrap().unwrap().unwrap();
    assert!(answer.iter().any(|a| a.ip().is_loopback()));
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
    with(|rt| rt.set_hooks(Some(ContextHooks { switch: record_switch, free: |_| {} }), MAIN as *mut c_void));
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
    let r = std::panic::catch_unwind(|| run());
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
