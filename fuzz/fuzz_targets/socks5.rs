#![no_main]
//! The SOCKS5 handshake: the first byte picks the login and the target (bit 0: a
//! username and password; bits 1-2: a name, IPv4, IPv6, or a host of the next bytes),
//! the second the read size; the rest is the proxy's byte stream.
use cosocket::protocol::socks5::Socks5;
use libfuzzer_sys::fuzz_target;

include!("tunnel.rs");

fuzz_target!(|data: &[u8]| {
    let [cfg, chunk, rest @ ..] = data else {
        return;
    };
    let auth = (cfg & 1 == 1).then_some((&b"user"[..], &b"password"[..]));
    let (host, stream) = match (cfg >> 1) & 3 {
        0 => ("target.example".to_owned(), rest),
        1 => ("192.0.2.1".to_owned(), rest),
        2 => ("2001:db8::1".to_owned(), rest),
        _ => {
            let Some((&len, rest)) = rest.split_first() else {
                return;
            };
            let len = (len as usize).min(rest.len());
            (
                String::from_utf8_lossy(&rest[..len]).into_owned(),
                &rest[len..],
            )
        }
    };
    let Ok(h) = Socks5::new(&host, 443, auth) else {
        assert!(host.is_empty() || host.len() > 255);
        return;
    };
    let chunk = if *chunk == 0 {
        usize::MAX
    } else {
        *chunk as usize
    };
    play(h, |h, b| h.feed(b), stream, chunk, true);
});
