//! The proxy handshakes against hand-made replies: every SOCKS5 reply shape (each
//! method, each reply code, each bound address type, wrong versions, cut at every byte)
//! and every HTTP response shape (reason phrases, bare LF, interim responses, refusals,
//! malformed and oversized headers), with the bytes after the last reply left alone.

use super::http_connect::{self, HttpConnect, MAX_HEADER};
use super::socks5::Socks5;
use super::tunnel::{Host, Protocol, ProxyError, Step};

/// Plays a handshake against the proxy's whole byte stream `replies`, the way the
/// socket driver does: it reads at most `chunk` bytes at a time and never more than a
/// `Need` asks. Returns what was sent (one entry per message) and how many bytes of the
/// stream the handshake used; every byte after them is the tunnel's.
fn play(
    start: Vec<u8>,
    mut feed: impl FnMut(&[u8]) -> Result<Step, ProxyError>,
    replies: &[u8],
    chunk: usize,
) -> Result<(Vec<Vec<u8>>, usize), ProxyError> {
    let mut sent = vec![start];
    let mut buf: Vec<u8> = Vec::new();
    let mut read = 0;
    let mut used_total = 0;
    loop {
        match feed(&buf)? {
            Step::Need(n) => {
                assert!(n > 0, "Need(0)");
                let take = n.min(chunk).min(replies.len() - read);
                if take == 0 {
                    return Err(ProxyError::Closed(Protocol::Socks5));
                }
                buf.extend_from_slice(&replies[read..read + take]);
                read += take;
            }
            Step::Send { used, send } => {
                assert!(used > 0 && used <= buf.len());
                buf.drain(..used);
                used_total += used;
                sent.push(send);
            }
            Step::Open { used } => {
                assert!(used <= buf.len());
                used_total += used;
                return Ok((sent, used_total));
            }
        }
    }
}

fn socks(
    host: &str,
    port: u16,
    auth: Option<(&str, &str)>,
    replies: &[u8],
    chunk: usize,
) -> Result<(Vec<Vec<u8>>, Socks5), ProxyError> {
    let mut s = Socks5::new(host, port, auth.map(|(u, p)| (u.as_bytes(), p.as_bytes())))?;
    let start = s.start();
    let (sent, used) = play(start, |b| s.feed(b), replies, chunk)?;
    assert!(s.is_open());
    // SOCKS5 reads exactly: nothing past the last reply was read, let alone used.
    assert_eq!(
        used,
        replies.len() - TAIL.len(),
        "used {used} of {}",
        replies.len()
    );
    Ok((sent, s))
}

/// Bytes from the target, right behind the proxy's last reply.
const TAIL: &[u8] = b"\x16\x03\x01tunnel bytes";

fn with_tail(reply: &[u8]) -> Vec<u8> {
    [reply, TAIL].concat()
}

const V4_REPLY: &[u8] = &[5, 0, 0, 1, 10, 0, 0, 7, 0x1f, 0x90];

#[test]
fn host_parse() {
    assert_eq!(
        Host::parse("127.0.0.1"),
        Host::V4("127.0.0.1".parse().unwrap())
    );
    assert_eq!(Host::parse("::1"), Host::V6("::1".parse().unwrap()));
    assert_eq!(Host::parse("[::1]"), Host::V6("::1".parse().unwrap()));
    assert_eq!(
        Host::parse("::ffff:1.2.3.4"),
        Host::V6("::ffff:1.2.3.4".parse().unwrap())
    );
    assert_eq!(Host::parse("localhost"), Host::Name("localhost".into()));
    assert_eq!(Host::parse("1.2.3"), Host::Name("1.2.3".into()));
    assert_eq!(Host::parse("[localhost]"), Host::Name("[localhost]".into()));
    assert_eq!(Host::parse("::1").to_string(), "[::1]");
}

