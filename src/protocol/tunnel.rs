//! What the two proxy handshakes ([`super::socks5`], [`super::http_connect`]) share: the
//! target host as the proxy is told it, how a step of a handshake ends, and why one
//! fails (with Swoole's error code for each failure).
//!
//! A handshake is a state machine with no I/O: `start()` gives the first bytes to send;
//! `feed()` is given the proxy's bytes buffered so far and says whether they hold a whole
//! reply ([`Step`]). The caller (`src/net/proxy.rs`) sends, reads and drops the bytes a
//! step used.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::errors::code;

/// The longest HTTP CONNECT response header block accepted, status line and final empty
/// line included (here, not in `http_connect.rs`, so that this module, which both
/// handshakes use, uses neither).
pub const MAX_HEADER: usize = 8192;

/// A host as a proxy is told it: an address, or a name the proxy resolves itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// An IPv4 literal.
    V4(Ipv4Addr),
    /// An IPv6 literal.
    V6(Ipv6Addr),
    /// Anything else, as given: the proxy resolves it (remote resolution).
    Name(String),
}

impl Host {
    /// An IP literal becomes an address (IPv6 with or without brackets); any other
    /// string is a name.
    pub fn parse(host: &str) -> Host {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(a) = bare.parse::<Ipv6Addr>() {
            return Host::V6(a);
        }
        match host.parse::<Ipv4Addr>() {
            Ok(a) => Host::V4(a),
            Err(_) => Host::Name(host.to_owned()),
        }
    }
}

impl fmt::Display for Host {
    /// As in a URL's authority: an IPv6 address in brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::V4(a) => write!(f, "{a}"),
            Host::V6(a) => write!(f, "[{a}]"),
            Host::Name(n) => f.write_str(n),
        }
    }
}

/// Where a handshake stands after `feed()` was given the proxy's bytes buffered so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The reply is not whole: read up to this many more bytes (at least 1) and feed
    /// the buffer again from its start. A SOCKS5 reply's length is known as it comes,
    /// so this never reaches past it; an HTTP reply's end is found only by reading, so
    /// bytes past it may come along: they are the tunnel's (see `Open`).
    Need(usize),
    /// The first `used` bytes were a whole reply: drop them, send `send` (if any) and
    /// feed what follows.
    Send {
        /// Bytes of the buffer this reply took.
        used: usize,
        /// What to send now (may be empty).
        send: Vec<u8>,
    },
    /// The tunnel is open: the first `used` bytes were the proxy's last reply, and every
    /// byte after them comes from the target.
    Open {
        /// Bytes of the buffer the last reply took.
        used: usize,
    },
}

/// Which handshake failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// SOCKS5 (RFC 1928, RFC 1929).
    Socks5,
    /// HTTP CONNECT (RFC 9110 section 9.3.6).
    Http,
}

/// Why a proxy handshake failed. `Copy`: the reasons are numbers and static strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyError {
    /// SOCKS5: a reply of another version than the one asked (5, or 1 for the
    /// username/password exchange).
    Socks5Version {
        /// The version byte received.
        got: u8,
        /// The version expected.
        want: u8,
    },
    /// SOCKS5: the proxy accepts none of the offered methods (0xff), or chose one that
    /// was not offered.
    Socks5Method(u8),
    /// SOCKS5: the proxy rejected the username and password (its status byte).
    Socks5AuthRejected(u8),
    /// SOCKS5: a username or password over 255 bytes (an empty username means none).
    Socks5CredentialsTooLong,
    /// SOCKS5: the proxy refused the CONNECT (its reply code, 1 to 255).
    Socks5Reply(u8),
    /// SOCKS5: the reply's bound address has an unknown type.
    Socks5AddressType(u8),
    /// SOCKS5: the target host name is empty or over 255 bytes.
    Socks5HostName,
    /// HTTP: the proxy answered with a status that opens no tunnel.
    HttpStatus {
        /// The status code.
        status: u16,
        /// The proxy's reason phrase.
        reason: Phrase,
    },
    /// HTTP: the reply is not an HTTP response; says what is wrong.
    HttpMalformed(&'static str),
    /// HTTP: the reply's header block is over [`MAX_HEADER`] bytes.
    HttpTooLarge,
    /// HTTP: the target host holds characters that a request line cannot carry.
    HttpHostName,
    /// The proxy closed the connection before the end of its reply.
    Closed(Protocol),
    /// A send or receive failed during the handshake (the errno: a reset...).
    Io(Protocol, i32),
}

/// A reason phrase as a proxy sent it, kept inline (so that errors stay `Copy`): up to
/// 64 bytes, each byte outside printable ASCII shown as `?`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    bytes: [u8; Phrase::MAX],
    len: u8,
}

impl Phrase {
    /// The most bytes kept; a longer phrase is cut.
    pub const MAX: usize = 64;

