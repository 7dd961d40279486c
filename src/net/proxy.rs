//! Tunnels through a proxy: runs one of `src/protocol`'s handshakes (SOCKS5, HTTP
//! CONNECT) over a socket connected to the proxy, against the caller's deadline, so that
//! afterwards the socket talks to the target.
//!
//! The proxy's replies are read into the socket's read-ahead buffer and each one is
//! dropped from it once judged. A SOCKS5 handshake never reads past a reply; an HTTP
//! one may read bytes past the end of the headers along with them (the target's, when it
//! speaks first): they stay in the buffer, where the next read finds them, or the TLS
//! handshake does (`tls_handshake` hands buffered bytes to OpenSSL first). So no byte
//! of the tunnel is lost, and none is taken for a header.
//!
//! Waits are the socket's own (reads in the read slot, writes in the write slot), so
//! `cancel()` and `close()` from another coroutine end the handshake as they end a read.

use super::deadline::Deadline;
use super::error::NetError;
use super::socket::Socket;
use crate::protocol::http_connect::HttpConnect;
use crate::protocol::socks5::Socks5;
use crate::protocol::tunnel::{Protocol, ProxyError, Step};

/// A proxy handshake to run.
#[derive(Clone, Debug)]
pub enum Handshake {
    /// SOCKS5.
    Socks5(Socks5),
    /// HTTP CONNECT.
    Http(HttpConnect),
}

impl Handshake {
    fn protocol(&self) -> Protocol {
        match self {
            Handshake::Socks5(_) => Protocol::Socks5,
            Handshake::Http(_) => Protocol::Http,
        }
    }

    fn start(&self) -> Vec<u8> {
        match self {
            Handshake::Socks5(h) => h.start(),
            Handshake::Http(h) => h.start(),
        }
    }

    fn feed(&mut self, buf: &[u8]) -> Result<Step, ProxyError> {
        match self {
            Handshake::Socks5(h) => h.feed(buf),
            Handshake::Http(h) => h.feed(buf),
        }
    }
}

/// Why a tunnel was not opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TunnelError {
    /// What may end any wait of the socket: the deadline passed, `cancel()`, `close()`,
    /// another coroutine waiting in it, a closed fd.
    Net(NetError),
    /// The proxy refused, failed or misbehaved (a reset or an early close included).
    Proxy(ProxyError),
}

impl Socket {
    /// Runs `handshake` over this socket, connected to the proxy, within `deadline`.
    /// On success the socket's peer is the target; bytes of the tunnel that came with
    /// the proxy's last reply are in the read-ahead buffer.
    pub fn open_tunnel(
        &self,
        handshake: &mut Handshake,
        deadline: &Deadline,
    ) -> Result<(), TunnelError> {
        let protocol = handshake.protocol();
        let fail = |e: NetError| match e {
            NetError::Os(code) if code != libc::EBADF => {
                TunnelError::Proxy(ProxyError::Io(protocol, code))
            }
            e => TunnelError::Net(e),
        };
        let mut out = handshake.start();
        loop {
            let mut sent = 0;
            while sent < out.len() {
                sent += self.send_until(&out[sent..], deadline).map_err(fail)?;
            }
            loop {
                let step = handshake
                    .feed(self.buffer.borrow().pending())
                    .map_err(TunnelError::Proxy)?;
                match step {
                    Step::Need(n) => {
                        if self.read_ahead_up_to(n, deadline).map_err(fail)? == 0 {
                            return Err(TunnelError::Proxy(ProxyError::Closed(protocol)));
                        }
                    }
                    Step::Send { used, send } => {
                        self.buffer.borrow_mut().consume(used);
                        out = send;
                        break;
                    }
                    Step::Open { used } => {
                        self.buffer.borrow_mut().consume(used);
                        return Ok(());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