#[test]
fn socks5_no_auth_each_target_type() {
    let cases: &[(&str, Vec<u8>)] = &[
        ("127.0.0.1", vec![5, 1, 0, 1, 127, 0, 0, 1, 0x1f, 0x90]),
        (
            "::1",
            [&[5, 1, 0, 4][..], &[0; 15], &[1, 0x1f, 0x90]].concat(),
        ),
        (
            "[2001:db8::2]",
            [
                &[5u8, 1, 0, 4, 0x20, 1, 0x0d, 0xb8][..],
                &[0; 11],
                &[2, 0x1f, 0x90],
            ]
            .concat(),
        ),
        (
            "example.com",
            [&[5u8, 1, 0, 3, 11][..], b"example.com", &[0x1f, 0x90]].concat(),
        ),
    ];
    for (host, request) in cases {
        let replies = with_tail(&[&[5u8, 0][..], V4_REPLY].concat());
        for chunk in 1..=replies.len() {
            let (sent, s) = socks(host, 8080, None, &replies, chunk).unwrap();
            assert_eq!(sent, [vec![5, 1, 0], request.clone()], "{host}");
            assert_eq!(
                s.bound(),
                Some(&(Host::V4("10.0.0.7".parse().unwrap()), 8080))
            );
        }
    }
}

#[test]
fn socks5_username_password() {
    let replies = with_tail(&[&[5u8, 2, 1, 0][..], V4_REPLY].concat());
    for chunk in 1..=replies.len() {
        let (sent, _) = socks(
            "example.com",
            443,
            Some(("alice", "s3cret")),
            &replies,
            chunk,
        )
        .unwrap();
        assert_eq!(sent[0], [5, 2, 0, 2], "both methods offered");
        assert_eq!(sent[1], [&[1u8, 5][..], b"alice", &[6], b"s3cret"].concat());
        assert_eq!(
            sent[2],
            [&[5u8, 1, 0, 3, 11][..], b"example.com", &[1, 0xbb]].concat()
        );
    }
    // A proxy that needs no login skips the exchange.
    let (sent, _) = socks(
        "example.com",
        443,
        Some(("alice", "s3cret")),
        &with_tail(&[&[5u8, 0][..], V4_REPLY].concat()),
        64,
    )
    .unwrap();
    assert_eq!(sent.len(), 2);
    // An empty password is sent as such; an empty username means no login.
    let (sent, _) = socks(
        "h",
        1,
        Some(("bob", "")),
        &with_tail(&[&[5u8, 2, 1, 0][..], V4_REPLY].concat()),
        64,
    )
    .unwrap();
    assert_eq!(sent[1], [1, 3, b'b', b'o', b'b', 0]);
    assert_eq!(
        Socks5::new("h", 1, Some((b"", b"pw"))).unwrap().start(),
        [5, 1, 0]
    );
    // 255 bytes each is the most.
    let long = "x".repeat(255);
    assert!(Socks5::new("h", 1, Some((long.as_bytes(), long.as_bytes()))).is_ok());
    let longer = "x".repeat(256);
    assert_eq!(
        Socks5::new("h", 1, Some((longer.as_bytes(), b"p"))).unwrap_err(),
        ProxyError::Socks5CredentialsTooLong
    );
    assert_eq!(
        Socks5::new("h", 1, Some((b"u", longer.as_bytes()))).unwrap_err(),
        ProxyError::Socks5CredentialsTooLong
    );
}

#[test]
fn socks5_auth_failures() {
    for status in [1u8, 2, 0xff] {
        let e = socks("h", 1, Some(("alice", "wrong")), &[5, 2, 1, status], 64).unwrap_err();
        assert_eq!(e, ProxyError::Socks5AuthRejected(status));
        assert_eq!(e.code(), 7003);
    }
    // RFC 1929's version is 1; 5 is a common mistake of broken servers.
    let e = socks("h", 1, Some(("alice", "pw")), &[5, 2, 5, 0], 64).unwrap_err();
    assert_eq!(e, ProxyError::Socks5Version { got: 5, want: 1 });
    assert_eq!(
        e.to_string(),
        "Socks5 unsupport version: the proxy replied with version 5, not 1"
    );
}

