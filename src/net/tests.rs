//! Coroutine sockets over loopback, driven by the core runtime with Rust closures.

use super::buffer::uninit;
use super::*;
use crate::runtime::{self, Direction, LoopEnd};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

/// What the loop believes of `key`'s readability (false: drained, the next read parks).
fn readable(key: usize) -> bool {
    runtime::with(|rt| rt.with_fd(key, |s| s.ready(Direction::Read)).unwrap())
}

fn listener(domain: i32, host: &str) -> (Socket, SockAddr) {
    let s = Socket::new(domain, libc::SOCK_STREAM, 0).unwrap();
    s.bind(&SockAddr::ip(domain, host, 0).unwrap()).unwrap();
    s.listen(128).unwrap();
    let a = s.local_addr().unwrap();
    (s, a)
}

fn echo_round_trip(domain: i32, host: &str) {
    let (server, addr) = listener(domain, host);
    let got = Rc::new(RefCell::new(Vec::new()));
    runtime::spawn(Box::new(move || {
        let conn = server.accept(ms(2000)).unwrap();
        let mut buf = [0u8; 64];
        loop {
            let n = conn.recv(uninit(&mut buf), ms(2000)).unwrap();
            if n == 0 {
                break;
            }
            conn.send(&buf[..n], ms(2000)).unwrap();
        }
    }))
    .unwrap();
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let c = Socket::new(domain, libc::SOCK_STREAM, 0).unwrap();
        c.connect(&addr, ms(2000)).unwrap();
        for word in ["ping", "pong", "done"] {
            c.send(word.as_bytes(), ms(2000)).unwrap();
            let mut buf = [0u8; 64];
            let n = c.recv(uninit(&mut buf), ms(2000)).unwrap();
            g.borrow_mut().extend_from_slice(&buf[..n]);
        }
        c.close();
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(&*got.borrow(), b"pingpongdone");
}

#[test]
fn tcp_echo_ipv4_and_ipv6() {
    echo_round_trip(libc::AF_INET, "127.0.0.1");
    echo_round_trip(libc::AF_INET6, "::1");
}

