//! Coroutine sockets, PHP-free: addresses, the non-blocking socket whose operations park
//! the calling coroutine, the read-ahead buffer for line and buffered reads, and TLS
//! between the two; tunnels through a proxy (`proxy.rs`).

#![deny(unsafe_op_in_unsafe_fn, missing_docs)]

pub mod addr;
pub mod buffer;
pub mod deadline;
pub mod dns;
pub mod error;
mod fd;
pub mod packet;
pub mod proxy;
pub mod socket;
pub mod tls;
mod transport;

pub use addr::{DestCache, RawAddr, SockAddr};
pub use deadline::Deadline;
pub use error::{NetError, NetResult};
pub use packet::{Framing, Packet};
pub use proxy::{Handshake, TunnelError};
pub use socket::Socket;
pub use tls::{TlsConfig, TlsContext, TlsError, TlsErrorKind};

#[cfg(test)]
mod tests;