#[test]
fn socks5_methods_refused() {
    let e = socks("h", 1, None, &[5, 0xff], 64).unwrap_err();
    assert_eq!(e, ProxyError::Socks5Method(0xff));
    assert_eq!(e.code(), 7002);
    assert_eq!(
        e.to_string(),
        "Socks5 unsupport method: the proxy accepts none of the offered authentication methods"
    );
    // Username/password chosen though not offered; GSSAPI never offered.
    assert_eq!(
        socks("h", 1, None, &[5, 2], 64).unwrap_err(),
        ProxyError::Socks5Method(2)
    );
    assert_eq!(
        socks("h", 1, Some(("u", "p")), &[5, 1], 64).unwrap_err(),
        ProxyError::Socks5Method(1)
    );
}

#[test]
fn socks5_wrong_versions_fail_at_the_first_byte() {
    let mut s = Socks5::new("h", 1, None).unwrap();
    assert_eq!(s.feed(&[]), Ok(Step::Need(2)));
    assert_eq!(s.feed(&[5]), Ok(Step::Need(1)));
    assert_eq!(
        s.feed(&[4]),
        Err(ProxyError::Socks5Version { got: 4, want: 5 })
    );
    assert_eq!(
        s.feed(b"H"),
        Err(ProxyError::Socks5Version { got: b'H', want: 5 })
    );
    let e = socks("h", 1, None, &[5, 0, 4, 0x5a, 0, 0, 0, 0, 0, 0], 64).unwrap_err();
    assert_eq!(e, ProxyError::Socks5Version { got: 4, want: 5 });
    assert_eq!(e.code(), 7001);
}

#[test]
fn socks5_each_reply_code() {
    let texts = [
        (1u8, "general SOCKS server failure"),
        (2, "connection not allowed by ruleset"),
        (3, "network unreachable"),
        (4, "host unreachable"),
        (5, "connection refused"),
        (6, "TTL expired"),
        (7, "command not supported"),
        (8, "address type not supported"),
        (9, "unassigned reply code"),
        (0xff, "unassigned reply code"),
    ];
    for (code, text) in texts {
        // Judged from the first two bytes: a proxy that closes after them still fails right.
        for reply in [&[5, code][..], &[5, code, 0, 1, 0, 0, 0, 0, 0, 0][..]] {
            let e = socks("h", 1, None, &[&[5u8, 0][..], reply].concat(), 64).unwrap_err();
            assert_eq!(e, ProxyError::Socks5Reply(code));
            assert_eq!(e.code(), 7004);
            assert_eq!(
                e.to_string(),
                format!("Socks5 server error: {text} (reply {code})")
            );
        }
    }
}

#[test]
fn socks5_every_bound_address_type() {
    let v6: Vec<u8> = (1..=16).collect();
    let name255 = vec![b'n'; 255];
    let cases: Vec<(Vec<u8>, Host, u16)> = vec![
        (
            [&[5u8, 0, 0, 1, 192, 0, 2, 1][..], &[0, 0]].concat(),
            Host::V4("192.0.2.1".parse().unwrap()),
            0,
        ),
        (
            [&[5u8, 0, 0, 4][..], &v6, &[0xff, 0xff]].concat(),
            Host::V6("102:304:506:708:90a:b0c:d0e:f10".parse().unwrap()),
            65535,
        ),
        (
            [&[5u8, 0, 0, 3, 9][..], b"proxy.lan", &[4, 0x38]].concat(),
            Host::Name("proxy.lan".into()),
            1080,
        ),
        (
            [&[5u8, 0, 0, 3, 0][..], &[0, 1]].concat(),
            Host::Name(String::new()),
            1,
        ),
        (
            [&[5u8, 0, 0, 3, 255][..], &name255, &[0, 2]].concat(),
            Host::Name("n".repeat(255)),
            2,
        ),
        // RSV is not checked: whatever the proxy puts there.
        (
            [&[5u8, 0, 0x7e, 1][..], &[1, 2, 3, 4, 0, 3]].concat(),
            Host::V4("1.2.3.4".parse().unwrap()),
            3,
        ),
    ];
    for (reply, host, port) in cases {
        let replies = with_tail(&[&[5u8, 0][..], &reply].concat());
        for chunk in 1..=replies.len() {
            let (_, s) = socks("target", 9, None, &replies, chunk).unwrap();
            assert_eq!(s.bound(), Some(&(host.clone(), port)));
        }
    }
    for atyp in [0u8, 2, 5, 0xff] {
        let e = socks("h", 1, None, &[5, 0, 5, 0, 0, atyp, 0, 0, 0, 0, 0, 0], 64).unwrap_err();
        assert_eq!(e, ProxyError::Socks5AddressType(atyp));
        assert_eq!(e.code(), 7005);
    }
}

