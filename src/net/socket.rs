//! A coroutine socket: the fd layer ([`FdSocket`]) with the read-ahead buffer above
//! it, which `recvLine()`, `recvWithBuffer()` and `recvPacket()` fill and every read
//! serves first. With TLS on (`tls/stream.rs`), OpenSSL sits between the two: the
//! buffer holds plaintext, so every buffered read works unchanged over TLS.

use std::cell::{Cell, RefCell};
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::ops::Deref;
use std::os::fd::RawFd;
use std::time::Duration;

use super::addr::SockAddr;
use super::buffer::{ReadBuffer, READ_AHEAD};
pub use super::fd::{Deadline, FdSocket, NetError, NetResult};
use super::tls::stream::TlsState;

/// A coroutine socket. Every method takes `&self`: several coroutines may hold the
/// socket while one of them waits in it (and another closes or cancels it). What does
/// not read (binding, connecting, writing, options, closing) is the fd layer's, reached
/// through `Deref` — except the writes, `close()` and `shutdown()`, which this type
/// shadows so that they go through TLS when it is on.
pub struct Socket {
    pub(super) io: FdSocket,
    /// Bytes read ahead and not handed out yet, served before the fd. Never borrowed
    /// across a wait (a refill takes it out of the cell; see `put_back`).
    pub(super) buffer: RefCell<ReadBuffer>,
    /// Whether `tls` is Some: the one test the plain path pays per operation.
    pub(super) tls_on: Cell<bool>,
    /// The TLS session, from the handshake's start until close. Borrowed only around
    /// each (non-blocking) OpenSSL call, never across a wait.
    pub(super) tls: RefCell<Option<TlsState>>,
}

impl Deref for Socket {
    type Target = FdSocket;
    fn deref(&self) -> &FdSocket {
        &self.io
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // close_notify before the fd layer closes the fd.
        if self.tls_on.get() {
            self.close();
        }
    }
}

impl From<FdSocket> for Socket {
    fn from(io: FdSocket) -> Socket {
        Socket {
            io,
            buffer: RefCell::new(ReadBuffer::default()),
            tls_on: Cell::new(false),
            tls: RefCell::new(None),
        }
    }
}

impl Socket {
    /// `socket(2)`, non-blocking and close-on-exec, registered with the reactor.
    pub fn new(domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::new(domain, sock_type, protocol).map(Socket::from)
    }

    /// Takes ownership of an open fd from elsewhere (see [`FdSocket::adopt`]).
    pub fn adopt(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::adopt(fd, domain, sock_type, protocol).map(Socket::from)
    }

    /// Uses an fd that stays someone else's (see [`FdSocket::borrow`]).
    pub fn borrow(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::borrow(fd, domain, sock_type, protocol).map(Socket::from)
    }

    /// Two connected sockets (`socketpair(2)`).
    pub fn pair(domain: i32, sock_type: i32, protocol: i32) -> NetResult<(Socket, Socket)> {
        FdSocket::pair(domain, sock_type, protocol).map(|(a, b)| (a.into(), b.into()))
    }

    /// One `send(2)` (or with TLS on, one SSL_write), waiting for room; may write less
    /// than asked.
    pub fn send(&self, data: &[u8], timeout: Option<Duration>) -> NetResult<usize> {
        self.send_until(data, &Deadline::new(timeout))
    }

    /// [`Socket::send`] against a deadline shared with other calls.
    pub fn send_until(&self, data: &[u8], deadline: &Deadline) -> NetResult<usize> {
        if self.tls_on.get() {
            return self.tls_write(data, deadline);
        }
        self.io.send_until(data, deadline)
    }

    /// Sends all of `data`, waiting as needed. Returns the count and the error that
    /// stopped it early, if any.
    pub fn send_all(&self, data: &[u8], timeout: Option<Duration>) -> (usize, Option<NetError>) {
        if self.tls_on.get() {
            return self.tls_send_all(data, &Deadline::new(timeout));
        }
        self.io.send_all(data, timeout)
    }