    /// Keeps the first [`Phrase::MAX`] bytes of `raw`.
    pub fn new(raw: &[u8]) -> Phrase {
        let mut p = Phrase {
            bytes: [0; Phrase::MAX],
            len: 0,
        };
        for (d, &b) in p.bytes.iter_mut().zip(raw) {
            *d = if (b' '..=b'~').contains(&b) { b } else { b'?' };
            p.len += 1;
        }
        p
    }

    /// The phrase.
    pub fn as_str(&self) -> &str {
        // Printable ASCII only (see `new`).
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl fmt::Debug for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// RFC 1928's name for a SOCKS5 reply code.
pub fn socks5_reply_text(code: u8) -> &'static str {
    match code {
        0 => "succeeded",
        1 => "general SOCKS server failure",
        2 => "connection not allowed by ruleset",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unassigned reply code",
    }
}

/// The standard reason phrase of the statuses a proxy answers CONNECT with (for a
/// reply without one); "" for others.
pub fn http_status_text(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        300..=308 => "Redirection",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl ProxyError {
    /// Swoole's error code (`swoole_error.h`'s `SW_ERROR_SOCKS5_*`/`SW_ERROR_HTTP_PROXY_*`),
    /// as its proxy code raises each one.
    pub fn code(&self) -> i32 {
        match self {
            ProxyError::Socks5Version { .. } => code::SW_ERROR_SOCKS5_UNSUPPORT_VERSION,
            ProxyError::Socks5Method(_) => code::SW_ERROR_SOCKS5_UNSUPPORT_METHOD,
            ProxyError::Socks5AuthRejected(_) | ProxyError::Socks5CredentialsTooLong => {
                code::SW_ERROR_SOCKS5_AUTH_FAILED
            }
            ProxyError::Socks5Reply(_) => code::SW_ERROR_SOCKS5_SERVER_ERROR,
            ProxyError::Socks5AddressType(_)
            | ProxyError::Socks5HostName
            | ProxyError::Closed(Protocol::Socks5)
            | ProxyError::Io(Protocol::Socks5, _) => code::SW_ERROR_SOCKS5_HANDSHAKE_FAILED,
            ProxyError::HttpHostName
            | ProxyError::Closed(Protocol::Http)
            | ProxyError::Io(Protocol::Http, _) => code::SW_ERROR_HTTP_PROXY_HANDSHAKE_ERROR,
            ProxyError::HttpStatus { .. } => code::SW_ERROR_HTTP_PROXY_HANDSHAKE_FAILED,
            ProxyError::HttpMalformed(_) | ProxyError::HttpTooLarge => {
                code::SW_ERROR_HTTP_PROXY_BAD_RESPONSE
            }
        }
    }

    /// Swoole's text for the code (`swoole_strerror()`).
    pub fn swoole_message(&self) -> &'static str {
        crate::errors::message(self.code()).unwrap_or_default()
    }
}

impl fmt::Display for ProxyError {
    /// Swoole's text for the code, then the reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.swoole_message())?;
        match *self {
            ProxyError::Socks5Version { got, want } => {
                write!(f, "the proxy replied with version {got}, not {want}")
            }
            ProxyError::Socks5Method(0xff) => {
                f.write_str("the proxy accepts none of the offered authentication methods")
            }
            ProxyError::Socks5Method(m) => write!(
                f,
                "the proxy chose authentication method {m}, which was not offered"
            ),
            ProxyError::Socks5AuthRejected(s) => write!(
                f,
                "the proxy rejected the username and password (status {s})"
            ),
            ProxyError::Socks5CredentialsTooLong => {
                f.write_str("the username and the password are 255 bytes at most")
            }
            ProxyError::Socks5Reply(r) => write!(f, "{} (reply {r})", socks5_reply_text(r)),
            ProxyError::Socks5AddressType(t) => {
                write!(f, "the proxy's reply has an unknown address type {t}")
            }
            ProxyError::Socks5HostName => {
                f.write_str("the target host name must be 1 to 255 bytes")
            }
            ProxyError::HttpStatus { status, reason } => {
                let reason = match reason.as_str().trim() {
                    "" => http_status_text(status),
                    r => r,
                };
                write!(f, "the proxy answered {status}")?;
                if !reason.is_empty() {
                    write!(f, " {reason}")?;
                }
                Ok(())
            }
            ProxyError::HttpMalformed(why) => f.write_str(why),
            ProxyError::HttpTooLarge => {
                write!(f, "the response headers are over {MAX_HEADER} bytes")
            }
            ProxyError::HttpHostName => {
                f.write_str("the target host holds characters a CONNECT request cannot carry")
            }
            ProxyError::Closed(_) => {
                f.write_str("the proxy closed the connection before the end of its reply")
            }
            ProxyError::Io(_, e) => {
                // strerror's text, without Rust's " (os error N)".
                let text = std::io::Error::from_raw_os_error(e).to_string();
                f.write_str(text.split(" (os error").next().unwrap_or_default())
            }
        }
    }
}

impl std::error::Error for ProxyError {}
