//! The client side of an HTTP CONNECT tunnel (RFC 9110 section 9.3.6) as a state machine
//! without I/O (see [`super::tunnel`]).
//!
//! The request names the target in authority form (an IPv6 literal in brackets) and
//! carries `Proxy-Authorization: Basic` when a username is set. Any 2xx status opens
//! the tunnel, whatever its reason phrase; 1xx interim responses are skipped; any
//! other status fails. A response ends at its first empty line (CRLF or a bare LF):
//! `Open { used }` says where, so a byte of the tunnel read along with the headers is
//! never taken for one of them.
//!
//! ```
//! use cosocket::protocol::http_connect::HttpConnect;
//! use cosocket::protocol::tunnel::Step;
//! let mut h = HttpConnect::new("db.internal", 5432, None, "cosocket").unwrap();
//! assert!(h.start().starts_with(b"CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n"));
//! assert_eq!(h.feed(b"HTTP/1.1 200 OK\r\n"), Ok(Step::Need(8192 - 17)));
//! assert_eq!(h.feed(b"HTTP/1.1 200 OK\r\n\r\nSSH-2.0"), Ok(Step::Open { used: 19 }));
//! ```

pub use super::tunnel::MAX_HEADER;
use super::tunnel::{Host, Phrase, ProxyError, Step};

/// How many 1xx interim responses may come before the final one.
const MAX_INTERIM: u32 = 8;

/// One HTTP CONNECT handshake.
#[derive(Clone, Debug)]
pub struct HttpConnect {
    request: Vec<u8>,
    interim: u32,
    open: bool,
}

impl HttpConnect {
    /// A handshake that opens a tunnel to `host`:`port`, with Basic authentication
    /// when `auth` (username, password) has a non-empty username; `agent` goes in the
    /// User-Agent header (the caller's own text: it is not checked). Fails on a host
    /// name that an authority cannot carry (empty, spaces, control characters, `:/?#@[]`).
    pub fn new(
        host: &str,
        port: u16,
        auth: Option<(&[u8], &[u8])>,
        agent: &str,
    ) -> Result<HttpConnect, ProxyError> {
        let target = Host::parse(host);
        if let Host::Name(n) = &target {
            let bad = |b: u8| {
                b <= b' '
                    || b == 0x7f
                    || matches!(b, b':' | b'/' | b'?' | b'#' | b'@' | b'[' | b']')
            };
            if n.is_empty() || n.bytes().any(bad) {
                return Err(ProxyError::HttpHostName);
            }
        }
        let authority = format!("{target}:{port}");
        let mut r = format!(
            "CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: {agent}\r\nProxy-Connection: Keep-Alive\r\n"
        );
        if let Some((user, pass)) = auth.filter(|(user, _)| !user.is_empty()) {
            let mut cred = user.to_vec();
            cred.push(b':');
            cred.extend_from_slice(pass);
            r.push_str("Proxy-Authorization: Basic ");
            r.push_str(&base64(&cred));
            r.push_str("\r\n");
        }
        r.push_str("\r\n");
        Ok(HttpConnect {
            request: r.into_bytes(),
            interim: 0,
            open: false,
        })
    }

    /// The CONNECT request.
    pub fn start(&self) -> Vec<u8> {
        self.request.clone()
    }

    /// Whether the tunnel is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Takes the proxy's bytes buffered so far (from the start of its current
    /// response). Judges the status line as soon as it is whole, so a refusal fails
    /// without waiting for the rest; a 2xx opens the tunnel at the end of the headers.
    pub fn feed(&mut self, buf: &[u8]) -> Result<Step, ProxyError> {
        if self.open {
            return Ok(Step::Open { used: 0 });
        }
        let Some((status, reason)) = status_line(buf)? else {
            return need(buf);
        };
        if !(100..300).contains(&status) || status == 101 {
            return Err(ProxyError::HttpStatus {
                status,
                reason: Phrase::new(reason),
            });
        }
        let Some(used) = header_end(buf)? else {
            return need(buf);
        };
        if status >= 200 {
            self.open = true;
            return Ok(Step::Open { used });
        }
        // 1xx: an interim response; the final one follows.
        self.interim += 1;
        if self.interim > MAX_INTERIM {
            return Err(ProxyError::HttpMalformed(
                "too many interim (1xx) responses",
            ));
        }
        Ok(Step::Send {
            used,
            send: Vec::new(),
        })
    }
}

/// What to read when the response is not whole: up to the header limit.
fn need(buf: &[u8]) -> Result<Step, ProxyError> {
    if buf.len() >= MAX_HEADER {
        return Err(ProxyError::HttpTooLarge);
    }
    Ok(Step::Need(MAX_HEADER - buf.len()))
}

/// The status code and reason phrase of the status line at the start of `buf`
/// (`HTTP/x.y SP 3DIGIT [SP reason]`), None while the line is not whole. A buffer that
/// cannot start one fails at once.
fn status_line(buf: &[u8]) -> Result<Option<(u16, &[u8])>, ProxyError> {
    const PREFIX: &[u8] = b"HTTP/";
    let k = buf.len().min(PREFIX.len());
    if buf[..k] != PREFIX[..k] {
        return Err(ProxyError::HttpMalformed(
            "the reply is not an HTTP response",
        ));
    }
    let Some(eol) = buf.iter().position(|&b| b == b'\n') else {
        return Ok(None);
    };
    if eol >= MAX_HEADER {
        return Err(ProxyError::HttpTooLarge);
    }
    let line = buf[..eol].strip_suffix(b"\r").unwrap_or(&buf[..eol]);
    let bad = || ProxyError::HttpMalformed("bad status line");
    let rest = &line[PREFIX.len()..];
    match rest {
        [major, b'.', minor, b' ', ..] if major.is_ascii_digit() && minor.is_ascii_digit() => {}
        _ => return Err(bad()),
    }
    let code = &rest[4..];
    match code {
        [a, b, c] | [a, b, c, b' ', ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            let status = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            Ok(Some((status, code.get(4..).unwrap_or_default())))
        }
        _ => Err(bad()),
    }
}

/// The length of the header block at the start of `buf` through its empty line, None
/// while it is not whole. Header lines must be `name: value` (or folded continuations).
fn header_end(buf: &[u8]) -> Result<Option<usize>, ProxyError> {
    let limit = &buf[..buf.len().min(MAX_HEADER)];
    // The status line was found whole.
    let mut at = limit.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    while let Some(i) = limit[at..].iter().position(|&b| b == b'\n') {
        let line = &limit[at..at + i];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        at += i + 1;
        if line.is_empty() {
            return Ok(Some(at));
        }
        let folded = matches!(line[0], b' ' | b'\t');
        if !folded && !line.contains(&b':') {
            return Err(ProxyError::HttpMalformed("a header line without a colon"));
        }
    }
    Ok(None)
}

/// Standard base64 with padding (RFC 4648), for the Basic credentials.
pub(super) fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
