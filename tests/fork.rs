//! fork() after the runtime ran: the child must work as a fresh process (its own epoll,
//! its own resolver workers), keep the sockets made before the fork, and leave the
//! parent's loop alone.
//!
//! A binary of its own without the test harness (`harness = false` in Cargo.toml):
//! fork copies only the calling thread, so no other test may run threads (or hold
//! getaddrinfo's locks) at that moment.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use cosocket::net::buffer::uninit;
use cosocket::net::dns;
use cosocket::net::{SockAddr, Socket};
use cosocket::runtime::{self, LoopEnd};

const T: Option<Duration> = Some(Duration::from_secs(2));

fn listener() -> (Rc<Socket>, SockAddr) {
    let s = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    s.bind(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
        .unwrap();
    s.listen(16).unwrap();
    let a = s.local_addr().unwrap();
    (Rc::new(s), a)
}

/// One connection through `server`, echoing `msg`; panics on any failure.
fn echo(server: &Rc<Socket>, addr: &SockAddr, msg: &str) {
    let srv = server.clone();
    runtime::spawn(Box::new(move || {
        let conn = srv.accept(T).unwrap();
        let mut buf = [0u8; 64];
        let n = conn.recv(uninit(&mut buf), T).unwrap();
        conn.send(&buf[..n], T).unwrap();
    }))
    .unwrap();
    let (addr, msg) = (addr.clone(), msg.to_owned());
    runtime::spawn(Box::new(move || {
        let c = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        c.connect(&addr, T).unwrap();
        c.send(msg.as_bytes(), T).unwrap();
        let mut buf = [0u8; 64];
        let n = c.recv(uninit(&mut buf), T).unwrap();
        assert_eq!(&buf[..n], msg.as_bytes());
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

type Slot = Rc<RefCell<Option<Result<dns::Answer, runtime::Wake>>>>;

/// Starts a lookup in a coroutine; its outcome lands in the slot.
fn lookup(host: &str) -> Slot {
    let slot: Slot = Rc::new(RefCell::new(None));
    let (s, host) = (slot.clone(), host.to_owned());
    runtime::spawn(Box::new(move || {
        let r = runtime::with(|rt| {
            rt.resolve(
                Box::new(move || dns::lookup_blocking(&dns::Query::host(&host, libc::AF_INET))),
                T,
            )
        });
        *s.borrow_mut() = Some(r);
    }))
    .unwrap();
    slot
}

fn is_loopback(slot: &Slot) -> bool {
    matches!(&*slot.borrow(), Some(Ok(Ok(a))) if a.iter().any(|a| a.ip().is_loopback()))
}

/// The child's part: lookups and echoes on its own loop.
fn child(in_flight: &Slot, kept: &Rc<Socket>, kept_addr: &SockAddr) {
    let t = Instant::now();
    let fresh = lookup("localhost");
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert!(
        matches!(&*in_flight.borrow(), Some(Ok(Err(libc::EAI_AGAIN)))),
        "in flight at the fork: {:?}",
        in_flight.borrow()
    );
    assert!(is_loopback(&fresh), "fresh lookup: {:?}", fresh.borrow());
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "lookups took {:?}",
        t.elapsed()
    );
    let (s, a) = listener();
    echo(&s, &a, "child, new socket");
    echo(kept, kept_addr, "child, socket from before the fork");
}

fn main() {
    // The parent uses the runtime first: resolver workers and a reactor exist.
    let (kept, kept_addr) = listener();
    let warm = lookup("localhost");
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert!(is_loopback(&warm));
    echo(&kept, &kept_addr, "parent");

    // A lookup in flight at the fork: the worker answers while the loop is not running,
    // so the answer waits, undelivered, in both processes' copies.
    let in_flight = lookup("127.0.0.1");
    std::thread::sleep(Duration::from_millis(100));

    // SAFETY: this binary runs no other thread now (no test harness; the resolver's
    // worker is idle, blocked on its queue). The child only runs Rust code on this
    // thread and leaves with _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            child(&in_flight, &kept, &kept_addr)
        }));
        // SAFETY: ends the child without running the parent's exit handlers.
        unsafe { libc::_exit(if ok.is_ok() { 0 } else { 1 }) };
    }

    let mut status = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // SAFETY: waits for our own child; `status` is a valid out-parameter.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            break;
        }
        if Instant::now() > deadline {
            // SAFETY: our own child, hung: stop it before failing.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the child hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed, status {status:#x}"
    );

    // The parent's loop was not disturbed: the child consumed none of its events (with
    // a shared epoll it would have taken the waker's), and the kept socket still works.
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert!(
        is_loopback(&in_flight),
        "parent's lookup in flight: {:?}",
        in_flight.borrow()
    );
    echo(&kept, &kept_addr, "parent, after the child");
    println!("test result: ok. 1 passed (fork: fresh epoll and resolver in the child, parent undisturbed)");
}
