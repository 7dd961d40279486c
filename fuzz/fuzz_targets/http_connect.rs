#![no_main]
//! The HTTP CONNECT handshake: the first byte picks the login (bit 0) and whether the
//! target host comes from the next bytes (bit 1), the second the read size; the rest
//! is the proxy's byte stream. A request made from any host never carries a line break
//! or a second header block.
use cosocket::protocol::http_connect::HttpConnect;
use libfuzzer_sys::fuzz_target;

include!("tunnel.rs");

fuzz_target!(|data: &[u8]| {
    let [cfg, chunk, rest @ ..] = data else {
        return;
    };
    let auth = (cfg & 1 == 1).then_some((&b"user"[..], &b"pass\r\nword"[..]));
    let (host, stream) = if cfg & 2 == 0 {
        ("target.example".to_owned(), rest)
    } else {
        let Some((&len, rest)) = rest.split_first() else {
            return;
        };
        let len = (len as usize).min(rest.len());
        (
            String::from_utf8_lossy(&rest[..len]).into_owned(),
            &rest[len..],
        )
    };
    let Ok(h) = HttpConnect::new(&host, 8080, auth, "fuzz") else {
        return;
    };
    let req = h.start();
    let first = req.split(|&b| b == b'\n').next().unwrap_or_default();
    assert!(first.starts_with(b"CONNECT ") && first.ends_with(b" HTTP/1.1\r"));
    assert_eq!(
        first.iter().filter(|&&b| b == b' ').count(),
        2,
        "{:?}",
        String::from_utf8_lossy(first)
    );
    assert_eq!(
        req.windows(4).position(|w| w == b"\r\n\r\n"),
        Some(req.len() - 4)
    );
    let chunk = if *chunk == 0 {
        usize::MAX
    } else {
        *chunk as usize
    };
    play(h, |h, b| h.feed(b), stream, chunk, false);
});
