//! How bytes cross the fd, under the read-ahead buffer: as they are (plain), or through
//! TLS. The one place that tells the two apart: [`super::Socket`] reads and writes
//! through its transport and never reaches the fd's reads and writes itself, so no
//! read can bypass TLS.

use std::cell::{OnceCell, RefCell};
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::RawFd;

use super::addr::RawAddr;
use super::buffer::{put_back, ReadBuffer, READ_AHEAD};
use super::deadline::Deadline;
use super::error::{NetError, NetResult};
use super::fd::FdSocket;
use super::tls::stream::Tls;

/// Plain until a TLS handshake starts, then TLS for good (a failed handshake leaves
/// the socket unusable rather than plain). The TLS session is boxed: a plain socket
/// pays one pointer, and telling the two apart is one test of it.
#[derive(Default)]
pub(super) struct Transport {
    tls: OnceCell<Box<Tls>>,
}

/// What a transport is, for one operation.
enum Kind<'a> {
    Plain,
    Tls(&'a Tls),
}

impl Transport {
    #[inline]
    fn kind(&self) -> Kind<'_> {
        match self.tls.get() {
            None => Kind::Plain,
            Some(tls) => Kind::Tls(tls),
        }
    }

    /// The TLS session, if TLS has started.
    pub(super) fn tls(&self) -> Option<&Tls> {
        self.tls.get().map(|t| &**t)
    }

    /// Switches to TLS for good (the caller checked it had not started yet).
    pub(super) fn start_tls(&self, tls: Tls) -> &Tls {
        self.tls.get_or_init(|| Box::new(tls))
    }

    /// Whether TLS is on (from the handshake's start until close).
    pub(super) fn is_tls(&self) -> bool {
        self.tls().is_some_and(Tls::is_on)
    }

    /// One read. Ok(0) is EOF.
    #[inline]
    pub(super) fn read(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match self.kind() {
            Kind::Plain => fd.read(buf, deadline),
            Kind::Tls(tls) => tls.read(fd, buf, deadline),
        }
    }

    /// One read for a caller that asked for `buf`'s size (recv, recvAll): a plain
    /// socket also reads past it, into `buffer`, so that a message of exactly that size
    /// still shows the socket drained (see [`FdSocket::read_spilling`]) and the next
    /// call costs no EAGAIN read.
    #[inline]
    pub(super) fn read_exact(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
        buffer: &RefCell<ReadBuffer>,
    ) -> NetResult<usize> {
        match self.kind() {
            // A short read of this much proves the drain by itself.
            Kind::Plain if buf.len() >= READ_AHEAD => fd.read(buf, deadline),
            Kind::Plain => fd.read_spilling(buf, deadline, |extra| buffer.borrow_mut().push(extra)),
            Kind::Tls(tls) => tls.read(fd, buf, deadline),
        }
    }

    /// One readv. Ok(0) is EOF.
    ///
    /// # Safety
    /// Each iovec must point to `iov_len` writable bytes that stay valid, and are not
    /// otherwise accessed, until this returns.
    pub(super) unsafe fn readv(
        &self,
        fd: &FdSocket,
        iov: &[libc::iovec],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match self.kind() {
            // SAFETY: passed on from the caller.
            Kind::Plain => unsafe { fd.readv(iov, deadline) },
            // SAFETY: passed on from the caller.
            Kind::Tls(tls) => unsafe { tls.readv(fd, iov, deadline) },
        }
    }

    /// What a read could take now, without consuming it or waiting: MSG_PEEK, or over
    /// TLS one SSL_read into `buffer`, where the bytes stay. `Os(EAGAIN)` if nothing is
    /// there, Ok(0) at EOF.
    pub(super) fn peek(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
        buffer: &RefCell<ReadBuffer>,
    ) -> NetResult<usize> {
        match self.kind() {
            Kind::Plain => fd.peek(buf),
            Kind::Tls(tls) => {
                let mut taken = buffer.take();
                let r = taken.fill(READ_AHEAD, |spare| tls.read_now(fd, spare));
                let n = taken.peek_into(buf);
                put_back(buffer, taken);
                r.map(|_| n)
            }
        }
    }

    /// One datagram (or stream read) with the sender's address.
    #[inline]
    pub(super) fn recvfrom(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
        from: &mut RawAddr,
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match self.kind() {
            Kind::Tls(tls) if fd.is_stream() => {
                let n = tls.read(fd, buf, deadline)?;
                *from = fd.peer_addr().map_or(RawAddr::empty(), |a| (&a).into());
                Ok(n)
            }
            _ => fd.recvfrom(buf, from, deadline),
        }
    }

    /// Whether bytes are there to read without the fd (OpenSSL holds some).
    pub(super) fn has_pending(&self) -> bool {
        match self.kind() {
            Kind::Plain => false,
            Kind::Tls(tls) => tls.has_pending(),
        }
    }

    /// One write, waiting for room; may write less than asked.
    #[inline]
    pub(super) fn write(
        &self,
        fd: &FdSocket,
        data: &[u8],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match self.kind() {
            Kind::Plain => fd.send_until(data, deadline),
            Kind::Tls(tls) => tls.write(fd, data, deadline),
        }
    }

    /// All of `data`, waiting as needed: the count, and the error that stopped it early.
    pub(super) fn send_all(
        &self,
        fd: &FdSocket,
        data: &[u8],
        deadline: &Deadline,
    ) -> (usize, Option<NetError>) {
        match self.kind() {
            Kind::Plain => fd.send_all(data, deadline),
            Kind::Tls(tls) => tls.send_all(fd, data, deadline),
        }
    }

    /// One gathered write, waiting for room; may write less than asked.
    pub(super) fn writev(
        &self,
        fd: &FdSocket,
        bufs: &[IoSlice<'_>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match self.kind() {
            Kind::Plain => fd.writev(bufs, deadline),
            Kind::Tls(tls) => tls.writev(fd, bufs, deadline),
        }
    }

    /// `length` bytes of `file` from `offset`: sendfile(2), or over TLS, reads of the
    /// file written through SSL_write (as Swoole).
    pub(super) fn sendfile(
        &self,
        fd: &FdSocket,
        file: RawFd,
        offset: i64,
        length: usize,
        deadline: &Deadline,
    ) -> (usize, Option<NetError>) {
        match self.kind() {
            Kind::Plain => fd.sendfile(file, offset, length, deadline),
            Kind::Tls(tls) => tls.sendfile(fd, file, offset, length, deadline),
        }
    }

    /// Before the write side closes: a close_notify over TLS (one attempt, no wait).
    pub(super) fn shutdown_write(&self) {
        if let Kind::Tls(tls) = self.kind() {
            tls.shutdown_write();
        }
    }

    /// Before the fd goes: over TLS, with `notify` one close_notify attempt (no wait),
    /// then the session is freed.
    pub(super) fn end(&self, fd: &FdSocket, notify: bool) {
        if let Kind::Tls(tls) = self.kind() {
            tls.end(fd, notify);
        }
    }
}
