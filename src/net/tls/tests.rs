//! TLS between cosocket sockets on loopback, driven by the core runtime: certificates
//! made at test time with the openssl crate, both sides of every handshake in-process.
//! The data phase here; handshakes in `tests/handshake.rs`.

use std::cell::RefCell;
use std::io::IoSlice;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::symm::Cipher;
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509NameBuilder, X509};

use super::{TlsConfig, TlsContext, TlsErrorKind};
use crate::net::buffer::uninit;
use crate::net::{Deadline, Framing, NetError, NetResult, Packet, SockAddr, Socket};
use crate::protocol::{LengthField, LengthType};
use crate::runtime::{self, Direction, LoopEnd};

mod handshake;

const X509_V_ERR_CERT_HAS_EXPIRED: i32 = 10;
const X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: i32 = 18;
const X509_V_ERR_HOSTNAME_MISMATCH: i32 = 62;

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

fn deadline(n: u64) -> Deadline {
    Deadline::new(ms(n))
}

/// A self-signed certificate (P-256) for `cn`, with `sans` as DNS names or IP
/// addresses, valid from `from` to `to` days from now.
fn make_cert(cn: &str, sans: &[&str], from: i64, to: i64) -> (X509, PKey<Private>) {
    static SERIAL: AtomicU32 = AtomicU32::new(1);
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", cn).unwrap();
    let name = name.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    let serial = BigNum::from_u32(SERIAL.fetch_add(1, Ordering::Relaxed))
        .unwrap()
        .to_asn1_integer()
        .unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    b.set_not_before(&Asn1Time::from_unix(now + from * 86400).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(now + to * 86400).unwrap())
        .unwrap();
    let mut san = SubjectAlternativeName::new();
    for s in sans {
        if s.parse::<std::net::IpAddr>().is_ok() {
            san.ip(s);
        } else {
            san.dns(s);
        }
    }
    let ext = san.build(&b.x509v3_context(None, None)).unwrap();
    b.append_extension(ext).unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    (b.build(), key)
}

/// A directory of PEM files, removed on drop.
struct Files(PathBuf);

impl Files {
    fn new() -> Files {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cosocket-tls-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Files(dir)
    }

    fn put(&self, name: &str, data: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, data).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// Writes a certificate and its key; returns (cert file, key file).
    fn pair(&self, name: &str, cert: &(X509, PKey<Private>)) -> (String, String) {
        let c = self.put(&format!("{name}.crt"), &cert.0.to_pem().unwrap());
        let k = self.put(
            &format!("{name}.key"),
            &cert.1.private_key_to_pem_pkcs8().unwrap(),
        );
        (c, k)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn listener() -> (Socket, SockAddr) {
    let s = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    s.bind(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 0).unwrap())
        .unwrap();
    s.listen(128).unwrap();
    let a = s.local_addr().unwrap();
    (s, a)
}

fn connected(addr: &SockAddr) -> Socket {
    let c = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
    c.connect(addr, ms(2000)).unwrap();
    c
}

/// A server config with a fresh certificate for "localhost" and 127.0.0.1; returns it
/// with the certificate file (to trust it as a CA).
fn server_config(files: &Files) -> (TlsConfig, String) {
    let (cert, key) = files.pair(
        "server",
        &make_cert("localhost", &["localhost", "127.0.0.1"], -1, 30),
    );
    let cfg = TlsConfig {
        cert_file: Some(cert.clone()),
        key_file: Some(key),
        ..TlsConfig::default()
    };
    (cfg, cert)
}

/// The server's context (its certificate for localhost written to `files`) and a
/// default client's.
fn default_contexts(files: &Files) -> (TlsContext, TlsContext) {
    let (server, _) = server_config(files);
    (
        server.server_context().unwrap(),
        TlsConfig::default().client_context().unwrap(),
    )
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// One handshake between a cosocket server and client; returns both results. After a
/// good handshake the client sends one byte, which the server reads, then both close.
fn handshake_pair(
    server: TlsConfig,
    client: TlsConfig,
    peer_name: Option<&'static str>,
) -> (NetResult<()>, NetResult<()>) {
    let (l, addr) = listener();
    let sctx = server.server_context().unwrap();
    let cctx = client.client_context().unwrap();
    let out = Rc::new(RefCell::new((None, None)));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        let r = conn.tls_handshake(&sctx, None, &deadline(2000));
        if r.is_ok() {
            let mut b = [0u8; 4];
            let _ = conn.recv(uninit(&mut b), ms(2000));
        }
        o.borrow_mut().0 = Some(r);
    }))
    .unwrap();
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        let r = c.tls_handshake(&cctx, peer_name, &deadline(2000));
        if r.is_ok() {
            let _ = c.send_all(b"x", ms(2000));
        }
        o.borrow_mut().1 = Some(r);
        c.close();
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let (s, c) = *out.borrow();
    (s.unwrap(), c.unwrap())
}

