//! The client side of a SOCKS5 handshake (RFC 1928), with the username/password method
//! (RFC 1929), as a state machine without I/O (see [`super::tunnel`]).
//!
//! The greeting offers "no authentication", and "username/password" too when a username
//! is set. The CONNECT request carries the target as the caller gave it: an IPv4 or IPv6
//! literal as an address, anything else as a name the proxy resolves (remote resolution).
//! Each reply's length is known from its first bytes, so [`Step::Need`] never asks for
//! a byte past it; the CONNECT reply's bound address is parsed whole, of any of the
//! three types, and kept ([`Socks5::bound`]).
//!
//! ```
//! use cosocket::protocol::socks5::Socks5;
//! use cosocket::protocol::tunnel::Step;
//! let mut s = Socks5::new("example.com", 443, None).unwrap();
//! assert_eq!(s.start(), [5, 1, 0]);
//! let Ok(Step::Send { used: 2, send }) = s.feed(&[5, 0]) else { panic!() };
//! assert_eq!(send[..5], [5, 1, 0, 3, 11]);
//! assert_eq!(s.feed(&[5, 0]), Ok(Step::Need(5)));
//! assert_eq!(s.feed(&[5, 0, 0, 1, 10, 0, 0, 1]), Ok(Step::Need(2)));
//! assert_eq!(s.feed(&[5, 0, 0, 1, 10, 0, 0, 1, 0, 80, b'x']), Ok(Step::Open { used: 10 }));
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

use super::tunnel::{Host, ProxyError, Step};

const VERSION: u8 = 5;
const AUTH_VERSION: u8 = 1;
const NO_AUTH: u8 = 0;
const USER_PASSWORD: u8 = 2;
const CONNECT: u8 = 1;
const ATYP_V4: u8 = 1;
const ATYP_NAME: u8 = 3;
const ATYP_V6: u8 = 4;
/// The shortest CONNECT reply (a name of no bytes): what may be read before its address
/// type and length are known.
const MIN_REPLY: usize = 4 + 1 + 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// The greeting went out; the method choice is awaited.
    Method,
    /// The username and password went out; their verdict is awaited.
    Auth,
    /// The CONNECT request went out; its reply is awaited.
    Connect,
    /// The tunnel is open.
    Open,
}

/// One SOCKS5 client handshake.
#[derive(Clone, Debug)]
pub struct Socks5 {
    target: Host,
    port: u16,
    /// Username and password, when a username is set.
    auth: Option<(Vec<u8>, Vec<u8>)>,
    state: State,
    bound: Option<(Host, u16)>,
}

impl Socks5 {
    /// A handshake that opens a tunnel to `host`:`port`, logging in with `auth`
    /// (username, password) when it is given with a non-empty username. Fails on a host
    /// name or credentials too long for the protocol (255 bytes each).
    pub fn new(host: &str, port: u16, auth: Option<(&[u8], &[u8])>) -> Result<Socks5, ProxyError> {
        let target = Host::parse(host);
        if let Host::Name(n) = &target {
            if n.is_empty() || n.len() > 255 {
                return Err(ProxyError::Socks5HostName);
            }
        }
        let auth = auth.filter(|(user, _)| !user.is_empty());
        if auth.is_some_and(|(user, pass)| user.len() > 255 || pass.len() > 255) {
            return Err(ProxyError::Socks5CredentialsTooLong);
        }
        Ok(Socks5 {
            target,
            port,
            auth: auth.map(|(u, p)| (u.to_vec(), p.to_vec())),
            state: State::Method,
            bound: None,
        })
    }

    /// The greeting: the methods this client offers.
    pub fn start(&self) -> Vec<u8> {
        if self.auth.is_some() {
            vec![VERSION, 2, NO_AUTH, USER_PASSWORD]
        } else {
            vec![VERSION, 1, NO_AUTH]
        }
    }

    /// The address and port the proxy's CONNECT reply gave (where it connected from),
    /// once the tunnel is open.
    pub fn bound(&self) -> Option<&(Host, u16)> {
        self.bound.as_ref()
    }

    /// Whether the tunnel is open.
    pub fn is_open(&self) -> bool {
        self.state == State::Open
    }

