//! Coroutine sockets, PHP-free: addresses, the non-blocking socket whose operations park
//! the calling coroutine, and the read-ahead buffer for line and buffered reads.

#![deny(unsafe_op_in_unsafe_fn, missing_docs)]

pub mod addr;
pub mod buffer;
pub mod dns;
pub mod fd;
pub mod packet;
pub mod socket;

pub use addr::SockAddr;
pub use packet::{Framing, Packet};
pub use socket::{Deadline, NetError, NetResult, Socket};

#[cfg(test)]
mod tests;
