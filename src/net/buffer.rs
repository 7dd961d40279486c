//! The read-ahead buffer behind `recvLine()` and `recvWithBuffer()`: bytes read from the
//! socket but not yet handed out, served before the socket on the next read.

use std::mem::MaybeUninit;

use crate::protocol::framing::HeadNote;

/// Copies `src` into the start of `dst` (which may be uninitialised); returns the count.
pub fn copy_into(dst: &mut [MaybeUninit<u8>], src: &[u8]) -> usize {
    let n = src.len().min(dst.len());
    // SAFETY: both ranges are valid for `n` bytes and cannot overlap (`dst` is
    // exclusively borrowed).
    unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr().cast::<u8>(), n) };
    n
}

/// Views initialised bytes as possibly uninitialised ones (always sound).
pub fn uninit(buf: &mut [u8]) -> &mut [MaybeUninit<u8>] {
    // SAFETY: MaybeUninit<u8> has u8's layout, and initialised bytes are valid values.
    unsafe { &mut *(buf as *mut [u8] as *mut [MaybeUninit<u8>]) }
}

/// How much one read-ahead asks the kernel for.
pub const READ_AHEAD: usize = 65536;

/// Pending bytes: `data[start..]` is what has not been handed out yet.
#[derive(Default)]
pub struct ReadBuffer {
    data: Vec<u8>,
    start: usize,
    /// What a packet reader learned about the packet at the head; see [`HeadNote`].
    note: Option<HeadNote>,
}

impl ReadBuffer {
    /// The bytes waiting to be handed out.
    pub fn pending(&self) -> &[u8] {
        &self.data[self.start..]
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.start == self.data.len()
    }

    /// Moves up to `out.len()` pending bytes into `out`.
    pub fn take_into(&mut self, out: &mut [MaybeUninit<u8>]) -> usize {
        let n = self.peek_into(out);
        self.consume(n);
        n
    }

    /// Copies up to `out.len()` pending bytes into `out`, keeping them.
    pub fn peek_into(&self, out: &mut [MaybeUninit<u8>]) -> usize {
        copy_into(out, self.pending())
    }

    /// What is noted about the packet at the head (see [`HeadNote`]).
    pub fn note(&self) -> Option<HeadNote> {
        self.note
    }

    /// Notes something about the packet at the head, until the head moves.
    pub fn set_note(&mut self, note: HeadNote) {
        self.note = Some(note);
    }

    /// Makes room for `want` more bytes after the pending ones, or says there is no
    /// memory for them (where [`ReadBuffer::fill`] would end the process).
    pub fn make_room(&mut self, want: usize) -> Result<(), std::collections::TryReserveError> {
        self.compact();
        self.data.try_reserve(want)
    }

    /// Moves the pending bytes to the front when that frees more than it copies.
    fn compact(&mut self) {
        if self.start > 0 && self.start == self.data.len() {
            self.data.clear();
            self.start = 0;
        } else if self.start > self.data.len() / 2 {
            self.data.drain(..self.start);
            self.start = 0;
        }
    }

    /// The bytes the buffer holds room for.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.data.capacity()
    }

    /// How many bytes fit after the pending ones without allocating.
    pub fn room(&self) -> usize {
        self.data.capacity() - self.data.len()
    }

    /// Drops `n` pending bytes (handed out elsewhere).
    pub fn consume(&mut self, n: usize) {
        self.note = None;
        self.start += n;
        if self.start == self.data.len() {
            self.data.clear();
            self.start = 0;
        }
    }

    /// Drops every pending byte.
    pub fn clear(&mut self) {
        self.note = None;
        self.data.clear();
        self.start = 0;
    }

    /// Appends `bytes` after the pending ones.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.is_empty() {
            self.clear();
        }
        self.data.extend_from_slice(bytes);
    }

    /// Puts `later`'s pending bytes after this buffer's own.
    pub fn append(&mut self, later: ReadBuffer) {
        if self.is_empty() {
            *self = later;
        } else {
            self.data.extend_from_slice(later.pending());
        }
    }

    /// Appends up to `want` bytes produced by `read` (given spare room to fill, it
    /// returns how much it wrote). Returns read's result.
    pub fn fill<E>(
        &mut self,
        want: usize,
        read: impl FnOnce(&mut [MaybeUninit<u8>]) -> Result<usize, E>,
    ) -> Result<usize, E> {
        self.compact();
        self.data.reserve(want);
        let spare = &mut self.data.spare_capacity_mut()[..want];
        let r = read(spare);
        if let Ok(n) = r {
            let n = n.min(want);
            // SAFETY: `read` initialised the first `n` spare bytes (it says it wrote them).
            unsafe { self.data.set_len(self.data.len() + n) };
        }
        r
    }
}

/// Puts a buffer taken out of its cell (to be filled across a wait) back; whatever
/// reached the cell meanwhile was read after it, so it goes behind.
pub fn put_back(cell: &std::cell::RefCell<ReadBuffer>, buffer: ReadBuffer) {
    let mut slot = cell.borrow_mut();
    let later = std::mem::replace(&mut *slot, buffer);
    slot.append(later);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_take_peek() {
        let mut b = ReadBuffer::default();
        assert!(b.is_empty());
        let r: Result<usize, ()> = b.fill(8, |s| Ok(copy_into(s, b"hello")));
        assert_eq!(r, Ok(5));
        let mut out = [0u8; 3];
        assert_eq!(b.peek_into(uninit(&mut out)), 3);
        assert_eq!(b.take_into(uninit(&mut out)), 3);
        assert_eq!(&out, b"hel");
        assert_eq!(b.pending(), b"lo");
        let _: Result<usize, ()> = b.fill(8, |s| Ok(copy_into(s, b"!")));
        assert_eq!(b.pending(), b"lo!");
        b.consume(3);
        assert!(b.is_empty());
    }

    #[test]
    fn append_keeps_both_in_order() {
        let mut a = ReadBuffer::default();
        let _: Result<usize, ()> = a.fill(8, |s| Ok(copy_into(s, b"abc")));
        a.consume(1);
        let mut b = ReadBuffer::default();
        let _: Result<usize, ()> = b.fill(8, |s| Ok(copy_into(s, b"de")));
        a.append(b);
        assert_eq!(a.pending(), b"bcde");
        let mut empty = ReadBuffer::default();
        let mut c = ReadBuffer::default();
        let _: Result<usize, ()> = c.fill(8, |s| Ok(copy_into(s, b"xy")));
        empty.append(c);
        assert_eq!(empty.pending(), b"xy");
    }
}
