//! `recvPacket()`: reads into the read-ahead buffer until the framing (src/protocol,
//! which chooses and runs the parser) says a whole packet is at its head. Many packets come in one read; each is handed out as one slice of
//! the buffer, which the caller copies once into what it returns.

use super::buffer::READ_AHEAD;
use super::deadline::Deadline;
use super::error::{NetError, NetResult};
use super::socket::Socket;
use crate::protocol::framing::ask_user;
pub use crate::protocol::framing::Framing;
use crate::protocol::{Bad, Decoded};
use crate::runtime::Timeout;

/// What a read for a packet asks for past the packet's own end.
const MARGIN: usize = 4096;

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
    /// `user` tells the length for [`Framing::User`] (see [`ask_user`]); it is asked once a packet has
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
                let (verdict, note) = ask_user(buffer.pending(), buffer.note(), max, &mut user);
                if let Some(note) = note {
                    buffer.set_note(note);
                }
                self.put_back(buffer);
                verdict
            } else {
                framing.decode(self.buffer.borrow().pending(), max)
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

#[cfg(test)]
mod tests;