    /// Takes the proxy's bytes buffered so far (from the start of its current reply).
    /// A reply is judged as soon as its bytes allow: a wrong version or a refusal fails
    /// before the rest of the reply arrives.
    pub fn feed(&mut self, buf: &[u8]) -> Result<Step, ProxyError> {
        match self.state {
            State::Method => {
                let [version, method] = match two(buf, VERSION)? {
                    Ok(b) => b,
                    Err(need) => return Ok(need),
                };
                debug_assert_eq!(version, VERSION);
                match method {
                    NO_AUTH => Ok(self.send(State::Connect, self.connect_request())),
                    USER_PASSWORD if self.auth.is_some() => {
                        Ok(self.send(State::Auth, self.auth_request()))
                    }
                    m => Err(ProxyError::Socks5Method(m)),
                }
            }
            State::Auth => {
                let [_, status] = match two(buf, AUTH_VERSION)? {
                    Ok(b) => b,
                    Err(need) => return Ok(need),
                };
                if status != 0 {
                    return Err(ProxyError::Socks5AuthRejected(status));
                }
                Ok(self.send(State::Connect, self.connect_request()))
            }
            State::Connect => self.connect_reply(buf),
            State::Open => Ok(Step::Open { used: 0 }),
        }
    }

    fn send(&mut self, next: State, send: Vec<u8>) -> Step {
        self.state = next;
        Step::Send { used: 2, send }
    }

    /// RFC 1929's request: version 1, then the username and the password, each after
    /// its length.
    fn auth_request(&self) -> Vec<u8> {
        let (user, pass) = self
            .auth
            .as_ref()
            .map_or((&[][..], &[][..]), |(u, p)| (u, p));
        let mut out = Vec::with_capacity(3 + user.len() + pass.len());
        out.extend_from_slice(&[AUTH_VERSION, user.len() as u8]);
        out.extend_from_slice(user);
        out.push(pass.len() as u8);
        out.extend_from_slice(pass);
        out
    }

    /// CONNECT to the target: version, command, reserved, the address, the port.
    fn connect_request(&self) -> Vec<u8> {
        let mut out = vec![VERSION, CONNECT, 0];
        match &self.target {
            Host::V4(a) => {
                out.push(ATYP_V4);
                out.extend_from_slice(&a.octets());
            }
            Host::V6(a) => {
                out.push(ATYP_V6);
                out.extend_from_slice(&a.octets());
            }
            Host::Name(n) => {
                out.extend_from_slice(&[ATYP_NAME, n.len() as u8]);
                out.extend_from_slice(n.as_bytes());
            }
        }
        out.extend_from_slice(&self.port.to_be_bytes());
        out
    }

    /// The CONNECT reply: version, reply code, reserved (not checked), the bound
    /// address (IPv4, a name after its length, IPv6) and port.
    fn connect_reply(&mut self, buf: &[u8]) -> Result<Step, ProxyError> {
        if let Some(&v) = buf.first() {
            if v != VERSION {
                return Err(ProxyError::Socks5Version {
                    got: v,
                    want: VERSION,
                });
            }
        }
        if let Some(&rep) = buf.get(1) {
            if rep != 0 {
                return Err(ProxyError::Socks5Reply(rep));
            }
        }
        let addr_len = match buf.get(3) {
            None => return Ok(Step::Need(MIN_REPLY - buf.len())),
            Some(&ATYP_V4) => 4,
            Some(&ATYP_V6) => 16,
            Some(&ATYP_NAME) => match buf.get(4) {
                None => return Ok(Step::Need(MIN_REPLY - buf.len())),
                Some(&n) => 1 + n as usize,
            },
            Some(&t) => return Err(ProxyError::Socks5AddressType(t)),
        };
        let total = 4 + addr_len + 2;
        if buf.len() < total {
            return Ok(Step::Need(total - buf.len()));
        }
        let addr = &buf[4..4 + addr_len];
        let host = match buf[3] {
            ATYP_V4 => Host::V4(Ipv4Addr::from(
                <[u8; 4]>::try_from(addr).unwrap_or_default(),
            )),
            ATYP_V6 => Host::V6(Ipv6Addr::from(
                <[u8; 16]>::try_from(addr).unwrap_or_default(),
            )),
            _ => Host::Name(String::from_utf8_lossy(&addr[1..]).into_owned()),
        };
        let port = u16::from_be_bytes([buf[total - 2], buf[total - 1]]);
        self.bound = Some((host, port));
        self.state = State::Open;
        Ok(Step::Open { used: total })
    }
}

/// A two-byte reply whose first byte is a version: the two bytes, or how many more are
/// needed; a wrong version fails as soon as it is there.
fn two(buf: &[u8], version: u8) -> Result<Result<[u8; 2], Step>, ProxyError> {
    match *buf {
        [] => Ok(Err(Step::Need(2))),
        [v, ..] if v != version => Err(ProxyError::Socks5Version {
            got: v,
            want: version,
        }),
        [_] => Ok(Err(Step::Need(1))),
        [v, b, ..] => Ok(Ok([v, b])),
    }
}
