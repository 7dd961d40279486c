//! `recvPacket()`: whole packets cut out of the read-ahead buffer by a framing parser
//! (src/protocol). Many packets come in one read; each is handed out as one slice of
//! the buffer, which the caller copies once into what it returns.

use std::time::Duration;

use super::buffer::READ_AHEAD;
use super::socket::{Deadline, NetResult, Socket};
use crate::protocol::{self, Bad, Decoded, LengthField};

/// What a read for a packet asks for past the packet's own end.
const MARGIN: usize = 4096;

/// How packets are cut (Swoole's `setProtocol()` framing keys).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// No framing: a packet is whatever one read brings.
    #[default]
    None,
    /// Up to and including the first `package_eof`.
    Eof(Vec<u8>),
    /// Length-prefixed.
    Length(LengthField),
    /// MQTT's remaining-length header.
    Mqtt,
    /// FastCGI records.
    FastCgi,
    /// A length the caller computes (`package_length_func`), given to [`Socket::recv_packet`]
    /// as its `user` argument.
    User,
}

/// How one `recv_packet` call ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Packet<R> {
    /// A whole packet, as the caller's `take` made it.
    Whole(R),
    /// The peer closed (or shut down writing) before a whole packet came; the partial
    /// bytes are dropped, as in Swoole.
    Closed,
    /// The bytes cannot be a packet (the buffer is dropped: the stream is out of step).
    Bad(Bad),
}

impl Socket {
    /// Reads one whole packet, reading ahead as needed (up to 64 KiB a read, more when
    /// a packet says it is longer), and hands its bytes to `take`; bytes past it stay
    /// buffered for the next call (and for every other read method).
    ///
    /// `user` decides the length for [`Framing::User`] (see [`protocol::length::from_user`]).
    /// It may yield: the buffer is out of its cell while it runs, so no borrow is held
    /// across a switch (a concurrent reader meets the one-reader rule or an empty buffer).
    pub fn recv_packet<R>(
        &self,
        framing: &Framing,
        max: usize,
        timeout: Option<Duration>,
        mut user: impl FnMut(&[u8]) -> Decoded,
        take: impl FnOnce(&[u8]) -> R,
    ) -> NetResult<Packet<R>> {
        self.key()?;
        let deadline = Deadline::new(timeout);
        loop {
            let buffer = self.buffer.take();
            let pending = buffer.pending();
            let verdict = match framing {
                Framing::None if !pending.is_empty() => Decoded::Packet(pending.len()),
                Framing::None => Decoded::Need(1),
                Framing::Eof(eof) => protocol::eof::decode(pending, eof, max),
                Framing::Length(field) => protocol::length::decode(pending, field, max),
                Framing::Mqtt => protocol::mqtt::decode(pending, max),
                Framing::FastCgi => protocol::fastcgi::decode(pending, max),
                Framing::User if pending.is_empty() => Decoded::Need(1),
                Framing::User => user(pending),
            };
            self.put_back(buffer);
            match verdict {
                Decoded::Packet(n) => {
                    let mut b = self.buffer.borrow_mut();
                    let packet = take(&b.pending()[..n]);
                    b.consume(n);
                    return Ok(Packet::Whole(packet));
                }
                Decoded::Bad(bad) => {
                    self.buffer.borrow_mut().clear();
                    return Ok(Packet::Bad(bad));
                }
                Decoded::Need(n) => {
                    let have = self.buffer.borrow().pending().len();
                    // A little more than the packet still needs: a read that comes back
                    // short of the request proves the socket drained (no EAGAIN read
                    // on the next call), also for packets larger than one read-ahead.
                    let want = n.saturating_sub(have).saturating_add(MARGIN).clamp(READ_AHEAD, max.saturating_add(MARGIN).max(READ_AHEAD));
                    if self.read_ahead_up_to(want, &deadline)? == 0 {
                        self.buffer.borrow_mut().clear();
                        return Ok(Packet::Closed);
                    }
                }
            }
        }
    }
}