#[test]
fn socks5_never_reads_past_a_reply() {
    // Each Need, at each byte of each reply, reaches exactly to the reply's end at most.
    let mut s = Socks5::new("h", 1, None).unwrap();
    let _ = s.feed(&[5, 0]);
    let reply = [&[5u8, 0, 0, 3, 4][..], b"abcd", &[0, 80]].concat();
    for k in 0..reply.len() {
        let Ok(Step::Need(n)) = s.clone().feed(&reply[..k]) else {
            panic!("prefix {k}")
        };
        assert!(k + n <= reply.len(), "prefix {k} asks for {n}");
    }
    assert_eq!(s.feed(&reply), Ok(Step::Open { used: reply.len() }));
    assert_eq!(s.feed(b"more"), Ok(Step::Open { used: 0 }));
}

#[test]
fn socks5_target_names() {
    assert_eq!(
        Socks5::new("", 1, None).unwrap_err(),
        ProxyError::Socks5HostName
    );
    assert_eq!(
        Socks5::new(&"a".repeat(256), 1, None).unwrap_err(),
        ProxyError::Socks5HostName
    );
    assert!(Socks5::new(&"a".repeat(255), 1, None).is_ok());
    let e = ProxyError::Socks5HostName;
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        (
            7005,
            "Socks5 handshake failed: the target host name must be 1 to 255 bytes"
        )
    );
}

fn http(
    host: &str,
    port: u16,
    auth: Option<(&str, &str)>,
    replies: &[u8],
    chunk: usize,
) -> Result<(Vec<u8>, usize), ProxyError> {
    let mut h = HttpConnect::new(
        host,
        port,
        auth.map(|(u, p)| (u.as_bytes(), p.as_bytes())),
        "cosocket-test",
    )?;
    let start = h.start();
    let (sent, used) = play(start, |b| h.feed(b), replies, chunk)?;
    assert!(h.is_open());
    assert!(sent[1..].iter().all(Vec::is_empty));
    Ok((sent[0].clone(), used))
}

#[test]
fn http_request() {
    let (req, _) = http("db.internal", 5432, None, b"HTTP/1.1 200 OK\r\n\r\n", 64).unwrap();
    assert_eq!(
        String::from_utf8(req).unwrap(),
        "CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\nUser-Agent: cosocket-test\r\n\
         Proxy-Connection: Keep-Alive\r\n\r\n"
    );
    let (req, _) = http(
        "::1",
        443,
        Some(("alice", "s3cret")),
        b"HTTP/1.1 200 OK\r\n\r\n",
        64,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(req).unwrap(),
        "CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\nUser-Agent: cosocket-test\r\n\
         Proxy-Connection: Keep-Alive\r\nProxy-Authorization: Basic YWxpY2U6czNjcmV0\r\n\r\n"
    );
    let (req, _) = http(
        "10.1.2.3",
        80,
        Some(("", "ignored")),
        b"HTTP/1.1 200 OK\r\n\r\n",
        64,
    )
    .unwrap();
    assert!(!String::from_utf8(req).unwrap().contains("Authorization"));
}

#[test]
fn http_base64() {
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(http_connect::base64(plain.as_bytes()), coded);
    }
    assert_eq!(http_connect::base64(&[0xfb, 0xff, 0xfe]), "+//+");
}

#[test]
fn http_bad_target_hosts() {
    for host in [
        "",
        "a b",
        "a\r\nX-Injected: 1",
        "a/b",
        "user@host",
        "a:b",
        "a\0",
        "[a]",
    ] {
        let e = HttpConnect::new(host, 1, None, "x").unwrap_err();
        assert_eq!(e, ProxyError::HttpHostName, "{host:?}");
        assert_eq!(e.code(), 7101);
    }
}