fn tls_err(r: NetResult<()>) -> super::TlsError {
    match r {
        Err(NetError::Tls(t)) => t,
        other => panic!("expected a TLS error, got {other:?}"),
    }
}

#[test]
fn echo_round_trips_full_duplex_4_mib_and_close_notify() {
    let files = Files::new();
    let (server, ca) = server_config(&files);
    let client = TlsConfig {
        verify_peer: true,
        cafile: Some(ca),
        host_name: Some("localhost".into()),
        ..TlsConfig::default()
    };
    let (sctx, cctx) = (
        server.server_context().unwrap(),
        client.client_context().unwrap(),
    );
    let (l, addr) = listener();
    let seen_close_notify = Rc::new(RefCell::new(None));
    let s = seen_close_notify.clone();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        let mut buf = vec![0u8; 65536];
        loop {
            let n = conn.recv(uninit(&mut buf), ms(5000)).unwrap();
            if n == 0 {
                break;
            }
            assert_eq!(conn.send_all(&buf[..n], ms(5000)), (n, None));
        }
        *s.borrow_mut() = Some(conn.tls_peer_closed());
    }))
    .unwrap();
    let data: Vec<u8> = (0..4u32 << 20)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let want = fnv(&data);
    let got = Rc::new(RefCell::new(None));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let c = Rc::new(connected(&addr));
        c.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        assert_eq!(c.tls_version(), Some("TLSv1.3"));
        assert!(c
            .tls_peer_certificate()
            .is_some_and(|pem| pem.starts_with(b"-----BEGIN CERTIFICATE")));
        for word in [&b"ping"[..], b"pong", b"done"] {
            assert_eq!(c.send(word, ms(2000)), Ok(4));
            let mut buf = [0u8; 16];
            assert_eq!(c.recv_all(uninit(&mut buf[..4]), ms(2000)), (4, None));
            assert_eq!(&buf[..4], word);
        }
        // 4 MiB written by one coroutine while this one reads the echo: one reader and
        // one writer on one SSL object at once.
        let (w, d) = (c.clone(), data.clone());
        runtime::spawn(Box::new(move || {
            for piece in d.chunks(100_000) {
                assert_eq!(w.send_all(piece, ms(5000)), (piece.len(), None));
            }
        }))
        .unwrap();
        let mut back = vec![0u8; data.len()];
        assert_eq!(
            c.recv_all(uninit(&mut back), ms(10_000)),
            (data.len(), None)
        );
        *g.borrow_mut() = Some(fnv(&back));
        assert!(c.close());
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(*got.borrow(), Some(want));
    assert_eq!(
        *seen_close_notify.borrow(),
        Some(true),
        "the server saw close_notify, not a bare EOF"
    );
}

#[test]
fn every_buffered_read_works_over_tls() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let (l, addr) = listener();
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 4,
    };
    let frame = |body: &[u8]| [&(body.len() as u32).to_be_bytes()[..], body].concat();
    let mut stream = b"line one\nline two\n".to_vec();
    for body in [&b"one"[..], b"", &[b'x'; 70_000], b"last"] {
        stream.extend_from_slice(&frame(body));
    }
    stream.extend_from_slice(b"peek-me rest");
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        // Odd-sized writes with pauses: lines and packets split across records.
        for piece in stream.chunks(4099) {
            assert_eq!(conn.send_all(piece, ms(2000)).1, None);
            runtime::sleep(Duration::from_millis(1));
        }
        let mut b = [0u8; 1];
        let _ = conn.recv(uninit(&mut b), ms(2000));
    }))
    .unwrap();
    let got = Rc::new(RefCell::new(Vec::<String>::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        let mut line = [0u8; 64];
        for _ in 0..2 {
            let n = c.recv_line(uninit(&mut line), ms(2000)).unwrap();
            g.borrow_mut()
                .push(String::from_utf8_lossy(&line[..n]).into());
        }
        let framing = Framing::Length(field);
        for _ in 0..4 {
            match c
                .recv_packet(&framing, 1 << 20, ms(2000), |_| 0, |p| p.len())
                .unwrap()
            {
                Packet::Whole(n) => g.borrow_mut().push(n.to_string()),
                other => panic!("{other:?}"),
            }
        }
        // peek keeps the bytes; readv and recv_with_buffer take them in turn.
        runtime::sleep(Duration::from_millis(20));
        let mut p = [0u8; 7];
        assert_eq!(c.peek(uninit(&mut p)), Ok(7));
        g.borrow_mut().push(String::from_utf8_lossy(&p).into());
        let (mut x, mut y) = ([0u8; 4], [0u8; 4]);
        let iov = [
            libc::iovec {
                iov_base: x.as_mut_ptr().cast(),
                iov_len: x.len(),
            },
            libc::iovec {
                iov_base: y.as_mut_ptr().cast(),
                iov_len: y.len(),
            },
        ];
        // SAFETY: both iovecs point into live local arrays of their lengths.
        assert_eq!(unsafe { c.readv(&iov, &deadline(2000)) }, Ok(8));
        g.borrow_mut().push(format!(
            "{}|{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y)
        ));
        // The server closes once it reads this: recv_with_buffer's top-up read meets
        // that EOF (it waits for more otherwise) and returns what was buffered.
        c.send(b"k", ms(2000)).unwrap();
        let mut rest = [0u8; 16];
        let n = c.recv_with_buffer(uninit(&mut rest), ms(2000)).unwrap();
        g.borrow_mut()
            .push(String::from_utf8_lossy(&rest[..n]).into());
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(
        *got.borrow(),
        [
            "line one\n",
            "line two\n",
            "7",
            "4",
            "70004",
            "8",
            "peek-me",
            "peek|-me ",
            "rest"
        ]
    );
}

#[test]
fn a_write_after_the_peers_close_fails_at_once() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let (l, addr) = listener();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        conn.close(); // close_notify
    }))
    .unwrap();
    let out = Rc::new(RefCell::new(Vec::new()));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        let mut b = [0u8; 8];
        assert_eq!(c.recv(uninit(&mut b), ms(2000)), Ok(0));
        // Not written and lost (the peer reads no more), and not reported only by the
        // write after it: every write fails, from the first.
        for _ in 0..2 {
            o.borrow_mut().push(c.send(b"x", ms(2000)));
        }
        o.borrow_mut()
            .push(c.writev(&[IoSlice::new(b"a"), IoSlice::new(b"b")], &deadline(2000)));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    for r in out.borrow_mut().drain(..) {
        let e = tls_err(r.map(drop));
        assert_eq!(
            (e.kind, e.code(), e.reason),
            (TlsErrorKind::Reset, 1017, "the peer closed the TLS session")
        );
    }
}