    /// One `writev(2)` (with TLS on, one SSL_write of the gathered vectors), waiting for
    /// room; may write less than asked.
    pub fn writev(&self, bufs: &[IoSlice<'_>], deadline: &Deadline) -> NetResult<usize> {
        if self.tls_on.get() {
            return self.tls_writev(bufs, deadline);
        }
        self.io.writev(bufs, deadline)
    }

    /// Sends `length` bytes of `file` from `offset`: sendfile(2), or with TLS on, reads
    /// of the file written through SSL_write (as Swoole). Less than `length` when the
    /// file ended first.
    pub fn sendfile(
        &self,
        file: RawFd,
        offset: i64,
        length: usize,
        timeout: Option<Duration>,
    ) -> (usize, Option<NetError>) {
        if self.tls_on.get() {
            return self.tls_sendfile(file, offset, length, &Deadline::new(timeout));
        }
        self.io.sendfile(file, offset, length, timeout)
    }

    /// `shutdown(2)`; with TLS on, a close_notify goes first when the write side closes
    /// (one attempt, never waiting).
    pub fn shutdown(&self, how: i32) -> NetResult<()> {
        if self.tls_on.get() && how != libc::SHUT_RD {
            self.key()?;
            self.tls_shutdown_write();
        }
        self.io.shutdown(how)
    }

    /// Closes the socket (see [`FdSocket::close`]); with TLS on, one close_notify
    /// attempt first (never waiting), and the TLS session is freed.
    pub fn close(&self) -> bool {
        if self.tls_on.get() {
            self.tls_end(true);
        }
        self.io.close()
    }

    /// Closes a connection so that its peer reads EOF after what was sent (see
    /// [`FdSocket::close_connection`]); with TLS on, one close_notify attempt first.
    pub fn close_connection(&self) -> bool {
        if self.tls_on.get() {
            self.tls_end(true);
        }
        self.io.close_connection()
    }

    /// Forgets a borrowed fd its owner already closed (see [`FdSocket::forget`]); a TLS
    /// session is freed without a word (the fd number may name another file now).
    pub fn forget(&self) -> bool {
        if self.tls_on.get() {
            self.tls_end(false);
        }
        self.io.forget()
    }

    /// Accepts a connection, waiting for one.
    pub fn accept(&self, timeout: Option<Duration>) -> NetResult<Socket> {
        self.io.accept(timeout).map(Socket::from)
    }

    /// One read: buffered bytes if there are any, else one `recv(2)`, waiting for data.
    /// Ok(0) is EOF.
    pub fn recv(&self, buf: &mut [MaybeUninit<u8>], timeout: Option<Duration>) -> NetResult<usize> {
        {
            let mut b = self.buffer.borrow_mut();
            if !b.is_empty() {
                return Ok(b.take_into(buf));
            }
        }
        self.read_below_exact(buf, &Deadline::new(timeout))
    }

    /// One read under the buffer for a caller that asked for `buf`'s size (recv,
    /// recvAll): a plain socket also reads past it into the buffer, so that a message
    /// of exactly that size still shows the socket drained (see
    /// [`FdSocket::read_spilling`]) and the next call costs no EAGAIN read.
    fn read_below_exact(
        &self,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        if self.tls_on.get() {
            return self.tls_read(buf, deadline);
        }
        if buf.len() >= READ_AHEAD {
            // A short read of this much proves the drain by itself.
            return self.io.read(buf, deadline);
        }
        self.io
            .read_spilling(buf, deadline, |extra| self.buffer.borrow_mut().push(extra))
    }

    /// One read under the buffer: `recv(2)`, or with TLS on, SSL_read. Ok(0) is EOF.
    #[inline]
    pub(super) fn read_below(
        &self,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        if self.tls_on.get() {
            self.tls_read(buf, deadline)
        } else {
            self.io.read(buf, deadline)
        }
    }

    /// What is there, without consuming it or waiting: buffered bytes, else MSG_PEEK.
    pub fn peek(&self, buf: &mut [MaybeUninit<u8>]) -> NetResult<usize> {
        self.key()?;
        let n = self.buffer.borrow().peek_into(buf);
        if n > 0 {
            return Ok(n);
        }
        if self.tls_on.get() {
            return self.tls_peek(buf);
        }
        self.io.peek(buf)
    }

    /// Fills `buf`, waiting as needed, until it is full, the peer closes, or an error or
    /// the deadline ends it. Returns the count and what ended it early, if anything.
    pub fn recv_all(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: Option<Duration>,
    ) -> (usize, Option<NetError>) {
        let deadline = Deadline::new(timeout);
        let mut got = self.buffer.borrow_mut().take_into(buf);
        while got < buf.len() {
            match self.read_below_exact(&mut buf[got..], &deadline) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) => return (got, Some(e)),
            }
        }
        (got, None)
    }

    /// One `readv(2)` into `iov`, waiting for data; buffered bytes, if any, are this
    /// read instead. Ok(0) is EOF.
    ///
    /// # Safety
    /// Each iovec must point to `iov_len` writable bytes that stay valid, and are not
    /// otherwise accessed, until this returns.
    pub unsafe fn readv(&self, iov: &[libc::iovec], deadline: &Deadline) -> NetResult<usize> {
        let buffered = {
            let mut b = self.buffer.borrow_mut();
            let mut n = 0;
            for v in iov {
                if b.is_empty() {
                    break;
                }
                // SAFETY: the caller vouches that each iovec is valid, writable and unaliased.
                let dst = unsafe {
                    std::slice::from_raw_parts_mut(v.iov_base.cast::<MaybeUninit<u8>>(), v.iov_len)
                };
                n += b.take_into(dst);
            }
            n
        };
        if buffered > 0 {
            return Ok(buffered);
        }
        if self.tls_on.get() {
            // SAFETY: passed on from the caller.
            return unsafe { self.tls_readv(iov, deadline) };
        }
        // SAFETY: passed on from the caller.
        unsafe { self.io.readv(iov, deadline) }
    }

    /// One datagram (or stream read) with the sender's address, waiting for it; a
    /// stream's buffered bytes come first (they came from the peer).
    pub fn recvfrom(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: Option<Duration>,
    ) -> NetResult<(usize, Option<SockAddr>)> {
        if self.is_stream() {
            let n = self.buffer.borrow_mut().take_into(buf);
            if n > 0 {
                return Ok((n, self.peer_addr().ok()));
            }
            if self.tls_on.get() {
                let n = self.tls_read(buf, &Deadline::new(timeout))?;
                return Ok((n, self.peer_addr().ok()));
            }
        }
        self.io.recvfrom(buf, timeout)
    }

    /// Whether the connection still looks alive: buffered bytes count as something to
    /// read; else no EOF and no error, without waiting.
    pub fn check_liveness(&self) -> NetResult<()> {
        self.key()?;
        if !self.buffer.borrow().is_empty() || (self.tls_on.get() && self.tls_has_pending()) {
            return Ok(());
        }
        self.io.check_liveness()
    }

    /// Reads through the read-ahead buffer (Swoole's `recv_with_buffer`): what is
    /// buffered first; if that is less than `out.len()`, one more read (up to 64 KiB,
    /// waiting if need be) tops it up. Ok(0) only at EOF with nothing buffered.
    pub fn recv_with_buffer(
        &self,
        out: &mut [MaybeUninit<u8>],
        timeout: Option<Duration>,
    ) -> NetResult<usize> {
        self.key()?;
        let got = self.buffer.borrow_mut().take_into(out);
        if got == out.len() {
            return Ok(got);
        }
        match self.read_ahead(&Deadline::new(timeout)) {
            Ok(0) => Ok(got),
            Ok(_) => Ok(got + self.buffer.borrow_mut().take_into(&mut out[got..])),
            Err(_) if got > 0 => Ok(got),
            Err(e) => Err(e),
        }
    }

    /// Reads up to 64 KiB more into the buffer. The buffer is taken out while the read
    /// waits, so a second reader meets the one-reader rule, not a RefCell panic.
    fn read_ahead(&self, deadline: &Deadline) -> NetResult<usize> {
        self.read_ahead_up_to(READ_AHEAD, deadline)
    }

    /// [`Socket::read_ahead`] of up to `want` bytes.
    pub(super) fn read_ahead_up_to(&self, want: usize, deadline: &Deadline) -> NetResult<usize> {
        let mut buffer = self.buffer.take();
        let r = buffer.fill(want, |spare| self.read_below(spare, deadline));
        self.put_back(buffer);
        r
    }

    /// Puts a buffer taken out of the cell back; whatever reached the cell meanwhile
    /// was read after it, so it goes behind.
    pub(super) fn put_back(&self, buffer: ReadBuffer) {
        let mut slot = self.buffer.borrow_mut();
        let later = std::mem::replace(&mut *slot, buffer);
        slot.append(later);
    }

    /// Reads up to and including the next "\n" or "\r" (Swoole's line ends), at most
    /// `out.len()` bytes; at EOF, what is left. Surplus bytes stay buffered.
    pub fn recv_line(
        &self,
        out: &mut [MaybeUninit<u8>],
        timeout: Option<Duration>,
    ) -> NetResult<usize> {
        let deadline = Deadline::new(timeout);
        let mut scanned = 0;
        loop {
            {
                let mut buffer = self.buffer.borrow_mut();
                let pending = buffer.pending();
                let limit = pending.len().min(out.len());
                let from = scanned.min(limit);
                if let Some(i) = pending[from..limit]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                {
                    return Ok(buffer.take_into(&mut out[..from + i + 1]));
                }
                if pending.len() >= out.len() {
                    return Ok(buffer.take_into(out));
                }
                scanned = pending.len();
            }
            if self.read_ahead(&deadline)? == 0 {
                return Ok(self.buffer.borrow_mut().take_into(out));
            }
        }
    }
}