#[test]
fn http_any_2xx_opens_the_tunnel_whatever_the_reason() {
    let responses: &[&[u8]] = &[
        b"HTTP/1.1 200 Connection established\r\n\r\n",
        b"HTTP/1.0 200 OK\r\nProxy-Agent: test/1.0\r\n\r\n",
        b"HTTP/1.1 200\r\n\r\n",
        b"HTTP/1.1 200 \r\n\r\n",
        b"HTTP/1.1 200 Tunnel \xe2\x9c\x93 ok\r\nVia: 1.1 p\r\nX-Long: folded\r\n  continuation\r\n\r\n",
        b"HTTP/1.1 200 bare line feeds\nServer: lf\n\n",
        b"HTTP/1.1 200 mixed\r\nA: b\n\r\n",
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b"HTTP/2.0 299 whatever\r\n\r\n",
        // Interim responses come first and are skipped.
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        // A Content-Length on a 2xx to CONNECT means nothing: the tunnel starts after the headers.
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
    ];
    for r in responses {
        let replies = with_tail(r);
        for chunk in 1..=replies.len() {
            let (_, used) = http("h", 1, None, &replies, chunk).unwrap();
            assert_eq!(used, r.len(), "{}", String::from_utf8_lossy(r));
        }
    }
}

#[test]
fn http_refusals() {
    // The proxy's own reason phrase names the reason; the standard one stands in for none.
    for (line, status, text) in [
        (
            "403 Access violation",
            403u16,
            "the proxy answered 403 Access violation",
        ),
        ("403", 403, "the proxy answered 403 Forbidden"),
        (
            "407 Proxy Authentication Required",
            407,
            "the proxy answered 407 Proxy Authentication Required",
        ),
        (
            "407 ",
            407,
            "the proxy answered 407 Proxy Authentication Required",
        ),
        (
            "502 Unable to connect to upstream proxy",
            502,
            "the proxy answered 502 Unable to connect to upstream proxy",
        ),
        ("502", 502, "the proxy answered 502 Bad Gateway"),
        ("503", 503, "the proxy answered 503 Service Unavailable"),
        (
            "500 Unable to connect",
            500,
            "the proxy answered 500 Unable to connect",
        ),
        ("301", 301, "the proxy answered 301 Redirection"),
        (
            "101 Switching Protocols",
            101,
            "the proxy answered 101 Switching Protocols",
        ),
        ("999", 999, "the proxy answered 999"),
        ("000 x", 0, "the proxy answered 0 x"),
        (
            "403 caf\u{e9}\ttab",
            403,
            "the proxy answered 403 caf???tab",
        ),
    ] {
        let full = format!("HTTP/1.1 {line}\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\nbody");
        // Judged on the status line alone: the rest need not come.
        for cut in [full.find('\n').unwrap() + 1, full.len()] {
            let e = http("h", 1, None, &full.as_bytes()[..cut], 64).unwrap_err();
            let ProxyError::HttpStatus { status: got, .. } = e else {
                panic!("{e:?}")
            };
            assert_eq!(got, status);
            assert_eq!(e.code(), 7103);
            assert_eq!(
                e.to_string(),
                format!("Http proxy handshake failed: {text}")
            );
        }
    }
    // A long phrase is cut.
    let long = format!("HTTP/1.1 403 {}\r\n", "x".repeat(300));
    let e = http("h", 1, None, long.as_bytes(), 512).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Http proxy handshake failed: the proxy answered 403 {}",
            "x".repeat(64)
        )
    );
}

