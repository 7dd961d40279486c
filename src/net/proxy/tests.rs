//! The tunnel driver over socket pairs, with a proxy played by another coroutine: the
//! bytes after the last reply stay readable, and an early close, a reset, a stall, a
//! cancel and a close from another coroutine each end it as they should.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use super::*;
use crate::net::buffer::uninit;
use crate::runtime::{self, Direction, LoopEnd};

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

fn pair() -> (Rc<Socket>, Rc<Socket>) {
    let (a, b) = Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap();
    (Rc::new(a), Rc::new(b))
}

/// Reads exactly `n` bytes from the proxy's side.
fn read_n(s: &Socket, n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    let (got, e) = s.recv_all(uninit(&mut buf), ms(2000));
    assert_eq!((got, e), (n, None));
    buf
}

fn socks5() -> Handshake {
    Handshake::Socks5(Socks5::new("target.test", 7, Some((b"u", b"p"))).unwrap())
}

fn http() -> Handshake {
    Handshake::Http(HttpConnect::new("target.test", 7, None, "test").unwrap())
}

/// Runs the client's handshake in one coroutine and `proxy` in another; returns the
/// client's result and what it read from the tunnel afterwards (one recv).
fn run(
    mut hs: Handshake,
    timeout: u64,
    proxy: impl FnOnce(Rc<Socket>, Rc<Socket>) + 'static,
) -> (Result<(), TunnelError>, Vec<u8>) {
    let (client, server) = pair();
    let out = Rc::new(RefCell::new((Ok(()), Vec::new())));
    let (c, o) = (client.clone(), out.clone());
    runtime::spawn(Box::new(move || {
        let r = c.open_tunnel(&mut hs, &Deadline::starting_now(ms(timeout)));
        let mut got = Vec::new();
        if r.is_ok() {
            let mut buf = [0u8; 64];
            let n = c.recv(uninit(&mut buf), ms(2000)).unwrap();
            got.extend_from_slice(&buf[..n]);
        }
        *o.borrow_mut() = (r, got);
    }))
    .unwrap();
    runtime::spawn(Box::new(move || proxy(server, client))).unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let r = out.borrow().clone();
    r
}

#[test]
fn socks5_then_the_target_speaks_in_the_same_write() {
    let (r, got) = run(socks5(), 2000, |p, _| {
        assert_eq!(read_n(&p, 4), [5, 2, 0, 2]);
        p.send(&[5, 2], None).unwrap();
        assert_eq!(read_n(&p, 5), [1, 1, b'u', 1, b'p']);
        p.send(&[1, 0], None).unwrap();
        let req = read_n(&p, 5 + 11 + 2);
        assert_eq!(&req[..5], [5, 1, 0, 3, 11]);
        // The reply with a name as its bound address, and the target's banner right after.
        p.send(b"\x05\x00\x00\x03\x04host\x04\x38SSH-2.0-banner\r\n", None)
            .unwrap();
    });
    assert_eq!(r, Ok(()));
    assert_eq!(got, b"SSH-2.0-banner\r\n");
}

#[test]
fn http_surplus_stays_in_the_read_ahead_buffer() {
    let (r, got) = run(http(), 2000, |p, _| {
        let mut buf = [0u8; 512];
        let n = p.recv(uninit(&mut buf), ms(2000)).unwrap();
        assert!(buf[..n].starts_with(b"CONNECT target.test:7 HTTP/1.1\r\n"));
        assert!(buf[..n].ends_with(b"\r\n\r\n"));
        p.send(
            b"HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n220 smtp ready\r\n",
            None,
        )
        .unwrap();
    });
    assert_eq!(r, Ok(()));
    assert_eq!(got, b"220 smtp ready\r\n");
}

