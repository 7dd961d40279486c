// Shared by the proxy handshake targets (included, not a module of the crate): what a
// handshake must hold on any reply stream.
use cosocket::protocol::tunnel::{ProxyError, Step};

/// Plays `stream` as the proxy's bytes against handshake `h`, reading the way the
/// socket driver does: at most `chunk` bytes a read and never more than a `Need` asks.
/// Checks that a reply's verdict comes from its own bytes alone (the same from them
/// without what follows; "need more" from a shorter prefix), that an `exact` handshake
/// (SOCKS5) never reads a byte past a reply, that `used` stays within what was read, and
/// that a failure stays the same whatever comes after it.
pub fn play<H: Clone>(
    mut h: H,
    feed: impl Fn(&mut H, &[u8]) -> Result<Step, ProxyError>,
    stream: &[u8],
    chunk: usize,
    exact: bool,
) {
    let mut buf: Vec<u8> = Vec::new();
    let mut at = 0;
    loop {
        let before = h.clone();
        match feed(&mut h, &buf) {
            Ok(Step::Need(n)) => {
                assert!(n > 0, "Need(0)");
                let take = n.min(chunk).min(stream.len() - at);
                if take == 0 {
                    return;
                }
                buf.extend_from_slice(&stream[at..at + take]);
                at += take;
            }
            Ok(step) => {
                let (used, open) = match &step {
                    Step::Send { used, .. } => (*used, false),
                    Step::Open { used } => (*used, true),
                    Step::Need(_) => unreachable!(),
                };
                assert!(used <= buf.len(), "used {used} of {}", buf.len());
                if exact {
                    assert_eq!(used, buf.len(), "read past the reply");
                }
                assert_eq!(feed(&mut before.clone(), &buf[..used]), Ok(step.clone()));
                for k in [0, used / 2, used.saturating_sub(1)] {
                    if k < used {
                        match feed(&mut before.clone(), &buf[..k]) {
                            Ok(Step::Need(m)) => assert!(!exact || k + m <= used, "prefix {k} asks {m} past {used}"),
                            other => panic!("prefix {k} of a reply of {used}: {other:?}"),
                        }
                    }
                }
                if open {
                    return;
                }
                buf.drain(..used);
            }
            Err(e) => {
                assert!((7001..=7104).contains(&e.code()));
                assert!(!e.to_string().is_empty());
                let mut more = buf.clone();
                more.extend_from_slice(&stream[at..]);
                assert_eq!(feed(&mut before.clone(), &more), Err(e));
                return;
            }
        }
    }
}
