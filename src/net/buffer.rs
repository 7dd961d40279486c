//! The read-ahead buffer behind `recvLine()` and `recvWithBuffer()`: bytes read from the
//! socket but not yet handed out, served before the socket on the next read.

/// How much one read-ahead asks the kernel for.
pub const READ_AHEAD: usize = 65536;

#[derive(Default)]
pub struct ReadBuffer {
    data: Vec<u8>,
    start: usize,
}

impl ReadBuffer {
    /// The bytes waiting to be handed out.
    pub fn pending(&self) -> &[u8] {
        &self.data[self.start..]
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.data.len()
    }

    /// Moves up to `out.len()` pending bytes into `out`.
    pub fn take_into(&mut self, out: &mut [u8]) -> usize {
        let n = self.peek_into(out);
        self.consume(n);
        n
    }

    /// Copies up to `out.len()` pending bytes into `out`, keeping them.
    pub fn peek_into(&self, out: &mut [u8]) -> usize {
        let p = self.pending();
        let n = p.len().min(out.len());
        out[..n].copy_from_slice(&p[..n]);
        n
    }

    pub fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.data.len() {
            self.data.clear();
            self.start = 0;
        }
    }

    /// Appends up to `want` bytes produced by `read` (given spare room to fill, it
    /// returns how much it wrote). Returns read's result.
    pub fn fill<E>(&mut self, want: usize, read: impl FnOnce(&mut [u8]) -> Result<usize, E>) -> Result<usize, E> {
        if self.start > 0 && self.start == self.data.len() {
            self.data.clear();
            self.start = 0;
        } else if self.start > self.data.len() / 2 {
            self.data.drain(..self.start);
            self.start = 0;
        }
        let old = self.data.len();
        self.data.resize(old + want, 0);
        let r = read(&mut self.data[old..]);
        let n = *r.as_ref().unwrap_or(&0);
        self.data.truncate(old + n);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_take_peek() {
        let mut b = ReadBuffer::default();
        assert!(b.is_empty());
        let r: Result<usize, ()> = b.fill(8, |s| {
            s[..5].copy_from_slice(b"hello");
            Ok(5)
        });
        assert_eq!(r, Ok(5));
        let mut out = [0u8; 3];
        assert_eq!(b.peek_into(&mut out), 3);
        assert_eq!(b.take_into(&mut out), 3);
        assert_eq!(&out, b"hel");
        assert_eq!(b.pending(), b"lo");
        let _: Result<usize, ()> = b.fill(8, |s| {
            s[..1].copy_from_slice(b"!");
            Ok(1)
        });
        assert_eq!(b.pending(), b"lo!");
        b.consume(3);
        assert!(b.is_empty());
    }
}