#[test]
fn a_refusal_is_the_proxys_error() {
    let (r, _) = run(socks5(), 2000, |p, _| {
        read_n(&p, 4);
        p.send(&[5, 0xff], None).unwrap();
    });
    assert_eq!(r, Err(TunnelError::Proxy(ProxyError::Socks5Method(0xff))));
    let (r, _) = run(http(), 2000, |p, _| {
        let mut buf = [0u8; 512];
        p.recv(uninit(&mut buf), ms(2000)).unwrap();
        p.send(b"HTTP/1.1 407 Proxy Authentication Required\r\n", None)
            .unwrap();
    });
    let Err(TunnelError::Proxy(e @ ProxyError::HttpStatus { status: 407, .. })) = r else {
        panic!("{r:?}")
    };
    assert_eq!(
        e.to_string(),
        "Http proxy handshake failed: the proxy answered 407 Proxy Authentication Required"
    );
}

#[test]
fn a_proxy_that_closes_mid_reply() {
    for hs in [socks5(), http()] {
        let protocol = hs.protocol();
        let (r, _) = run(hs, 2000, move |p, _| {
            let mut buf = [0u8; 512];
            p.recv(uninit(&mut buf), ms(2000)).unwrap();
            p.send(
                if protocol == Protocol::Http {
                    &b"HTTP/1.1 200 OK\r\n"[..]
                } else {
                    &[5]
                },
                None,
            )
            .unwrap();
            p.close();
        });
        assert_eq!(r, Err(TunnelError::Proxy(ProxyError::Closed(protocol))));
    }
}

#[test]
fn a_stalled_proxy_times_out_within_the_deadline() {
    for hs in [socks5(), http()] {
        // The first byte of a reply, and the rest too late: the whole handshake shares
        // the deadline, so it ends before.
        let (first, rest): (&[u8], &[u8]) = if hs.protocol() == Protocol::Http {
            (b"H", b"TTP/1.1 200 OK\r\n\r\n")
        } else {
            (&[5], &[2])
        };
        let (r, _) = run(hs, 100, move |p, _| {
            let mut buf = [0u8; 512];
            p.recv(uninit(&mut buf), ms(2000)).unwrap();
            p.send(first, None).unwrap();
            runtime::sleep(Duration::from_millis(60));
            p.send(&rest[..1], None).unwrap();
            runtime::sleep(Duration::from_millis(200));
            let _ = p.send(&rest[1..], None);
        });
        assert_eq!(r, Err(TunnelError::Net(NetError::Timeout)));
    }
}

#[test]
fn cancel_and_close_from_another_coroutine() {
    let (r, _) = run(http(), 2000, |_p, c| {
        runtime::sleep(Duration::from_millis(20));
        assert!(c.cancel(Direction::Read));
    });
    assert_eq!(r, Err(TunnelError::Net(NetError::Cancelled)));
    let (r, _) = run(socks5(), 2000, |_p, c| {
        runtime::sleep(Duration::from_millis(20));
        assert!(c.close());
    });
    assert_eq!(r, Err(TunnelError::Net(NetError::Closed)));
}

#[test]
fn a_reset_is_the_proxys_error() {
    let listener = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    listener
        .bind(&crate::net::SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
        .unwrap();
    listener.listen(8).unwrap();
    let addr = listener.local_addr().unwrap();
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        c.connect(&addr, ms(2000)).unwrap();
        *o.borrow_mut() = Some(c.open_tunnel(&mut http(), &Deadline::starting_now(ms(2000))));
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let p = listener.accept(ms(2000)).unwrap();
        let mut buf = [0u8; 512];
        p.recv(uninit(&mut buf), ms(2000)).unwrap();
        // SO_LINGER {1, 0}: close() sends a reset.
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: a plain struct viewed as its bytes.
        let raw = unsafe {
            std::slice::from_raw_parts(
                (&linger as *const libc::linger).cast::<u8>(),
                std::mem::size_of::<libc::linger>(),
            )
        };
        p.setsockopt(libc::SOL_SOCKET, libc::SO_LINGER, raw)
            .unwrap();
        p.close();
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(
        *out.borrow(),
        Some(Err(TunnelError::Proxy(ProxyError::Io(
            Protocol::Http,
            libc::ECONNRESET
        ))))
    );
}
