//! `recvPacket()`: whole packets cut out of the read-ahead buffer by a framing parser
//! (src/protocol). Many packets come in one read; each is handed out as one slice of
//! the buffer, which the caller copies once into what it returns.

use super::buffer::{HeadNote, ReadBuffer, READ_AHEAD};
use super::deadline::Deadline;
use super::error::{NetError, NetResult};
use super::socket::Socket;
use crate::protocol::{self, Bad, Decoded, LengthField};
use crate::runtime::Timeout;

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
    /// as its `user` argument: `> 0` the packet's length in all, `0` "need more bytes",
    /// `< 0` not a packet (see [`protocol::length::from_user`]).
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
    /// Reads one whole packet, reading ahead as needed (64 KiB a read, more for a
    /// packet that is longer and arriving), and hands its bytes to `take`; bytes past it
    /// stay buffered for the next call (and for every other read method). One packet
    /// never holds more than `max` bytes: past that it is [`Packet::Bad`].
    ///
    /// `user` tells the length for [`Framing::User`]; it is asked once a packet has
    /// bytes, again only when more arrived while it answered "need more", and no more
    /// once it told the length. It may yield: the buffer is out of its cell while it
    /// runs, so no borrow is held across a switch (a concurrent reader meets the
    /// one-reader rule or an empty buffer).
    pub fn recv_packet<R>(
        &self,
        framing: &Framing,
        max: usize,
        timeout: impl Into<Timeout>,
        mut user: impl FnMut(&[u8]) -> i64,
        take: impl FnOnce(&[u8]) -> R,
    ) -> NetResult<Packet<R>> {
        self.key()?;
        let deadline = Deadline::new(timeout);
        loop {
            let verdict = if matches!(framing, Framing::User) {
                let mut buffer = self.buffer.take();
                let verdict = ask(&mut buffer, max, &mut user);
                self.put_back(buffer);
                verdict
            } else {
                decode(framing, self.buffer.borrow().pending(), max)
            };
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
                    let (have, room) = {
                        let b = self.buffer.borrow();
                        (b.pending().len(), b.room())
                    };
                    // A little more than the packet still needs: a read that comes back
                    // short of the request proves the socket drained (no EAGAIN read
                    // on the next call), also for packets larger than one read-ahead.
                    // But no more than is buffered already, or fits in the room the
                    // buffer has: a declared length is only a claim, so the buffer grows
                    // (at most doubling) as bytes arrive, and memory it cannot have
                    // fails this read, not the process.
                    let want = n
                        .saturating_sub(have)
                        .saturating_add(MARGIN)
                        .clamp(READ_AHEAD, have.max(room).max(READ_AHEAD));
                    if self.buffer.borrow_mut().make_room(want).is_err() {
                        self.buffer.borrow_mut().clear();
                        return Err(NetError::Os(libc::ENOMEM));
                    }
                    if self.read_ahead_up_to(want, &deadline)? == 0 {
                        self.buffer.borrow_mut().clear();
                        return Ok(Packet::Closed);
                    }
                }
            }
        }
    }
}

/// The verdict of a parser (any framing but [`Framing::User`]) on the packet at the
/// head of `pending`.
fn decode(framing: &Framing, pending: &[u8], max: usize) -> Decoded {
    match framing {
        Framing::None if !pending.is_empty() => Decoded::Packet(pending.len()),
        Framing::None | Framing::User => Decoded::Need(1),
        Framing::Eof(eof) => protocol::eof::decode(pending, eof, max),
        Framing::Length(field) => protocol::length::decode(pending, field, max),
        Framing::Mqtt => protocol::mqtt::decode(pending, max),
        Framing::FastCgi => protocol::fastcgi::decode(pending, max),
    }
}

/// The verdict on the packet at the head of `buffer` under [`Framing::User`]: `user` is
/// asked only when what it said last about this packet no longer holds (its length
/// stands until the packet is taken; "need more" until more bytes came).
fn ask(buffer: &mut ReadBuffer, max: usize, user: &mut impl FnMut(&[u8]) -> i64) -> Decoded {
    let pending = buffer.pending();
    let have = pending.len();
    match buffer.note() {
        Some(HeadNote::Length(n)) => return protocol::whole(pending, n, max),
        Some(HeadNote::TooFew(seen)) if have <= seen => return Decoded::Need(seen + 1),
        _ if have == 0 => return Decoded::Need(1),
        _ => {}
    }
    let said = user(pending);
    let verdict = protocol::length::from_user(pending, said, max);
    if let Decoded::Need(_) = verdict {
        buffer.set_note(if said > 0 {
            HeadNote::Length(said as usize)
        } else {
            HeadNote::TooFew(have)
        });
    }
    verdict
}

#[cfg(test)]
mod tests;