#[test]
fn http_malformed() {
    let cases: &[(&[u8], &str)] = &[
        (b"SSH-2.0-OpenSSH\r\n", "the reply is not an HTTP response"),
        (b"\x05\x00", "the reply is not an HTTP response"),
        (
            b"http/1.1 200 OK\r\n\r\n",
            "the reply is not an HTTP response",
        ),
        (b"HTTX", "the reply is not an HTTP response"),
        (b"HTTP/1.1 2x0 OK\r\n\r\n", "bad status line"),
        (b"HTTP/1.1 200OK\r\n\r\n", "bad status line"),
        (b"HTTP/1.1 20\r\n\r\n", "bad status line"),
        (b"HTTP/11 200 OK\r\n\r\n", "bad status line"),
        (b"HTTP/1.1  200 OK\r\n\r\n", "bad status line"),
        (b"HTTP/\r\n", "bad status line"),
        (
            b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "a header line without a colon",
        ),
    ];
    for (reply, why) in cases {
        let e = http("h", 1, None, reply, 64).unwrap_err();
        assert_eq!(
            e,
            ProxyError::HttpMalformed(why),
            "{}",
            String::from_utf8_lossy(reply)
        );
        assert_eq!(e.code(), 7104);
        assert_eq!(e.to_string(), format!("Http proxy bad response: {why}"));
    }
    let many = "HTTP/1.1 100 Continue\r\n\r\n".repeat(9);
    assert_eq!(
        http("h", 1, None, many.as_bytes(), 64).unwrap_err(),
        ProxyError::HttpMalformed("too many interim (1xx) responses")
    );
}

#[test]
fn http_oversized() {
    // A header block of exactly the limit is accepted; one byte more is not.
    let head = b"HTTP/1.1 200 OK\r\nX-Pad: ";
    let pad = MAX_HEADER - head.len() - 4;
    let fits = [&head[..], &vec![b'a'; pad], b"\r\n\r\n"].concat();
    assert_eq!(fits.len(), MAX_HEADER);
    assert_eq!(
        http("h", 1, None, &with_tail(&fits), 4096).unwrap().1,
        MAX_HEADER
    );
    let over = [&head[..], &vec![b'a'; pad + 1], b"\r\n\r\n"].concat();
    let e = http("h", 1, None, &over, 4096).unwrap_err();
    assert_eq!(e, ProxyError::HttpTooLarge);
    assert_eq!(
        (e.code(), e.to_string()),
        (
            7104,
            format!("Http proxy bad response: the response headers are over {MAX_HEADER} bytes")
        )
    );
    // An endless status line, and endless headers, stop at the limit too.
    let endless = [&b"HTTP/1.1 200 "[..], &vec![b'x'; MAX_HEADER * 2]].concat();
    assert_eq!(
        http("h", 1, None, &endless, 1000).unwrap_err(),
        ProxyError::HttpTooLarge
    );
    let endless = [&b"HTTP/1.1 200 OK\r\n"[..], &b"A: b\r\n".repeat(MAX_HEADER)].concat();
    assert_eq!(
        http("h", 1, None, &endless, 1000).unwrap_err(),
        ProxyError::HttpTooLarge
    );
}

#[test]
fn http_never_takes_a_tunnel_byte() {
    // Whatever arrives with the headers, `used` stops at their end.
    let r = b"HTTP/1.1 200 OK\r\n\r\n";
    for tail in [
        &b""[..],
        b"\r\n",
        b"\n",
        b"HTTP/1.1 200 OK\r\n\r\n",
        b"\x16\x03\x01\x02\x00",
    ] {
        let mut h = HttpConnect::new("h", 1, None, "x").unwrap();
        assert_eq!(
            h.feed(&[&r[..], tail].concat()),
            Ok(Step::Open { used: r.len() })
        );
    }
    let mut h = HttpConnect::new("h", 1, None, "x").unwrap();
    assert_eq!(
        h.feed(b"HTTP/1.1 200 OK\r\n\r"),
        Ok(Step::Need(MAX_HEADER - 18))
    );
}

#[test]
fn closed_and_io_messages() {
    let e = ProxyError::Closed(Protocol::Socks5);
    assert_eq!(
        (e.code(), e.to_string().as_str()),
        (
            7005,
            "Socks5 handshake failed: the proxy closed the connection before the end of its reply"
        )
    );
    let e = ProxyError::Closed(Protocol::Http);
    assert_eq!((e.code(), e.to_string().as_str()), (7101, "Http proxy handshake error: the proxy closed the connection before the end of its reply"));
    let e = ProxyError::Io(Protocol::Http, 104);
    assert_eq!(e.code(), 7101);
    assert_eq!(
        e.to_string(),
        "Http proxy handshake error: Connection reset by peer"
    );
}