#[test]
fn connect_refused_and_timeouts() {
    let (server, addr) = listener(libc::AF_INET, "127.0.0.1");
    drop(server);
    runtime::spawn(Box::new(move || {
        let c = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        assert_eq!(
            c.connect(&addr, ms(1000)),
            Err(NetError::Os(libc::ECONNREFUSED))
        );
        let (s, _) = listener(libc::AF_INET, "127.0.0.1");
        assert_eq!(s.accept(ms(20)).err(), Some(NetError::Timeout));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

#[test]
fn outside_a_coroutine_a_wait_is_refused_but_ready_work_is_done() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(
        a.recv(uninit(&mut buf), None),
        Err(NetError::NotInCoroutine)
    );
    assert_eq!(b.send(b"hi", None), Ok(2));
    assert_eq!(a.recv(uninit(&mut buf), None), Ok(2));
}

#[test]
fn a_short_read_parks_without_another_syscall() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    b.send(b"abc", None).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(a.recv(uninit(&mut buf), None), Ok(3));
    // Drained: the next read must park (here: be refused, outside a coroutine) at once.
    let key = a.key().unwrap();
    assert_eq!(
        runtime::with(|rt| rt.with_fd(key, |s| s.readable)),
        Some(false)
    );
    assert_eq!(
        a.recv(uninit(&mut buf), None),
        Err(NetError::NotInCoroutine)
    );
}

#[test]
fn close_and_cancel_wake_the_waiter() {
    let (a, _b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let a = Rc::new(a);
    let result = Rc::new(RefCell::new(Vec::new()));
    for _ in 0..2 {
        let (a2, r) = (a.clone(), result.clone());
        runtime::spawn(Box::new(move || {
            let mut buf = [0u8; 4];
            let e = a2.recv(uninit(&mut buf), None).unwrap_err();
            r.borrow_mut().push(e);
        }))
        .unwrap();
        if result.borrow().is_empty() {
            assert_ne!(a.bound_cid(Direction::Read), 0);
            assert!(a.cancel(Direction::Read));
        }
    }
    a.close();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(&*result.borrow(), &[NetError::Cancelled, NetError::Closed]);
}

#[test]
fn second_reader_is_refused_with_the_bound_cid() {
    let (a, _b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let a = Rc::new(a);
    let a1 = a.clone();
    let first = runtime::spawn(Box::new(move || {
        let mut buf = [0u8; 4];
        let _ = a1.recv(uninit(&mut buf), ms(50));
    }))
    .unwrap();
    let a2 = a.clone();
    runtime::spawn(Box::new(move || {
        let mut buf = [0u8; 4];
        assert_eq!(
            a2.recv(uninit(&mut buf), ms(10)),
            Err(NetError::Bound(first))
        );
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

#[test]
fn udp_and_unix_datagrams_carry_the_peer_address() {
    let a = Socket::new(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    a.bind(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
        .unwrap();
    let b = Socket::new(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
    b.bind(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
        .unwrap();
    let (aa, ba) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    runtime::spawn(Box::new(move || {
        let mut buf = [0u8; 16];
        let (n, from) = a.recvfrom(uninit(&mut buf), ms(1000)).unwrap();
        assert_eq!(&buf[..n], b"dgram");
        assert_eq!(from, Some(ba));
    }))
    .unwrap();
    assert_eq!(b.sendto(b"dgram", &aa, None), Ok(5));
    assert_eq!(runtime::run(), LoopEnd::Done);

    let dir = std::env::temp_dir().join(format!("cosocket-test-{}", std::process::id()));
    let _ = std::fs::create_dir(&dir);
    let pa = dir.join("a.sock").to_string_lossy().into_owned();
    let pb = dir.join("b.sock").to_string_lossy().into_owned();
    let ua = Socket::new(libc::AF_UNIX, libc::SOCK_DGRAM, 0).unwrap();
    ua.bind(&SockAddr::unix(&pa)).unwrap();
    let ub = Socket::new(libc::AF_UNIX, libc::SOCK_DGRAM, 0).unwrap();
    ub.bind(&SockAddr::unix(&pb)).unwrap();
    ub.sendto(b"x", &SockAddr::unix(&pa), None).unwrap();
    let mut buf = [0u8; 4];
    let (n, from) = ua.recvfrom(uninit(&mut buf), None).unwrap();
    assert_eq!((n, from), (1, Some(SockAddr::unix(&pb))));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn all_variants_loop_until_done_and_lines_keep_surplus() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let data: Vec<u8> = (0..4_000_000u32).map(|i| (i % 251) as u8).collect();
    let expect = data.clone();
    runtime::spawn(Box::new(move || {
        let (n, err) = b.send_all(&data, ms(5000));
        assert_eq!((n, err), (data.len(), None));
        b.send(b"line one\nline two\npartial", ms(1000)).unwrap();
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let mut buf = vec![0u8; expect.len()];
        assert_eq!(a.recv_all(uninit(&mut buf), ms(5000)), (expect.len(), None));
        assert!(buf == expect);
        let mut line = [0u8; 64];
        let n = a.recv_line(uninit(&mut line), ms(1000)).unwrap();
        assert_eq!(&line[..n], b"line one\n");
        let n = a.recv_line(uninit(&mut line), ms(1000)).unwrap();
        assert_eq!(&line[..n], b"line two\n");
        let mut small = [0u8; 3];
        let n = a.recv_with_buffer(uninit(&mut small), ms(1000)).unwrap();
        assert_eq!(&small[..n], b"par");
        let n = a.recv(uninit(&mut line), ms(1000)).unwrap();
        assert_eq!(&line[..n], b"tial");
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

#[test]
fn a_short_read_before_a_known_eof_does_not_park_forever() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let got = Rc::new(RefCell::new(Vec::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        // Wait once so that the loop sees data and hang-up in one event.
        runtime::sleep(Duration::from_millis(20));
        let mut buf = [0u8; 64];
        let n = a.recv(uninit(&mut buf), ms(1000)).unwrap();
        g.borrow_mut().push(n);
        // The short read must not make the EOF wait: it is already known.
        g.borrow_mut()
            .push(a.recv(uninit(&mut buf), ms(1000)).unwrap());
    }))
    .unwrap();
    b.send(b"tail", None).unwrap();
    drop(b);
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(&*got.borrow(), &[4, 0]);
}

#[test]
fn a_closed_socket_never_touches_the_fd_number_it_had() {
    let other = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    // A high fd number, which the tests running in parallel (lowest free numbers) leave alone.
    // SAFETY: plain syscalls on fds this test owns.
    let n = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        let high = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 900);
        libc::close(fd);
        high
    };
    assert!(n >= 900);
    let closed = Socket::adopt(n, libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    assert!(closed.close());
    // The number now names `other`'s socket, as it would after an unrelated open().
    // SAFETY: `n` is free (closed above); dup2 makes it a second fd of `other`.
    assert_eq!(unsafe { libc::dup2(other.fd(), n) }, n);
    let addr = SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap();
    let ebadf = |r: NetResult<()>| assert!(matches!(r, Err(NetError::Os(libc::EBADF))));
    ebadf(closed.bind(&addr));
    ebadf(closed.listen(8));
    ebadf(closed.shutdown(libc::SHUT_RDWR));
    ebadf(closed.setsockopt(libc::SOL_SOCKET, libc::SO_REUSEADDR, &1i32.to_ne_bytes()));
    ebadf(closed.check_liveness());
    ebadf(closed.connect(&addr, ms(100)));
    assert!(matches!(
        closed.local_addr(),
        Err(NetError::Os(libc::EBADF))
    ));
    assert!(matches!(
        closed.peek(uninit(&mut [0u8; 4])),
        Err(NetError::Os(libc::EBADF))
    ));
    assert!(matches!(
        closed.sendto(b"x", &addr, None),
        Err(NetError::Os(libc::EBADF))
    ));
    // `other` is still unbound.
    assert_eq!(other.local_addr().unwrap().host_port().1, 0);
    // SAFETY: `n` is our duplicate; closing it leaves `other`'s own fd open.
    unsafe { libc::close(n) };
}

#[test]
fn every_read_serves_read_ahead_bytes_first() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let got = Rc::new(RefCell::new(Vec::<String>::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        assert!(a.send_all(b"one\ntwo-three-four", ms(1000)).1.is_none());
        let mut line = [0u8; 64];
        let n = b.recv_line(uninit(&mut line), ms(1000)).unwrap();
        g.borrow_mut()
            .push(String::from_utf8_lossy(&line[..n]).into());
        // readv: the buffered "two-three-four" first, spread over the vectors.
        let (mut x, mut y) = ([0u8; 4], [0u8; 32]);
        let iov = [
            libc::iovec {
                iov_base: x.as_mut_ptr().cast(),
                iov_len: x.len(),
            },
            libc::iovec {
                iov_base: y.as_mut_ptr().cast(),
                iov_len: 5,
            },
        ];
        // SAFETY: both iovecs point into live local arrays of at least their lengths.
        let n = unsafe { b.readv(&iov, &Deadline::new(ms(1000))) }.unwrap();
        g.borrow_mut().push(format!(
            "{}|{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y[..n - 4])
        ));
        // recvfrom on a stream: the rest of the buffer, then the socket.
        let n = b.recvfrom(uninit(&mut y), ms(1000)).unwrap().0;
        g.borrow_mut().push(String::from_utf8_lossy(&y[..n]).into());
        assert!(a.send_all(b"five", ms(1000)).1.is_none());
        let n = b.recvfrom(uninit(&mut y), ms(1000)).unwrap().0;
        g.borrow_mut().push(String::from_utf8_lossy(&y[..n]).into());
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(*got.borrow(), ["one\n", "two-|three", "-four", "five"]);
}

#[test]
fn recv_packet_cuts_whole_packets_whatever_the_writes() {
    use crate::net::{Framing, Packet};
    use crate::protocol::{Bad, LengthField, LengthType};
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 4,
    };
    let frame = |body: &[u8]| [&(body.len() as u32).to_be_bytes()[..], body].concat();
    let stream: Vec<u8> = [
        frame(b"one"),
        frame(b""),
        frame(&[b'x'; 70_000]),
        frame(b"last"),
    ]
    .concat();
    let got = Rc::new(RefCell::new(Vec::<usize>::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        // Odd-sized writes with pauses: packets split across reads and several in one.
        for piece in stream.chunks(4099) {
            assert!(a.send_all(piece, ms(1000)).1.is_none());
            runtime::sleep(Duration::from_millis(1));
        }
        // A truncated packet, then the end.
        assert!(a.send_all(&[0, 0, 0, 9, b'z'], ms(1000)).1.is_none());
        a.close();
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let framing = Framing::Length(field);
        loop {
            match b
                .recv_packet(&framing, 1 << 20, ms(2000), |_| 0, |p| p.len())
                .unwrap()
            {
                Packet::Whole(n) => g.borrow_mut().push(n),
                Packet::Closed => break,
                Packet::Bad(bad) => panic!("{bad:?}"),
            }
        }
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(*got.borrow(), [7, 4, 70_004, 8]);

    // Too large: refused as soon as the header is in, and the buffer dropped.
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        assert!(a.send_all(&frame(&[0; 100]), ms(1000)).1.is_none());
        let r = b
            .recv_packet(&Framing::Length(field), 50, ms(1000), |_| 0, |p| p.to_vec())
            .unwrap();
        *o.borrow_mut() = Some(r);
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(
        out.borrow_mut().take(),
        Some(Packet::Bad(Bad::TooLarge(104)))
    );
}

#[test]
fn recv_packet_with_a_length_function_that_yields() {
    use crate::net::{Framing, Packet};
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let got = Rc::new(RefCell::new(Vec::<Vec<u8>>::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        assert!(a.send_all(b"3:ab", ms(1000)).1.is_none());
        runtime::sleep(Duration::from_millis(5));
        assert!(a.send_all(b"c2:de", ms(1000)).1.is_none());
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        // "N:" then N bytes; the function sleeps, as a PHP callback may.
        let user = |buf: &[u8]| -> i64 {
            runtime::sleep(Duration::from_millis(1));
            match buf.iter().position(|&c| c == b':') {
                Some(i) => {
                    i as i64
                        + 1
                        + std::str::from_utf8(&buf[..i])
                            .unwrap()
                            .parse::<i64>()
                            .unwrap()
                }
                None => 0,
            }
        };
        for _ in 0..2 {
            match b
                .recv_packet(&Framing::User, 1024, ms(1000), user, |p| p.to_vec())
                .unwrap()
            {
                Packet::Whole(p) => g.borrow_mut().push(p),
                other => panic!("{other:?}"),
            }
        }
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(*got.borrow(), [b"3:abc".to_vec(), b"2:de".to_vec()]);
}

#[test]
fn a_crossed_waiter_keeps_its_slot_and_wakes_on_the_other_readiness() {
    // A TLS read whose SSL_read must write waits in the Read slot for writability: a
    // writer is not refused (its slot is free), and one writability edge wakes both.
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let chunk = [0u8; 65536];
    while a.send(&chunk, None).is_ok() {}
    let key = a.key().unwrap();
    let woken = Rc::new(RefCell::new(Vec::new()));
    let w = woken.clone();
    let reader = runtime::spawn(Box::new(move || {
        let r = runtime::with(|rt| rt.wait_fd_for(key, Direction::Read, Direction::Write, None));
        w.borrow_mut().push(("reader", r));
    }))
    .unwrap();
    assert_eq!(a.bound_cid(Direction::Read), reader);
    assert_eq!(a.bound_cid(Direction::Write), 0);
    let w = woken.clone();
    runtime::spawn(Box::new(move || {
        let r = runtime::with(|rt| rt.wait_fd(key, Direction::Write, None));
        w.borrow_mut().push(("writer", r));
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        runtime::sleep(Duration::from_millis(10));
        let mut buf = vec![0u8; 1 << 20];
        while b.recv(uninit(&mut buf), ms(20)).is_ok() {}
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let mut got = woken.borrow().clone();
    got.sort_by_key(|g| g.0);
    assert_eq!(
        got,
        [
            ("reader", Ok(runtime::Wake::Ready)),
            ("writer", Ok(runtime::Wake::Ready))
        ]
    );
    drop(a);
}

/// recv and recv_all of exact sizes read past the request (so a message that fills it
/// still shows the socket drained) and keep the surplus, in order, for the next read.
#[test]
fn exact_reads_know_the_socket_drained_and_keep_the_surplus() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let key = a.key().unwrap();
    let ready = move || readable(key);
    runtime::spawn(Box::new(move || {
        // One small message that fills the request exactly: drained, nothing buffered.
        b.send_all(&[7u8; 64], None);
        let mut buf = [0u8; 64];
        assert_eq!(a.recv_all(uninit(&mut buf), ms(1000)), (64, None));
        assert!(
            !ready(),
            "a read that filled the request must still prove the drain"
        );
        assert!(a.buffer.borrow().is_empty());
        // Three messages at once (small and large reads): each read takes its own,
        // the surplus is served in order.
        let data: Vec<u8> = (0..=255u8).cycle().take(64 + 5000 + 64).collect();
        b.send_all(&data, None);
        let mut first = [0u8; 64];
        assert_eq!(a.recv(uninit(&mut first), ms(1000)), Ok(64));
        let mut second = vec![0u8; 5000];
        assert_eq!(a.recv_all(uninit(&mut second), ms(1000)), (5000, None));
        let mut third = [0u8; 64];
        assert_eq!(a.recv_all(uninit(&mut third), ms(1000)), (64, None));
        let got: Vec<u8> = [&first[..], &second[..], &third[..]].concat();
        assert_eq!(got, data);
        assert!(a.buffer.borrow().is_empty());
        // A large request reads straight into the caller's memory (no copy), spilling
        // what follows.
        let data: Vec<u8> = (0..=255u8).rev().cycle().take(3000 + 10).collect();
        b.send_all(&data, None);
        let mut big = vec![0u8; 3000];
        assert_eq!(a.recv_all(uninit(&mut big), ms(1000)), (3000, None));
        assert_eq!(a.buffer.borrow().pending(), &data[3000..]);
        assert!(!ready());
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

/// A socket made here joins epoll only when it first has to wait, and a wait that
/// begins after the data came is still woken (epoll reports what is ready on joining).
#[test]
fn sockets_join_epoll_on_their_first_wait() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let key = a.key().unwrap();
    let armed = move || runtime::with(|rt| rt.with_fd(key, |s| s.armed).unwrap());
    assert!(!armed());
    runtime::spawn(Box::new(move || {
        b.send_all(b"x", None);
        let mut buf = [0u8; 8];
        // Data there: no wait, still not in epoll.
        assert_eq!(a.recv(uninit(&mut buf), ms(1000)), Ok(1));
        assert!(!armed());
        // The socket was seen drained; the peer writes before the reader parks.
        b.send_all(b"yz", None);
        runtime::with(|rt| rt.with_fd(key, |s| s.set_ready(Direction::Read, false)));
        assert_eq!(a.recv(uninit(&mut buf), ms(1000)), Ok(2));
        assert!(armed());
        assert_eq!(a.recv(uninit(&mut buf), ms(20)), Err(NetError::Timeout));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

/// A packet larger than one read-ahead, arriving whole, is read without an EAGAIN read
/// after it: the read asks for a little more than the packet, so coming back short
/// proves the socket drained.
#[test]
fn a_large_packet_leaves_the_socket_known_drained() {
    use crate::net::{Framing, Packet};
    use crate::protocol::{LengthField, LengthType};
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let key = b.key().unwrap();
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 4,
    };
    let body = vec![7u8; 100_000];
    let packet = [&(body.len() as u32).to_be_bytes()[..], &body].concat();
    runtime::spawn(Box::new(move || {
        // The first read takes the header and some body; then the rest comes whole.
        assert!(a.send_all(&packet[..10], ms(1000)).1.is_none());
        runtime::sleep(Duration::from_millis(5));
        assert!(a.send_all(&packet[10..], ms(1000)).1.is_none());
        // Kept open until the reader is done: a hang-up would mark the fd readable.
        runtime::sleep(Duration::from_millis(50));
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let r = b
            .recv_packet(
                &Framing::Length(field),
                1 << 20,
                ms(2000),
                |_| 0,
                |p| p.len(),
            )
            .unwrap();
        assert_eq!(r, Packet::Whole(100_004));
        assert!(
            !readable(key),
            "a read that came back short must mark the socket drained"
        );
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

#[test]
fn a_step_with_a_limit_of_its_own_ends_by_the_calls_deadline_if_that_comes_first() {
    let none = Deadline::new(None);
    assert_eq!(none.within(None), None);
    let step = none.within(ms(1000)).unwrap();
    assert!(step > std::time::Instant::now() + Duration::from_millis(900));
    let short = Deadline::starting_now(ms(50));
    let at = short.instant().unwrap();
    assert_eq!(short.within(ms(1000)), Some(at));
    assert_eq!(short.within(None), Some(at));
    assert!(
        Deadline::starting_now(ms(1000)).within(ms(50)).unwrap() < at + Duration::from_millis(100)
    );
    // A lookup that takes 300 ms, with a DNS limit of 1 s, in a call given 50 ms.
    let got = Rc::new(RefCell::new(None));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let deadline = Deadline::starting_now(ms(50));
        let t = std::time::Instant::now();
        let slow: crate::runtime::dns::Lookup = Box::new(|| {
            std::thread::sleep(Duration::from_millis(300));
            Ok(Vec::new())
        });
        let r = runtime::with(|rt| rt.resolve_until(slow, deadline.within(ms(1000))));
        *g.borrow_mut() = Some((r.map(|_| ()), t.elapsed()));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let (r, took) = got.borrow_mut().take().unwrap();
    assert_eq!(r, Err(runtime::Wake::Timeout));
    assert!(took < Duration::from_millis(250), "{took:?}");
}

#[test]
fn accept_on_a_socket_that_is_not_listening_fails_at_once() {
    runtime::spawn(Box::new(|| {
        let u = Socket::new(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
        u.bind(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
            .unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(
            u.recvfrom(uninit(&mut buf), ms(10)).err(),
            Some(NetError::Timeout)
        );
        // The wait left the socket known not readable: accept still asks the kernel.
        assert!(!readable(u.key().unwrap()));
        assert_eq!(
            u.accept(ms(2000)).err(),
            Some(NetError::Os(libc::EOPNOTSUPP))
        );
        let (l, addr) = listener(libc::AF_INET, "127.0.0.1");
        let c = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        c.connect(&addr, ms(2000)).unwrap();
        assert!(!readable(c.key().unwrap()));
        assert_eq!(c.accept(ms(2000)).err(), Some(NetError::Os(libc::EINVAL)));
        assert!(l.accept(ms(2000)).is_ok());
        assert_eq!(l.accept(ms(10)).err(), Some(NetError::Timeout));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}

/// close_connection() with input left unread: the peer reads what was sent, then EOF
/// (TCP and Unix); with SO_LINGER {1, 0} it is reset, as asked; close() alone resets.
#[test]
fn closing_a_connection_with_unread_input_gives_the_peer_eof() {
    fn pair(domain: i32) -> (Socket, Socket) {
        if domain == libc::AF_UNIX {
            let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
            return (a, b);
        }
        let (server, addr) = listener(domain, "127.0.0.1");
        let c = Socket::new(domain, libc::SOCK_STREAM, 0).unwrap();
        c.connect(&addr, ms(1000)).unwrap();
        (server.accept(ms(1000)).unwrap(), c)
    }
    let outcomes = Rc::new(RefCell::new(Vec::new()));
    let o = outcomes.clone();
    runtime::spawn(Box::new(move || {
        for domain in [libc::AF_INET, libc::AF_UNIX] {
            for how in ["graceful", "linger", "plain"] {
                let (closing, peer) = pair(domain);
                peer.send(b"never read", ms(1000)).unwrap();
                closing.send(b"bye", ms(1000)).unwrap();
                runtime::sleep(Duration::from_millis(10));
                match how {
                    "graceful" => closing.close_connection(),
                    "linger" => {
                        let linger = [1i32.to_ne_bytes(), 0i32.to_ne_bytes()].concat();
                        closing
                            .setsockopt(libc::SOL_SOCKET, libc::SO_LINGER, &linger)
                            .unwrap();
                        closing.close_connection()
                    }
                    _ => closing.close(),
                };
                let mut buf = [0u8; 64];
                let first = peer
                    .recv(uninit(&mut buf), ms(1000))
                    .map(|n| buf[..n].to_vec());
                let then = peer.recv(uninit(&mut buf), ms(1000));
                o.borrow_mut().push((domain, how, first, then));
            }
        }
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let bye = || Ok(b"bye".to_vec());
    let reset = NetError::Os(libc::ECONNRESET);
    assert_eq!(
        *outcomes.borrow(),
        [
            (libc::AF_INET, "graceful", bye(), Ok(0)),
            (libc::AF_INET, "linger", bye(), Err(reset)),
            (libc::AF_INET, "plain", bye(), Err(reset)),
            (libc::AF_UNIX, "graceful", bye(), Ok(0)),
            (libc::AF_UNIX, "linger", bye(), Err(reset)),
            (libc::AF_UNIX, "plain", bye(), Err(reset)),
        ]
    );
}

/// `Coroutine::stats()`'s event_num: the fds a coroutine waits on now, each once.
#[test]
fn waited_fds_counts_the_fds_coroutines_wait_on() {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    let (a, b) = (Rc::new(a), Rc::new(b));
    let seen = Rc::new(RefCell::new(vec![runtime::with(|rt| rt.waited_fds())]));
    // A reader and a writer (its peer never reads) wait on the same fd.
    let a1 = a.clone();
    runtime::spawn(Box::new(move || {
        let mut buf = [0u8; 8];
        let _ = a1.recv(uninit(&mut buf), ms(1000));
    }))
    .unwrap();
    let a2 = a.clone();
    runtime::spawn(Box::new(move || {
        let _ = a2.send_all(&vec![0u8; 8 << 20], ms(50));
    }))
    .unwrap();
    let s = seen.clone();
    runtime::spawn(Box::new(move || {
        s.borrow_mut().push(runtime::with(|rt| rt.waited_fds()));
        runtime::sleep(Duration::from_millis(100));
        s.borrow_mut().push(runtime::with(|rt| rt.waited_fds()));
        b.send(b"x", ms(100)).unwrap();
        runtime::sleep(Duration::from_millis(10));
        s.borrow_mut().push(runtime::with(|rt| rt.waited_fds()));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    // Both waiting; the writer timed out; the reader got its byte.
    assert_eq!(*seen.borrow(), [0, 1, 1, 0]);
}

#[test]
fn dns_resolves_off_the_loop() {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let r = dns::resolve(
            dns::Query::host("localhost", libc::AF_INET),
            Some(Duration::from_secs(5)),
        );
        *o.borrow_mut() = Some(r);
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let answer = out.borrow_mut().take().unwrap().unwrap().unwrap();
    assert!(answer.iter().any(|a| a.ip().is_loopback()));
}