#[test]
fn starttls_writev_and_sendfile() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let body: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let file = files.put("body.bin", &body);
    let (l, addr) = listener();
    let got = Rc::new(RefCell::new(Vec::<u8>::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        // The client's ClientHello arrives with its STARTTLS line and is read ahead
        // with it: the handshake must get those bytes first.
        runtime::sleep(Duration::from_millis(30));
        let mut line = [0u8; 64];
        let n = conn.recv_line(uninit(&mut line), ms(2000)).unwrap();
        assert_eq!(&line[..n], b"STARTTLS\n");
        assert!(
            !conn.buffer.borrow().is_empty(),
            "the ClientHello was read ahead"
        );
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        let mut all = vec![0u8; 10 + 300_000];
        assert_eq!(conn.recv_all(uninit(&mut all), ms(5000)), (all.len(), None));
        g.borrow_mut().extend_from_slice(&all);
    }))
    .unwrap();
    let b = body.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.send_all(b"STARTTLS\n", ms(2000));
        c.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        let parts = [
            IoSlice::new(b"ab"),
            IoSlice::new(b""),
            IoSlice::new(b"cdef"),
            IoSlice::new(b"ghij"),
        ];
        assert_eq!(c.writev(&parts, &deadline(2000)), Ok(10));
        let f = std::fs::File::open(&file).unwrap();
        let (n, err) = c.sendfile(
            std::os::fd::AsRawFd::as_raw_fd(&f),
            0,
            b.len() + 100,
            ms(5000),
        );
        assert_eq!(
            (n, err),
            (b.len(), None),
            "the file ended before length: what it had"
        );
        let mut x = [0u8; 1];
        let _ = c.recv(uninit(&mut x), ms(2000));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let got = got.borrow();
    assert_eq!(&got[..10], b"abcdefghij");
    assert!(got[10..] == body[..]);
}

#[test]
fn small_reads_take_what_openssl_holds_before_parking() {
    // Two records arrive together and one recv(2) takes both (the fd is then drained):
    // reads of 3 bytes must be served from OpenSSL's buffers, never park on the fd.
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let (l, addr) = listener();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        conn.send(b"abcdefgh", ms(2000)).unwrap();
        conn.send(b"ijkl", ms(2000)).unwrap();
        let mut b = [0u8; 1];
        let _ = conn.recv(uninit(&mut b), ms(2000));
    }))
    .unwrap();
    let got = Rc::new(RefCell::new(Vec::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        runtime::sleep(Duration::from_millis(30));
        let mut b = [0u8; 3];
        while g.borrow().len() < 12 {
            let n = c.recv(uninit(&mut b), ms(200)).unwrap();
            g.borrow_mut().extend_from_slice(&b[..n]);
        }
        c.send(b"k", ms(2000)).unwrap();
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(&*got.borrow(), b"abcdefghijkl");
}
