//! Coroutine sockets, PHP-free: addresses, the non-blocking socket whose operations park
//! the calling coroutine, the read-ahead buffer for line and buffered reads, and TLS
//! between the two; tunnels through a proxy (`proxy.rs`).

#![deny(unsafe_op_in_unsafe_fn, missing_docs)]

pub mod addr;
pub mod buffer;
pub mod dns;
pub mod fd;
pub mod packet;
pub mod proxy;
pub mod socket;
pub mod tls;

pub use addr::SockAddr;
pub use packet::{Framing, Packet};
pub use proxy::{Handshake, TunnelError};
pub use socket::{Deadline, NetError, NetResult, Socket};
pub use tls::{TlsConfig, TlsContext, TlsError, TlsErrorKind};

#[cfg(test)]
mod tests;
