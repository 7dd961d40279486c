//! A coroutine socket: the fd (the fd layer, `fd.rs`: owned or borrowed), the transport that
//! carries bytes over it (plain, or TLS: `transport.rs`), and above both the read-ahead
//! buffer, which `recvLine()`, `recvWithBuffer()` and `recvPacket()` fill and every read
//! serves first. The buffer holds plaintext, so every buffered read works unchanged
//! over TLS.

use std::cell::RefCell;
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::RawFd;

use super::addr::{RawAddr, SockAddr};
use super::buffer::{self, ReadBuffer, READ_AHEAD};
use super::deadline::Deadline;
use super::error::{NetError, NetResult, TlsError, TlsErrorKind};
use super::fd::FdSocket;
use super::tls::stream::Tls;
use super::tls::TlsContext;
use super::transport::Transport;
use crate::runtime::{self, Cid, Direction, Timeout};

/// A coroutine socket. Every method takes `&self`: several coroutines may hold the
/// socket while one of them waits in it (and another closes or cancels it).
pub struct Socket {
    fd: FdSocket,
    /// Plain or TLS: every read and write under the buffer goes through it.
    transport: Transport,
    /// Bytes read ahead and not handed out yet, served before the transport. Never
    /// borrowed across a wait (a refill takes it out of the cell; see `put_back`).
    pub(super) buffer: RefCell<ReadBuffer>,
}

impl Drop for Socket {
    fn drop(&mut self) {
        // A TLS close_notify goes before the fd layer closes the fd.
        self.close();
    }
}

impl From<FdSocket> for Socket {
    fn from(fd: FdSocket) -> Socket {
        Socket {
            fd,
            transport: Transport::default(),
            buffer: RefCell::new(ReadBuffer::default()),
        }
    }
}

impl Socket {
    /// `socket(2)`, non-blocking and close-on-exec, registered with the reactor.
    pub fn new(domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::new(domain, sock_type, protocol).map(Socket::from)
    }

    /// Takes ownership of an open fd from elsewhere (it may have duplicates): makes it
    /// non-blocking and close-on-exec and registers it. The fd is closed on failure.
    pub fn adopt(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::adopt(fd, domain, sock_type, protocol).map(Socket::from)
    }

    /// Uses an fd that stays someone else's (a PHP stream's): made non-blocking and
    /// registered, but never closed here; close() and drop only leave the reactor.
    /// Not closed on failure either.
    pub fn borrow(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<Socket> {
        FdSocket::borrow(fd, domain, sock_type, protocol).map(Socket::from)
    }

    /// Two connected sockets (`socketpair(2)`).
    pub fn pair(domain: i32, sock_type: i32, protocol: i32) -> NetResult<(Socket, Socket)> {
        FdSocket::pair(domain, sock_type, protocol).map(|(a, b)| (a.into(), b.into()))
    }

    /// The fd, -1 once closed.
    pub fn fd(&self) -> RawFd {
        self.fd.fd()
    }

    /// `AF_INET`, `AF_INET6` or `AF_UNIX` (as given to socket(2)).
    pub fn domain(&self) -> i32 {
        self.fd.domain
    }

    /// `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`... (as given to socket(2), flags kept).
    pub fn sock_type(&self) -> i32 {
        self.fd.sock_type
    }

    /// The protocol given to socket(2), 0 for the default.
    pub fn protocol(&self) -> i32 {
        self.fd.protocol
    }

    /// Whether close() has run.
    pub fn is_closed(&self) -> bool {
        self.fd.is_closed()
    }

    /// The coroutines parked on this socket (reading, writing; 0: none).
    pub fn waiters(&self) -> [crate::runtime::Cid; 2] {
        self.fd.waiters()
    }

    pub(crate) fn key(&self) -> NetResult<usize> {
        self.fd.key()
    }

    /// The coroutine waiting to read or write (0 if none).
    pub fn bound_cid(&self, dir: Direction) -> Cid {
        self.fd.bound_cid(dir)
    }

    /// Ends the wait of the coroutine waiting in `dir` with [`NetError::Cancelled`].
    pub fn cancel(&self, dir: Direction) -> bool {
        self.fd.cancel(dir)
    }

    /// `bind(2)`.
    pub fn bind(&self, addr: &SockAddr) -> NetResult<()> {
        self.fd.bind(addr)
    }

    /// `listen(2)`.
    pub fn listen(&self, backlog: i32) -> NetResult<()> {
        self.fd.listen(backlog)
    }

    /// Accepts a connection, waiting for one.
    pub fn accept(&self, timeout: impl Into<Timeout>) -> NetResult<Socket> {
        self.fd.accept(timeout).map(Socket::from)
    }

    /// Connects, waiting for the handshake.
    pub fn connect(&self, addr: &SockAddr, timeout: impl Into<Timeout>) -> NetResult<()> {
        self.fd.connect_until(addr, &Deadline::new(timeout))
    }

    /// [`Socket::connect`] against a deadline shared with the steps around it (the
    /// lookup before it, a proxy's or TLS handshake after it).
    pub fn connect_until(&self, addr: &SockAddr, deadline: &Deadline) -> NetResult<()> {
        self.fd.connect_until(addr, deadline)
    }

    /// Turns Nagle's algorithm off (TCP_NODELAY), unless it is known to be off already.
    pub fn set_nodelay(&self) -> NetResult<()> {
        self.fd.set_nodelay()
    }

    /// The bound address (`getsockname(2)`).
    pub fn local_addr(&self) -> NetResult<SockAddr> {
        self.fd.local_addr()
    }

    /// The connected peer's address (`getpeername(2)`).
    pub fn peer_addr(&self) -> NetResult<SockAddr> {
        self.fd.peer_addr()
    }

    /// getsockopt(2) into `out`; returns the length the kernel wrote.
    pub fn getsockopt(&self, level: i32, name: i32, out: &mut [u8]) -> NetResult<usize> {
        self.fd.getsockopt(level, name, out)
    }

    /// setsockopt(2) with the raw bytes of the value.
    pub fn setsockopt(&self, level: i32, name: i32, value: &[u8]) -> NetResult<()> {
        self.fd.setsockopt(level, name, value)
    }

    /// One `send(2)` (or with TLS on, one SSL_write), waiting for room; may write less
    /// than asked.
    pub fn send(&self, data: &[u8], timeout: impl Into<Timeout>) -> NetResult<usize> {
        self.send_until(data, &Deadline::new(timeout))
    }

    /// [`Socket::send`] against a deadline shared with other calls.
    pub fn send_until(&self, data: &[u8], deadline: &Deadline) -> NetResult<usize> {
        self.transport.write(&self.fd, data, deadline)
    }

    /// Sends all of `data`, waiting as needed. Returns the count and the error that
    /// stopped it early, if any.
    pub fn send_all(&self, data: &[u8], timeout: impl Into<Timeout>) -> (usize, Option<NetError>) {
        self.transport
            .send_all(&self.fd, data, &Deadline::new(timeout))
    }

    /// One `writev(2)` (with TLS on, one SSL_write of the gathered vectors), waiting for
    /// room; may write less than asked.
    pub fn writev(&self, bufs: &[IoSlice<'_>], deadline: &Deadline) -> NetResult<usize> {
        self.transport.writev(&self.fd, bufs, deadline)
    }

    /// Sends `length` bytes of `file` from `offset`: sendfile(2), or with TLS on, reads
    /// of the file written through SSL_write (as Swoole). Less than `length` when the
    /// file ended first.
    pub fn sendfile(
        &self,
        file: RawFd,
        offset: i64,
        length: usize,
        timeout: impl Into<Timeout>,
    ) -> (usize, Option<NetError>) {
        self.transport
            .sendfile(&self.fd, file, offset, length, &Deadline::new(timeout))
    }

    /// Sends one datagram to `addr`, waiting for room within `timeout` (datagrams never
    /// run TLS: see the fd layer's `sendto`).
    pub fn sendto(
        &self,
        data: &[u8],
        addr: &SockAddr,
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        self.fd.sendto(data, &addr.into(), timeout)
    }

    /// [`Socket::sendto`] to an address already in the kernel's form.
    pub fn sendto_raw(
        &self,
        data: &[u8],
        addr: &RawAddr,
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        self.fd.sendto(data, addr, timeout)
    }

    /// `shutdown(2)`; with TLS on, a close_notify goes first when the write side closes
    /// (one attempt, never waiting).
    pub fn shutdown(&self, how: i32) -> NetResult<()> {
        if how != libc::SHUT_RD {
            self.fd.key()?;
            self.transport.shutdown_write();
        }
        self.fd.shutdown(how)
    }

    /// Closes the socket. It is marked closed first, then coroutines waiting on it wake
    /// with [`NetError::Closed`] (a retry sees EBADF), then the fd goes (a borrowed fd
    /// only leaves the reactor): no coroutine ever touches a reused fd. With TLS on, one
    /// close_notify attempt first (never waiting), and the TLS session is freed.
    pub fn close(&self) -> bool {
        self.transport.end(&self.fd, true);
        self.fd.close()
    }

    /// Closes a connection so that its peer reads EOF after what was sent, even with
    /// input left unread here (the fd layer's `close_connection`); with TLS on, one
    /// close_notify attempt first.
    pub fn close_connection(&self) -> bool {
        self.transport.end(&self.fd, true);
        self.fd.close_connection()
    }

    /// Lets go of the socket without touching the runtime, whose reactor no longer
    /// knows it (see [`crate::runtime::Runtime::epoch`]); a TLS session is freed
    /// without a word. Returns the fd if it was owned here: the caller closes it or
    /// adopts it again.
    pub fn abandon(&self) -> Option<RawFd> {
        self.transport.end(&self.fd, false);
        self.fd.abandon()
    }

    /// Forgets a borrowed fd its owner already closed: no epoll call (the number may
    /// already name another file) and no close; a TLS session is freed without a word.
    pub fn forget(&self) -> bool {
        self.transport.end(&self.fd, false);
        self.fd.forget()
    }

    /// Starts TLS on a connected stream socket and runs the handshake, as a client or
    /// a server as `ctx` says (Swoole's `sslHandshake()`, and the end of `connect()` with
    /// `open_ssl`). `peer_name` is the host the caller connected to: the SNI name when
    /// the context has no `host_name` (it is never checked against the certificate:
    /// only `host_name` is, as in Swoole). `deadline` bounds the whole handshake; the
    /// caller may share it with the DNS lookup and connect before.
    ///
    /// Works on a socket that has exchanged plaintext already (STARTTLS): bytes read
    /// ahead are handed to OpenSSL first. On failure the socket stays in TLS mode and
    /// every read and write fails with [`TlsErrorKind::NotReady`] (no plaintext can
    /// leak onto a connection meant to be encrypted); close it.
    ///
    /// Errors: [`NetError::Tls`] with the reason (verification, a non-TLS peer, a reset),
    /// `Timeout`, `Cancelled` (`cancel(Read)`), `Closed`, `Bound` if another coroutine
    /// reads or writes the socket, `Tls(WrongOperation)` if TLS is already on.
    pub fn tls_handshake(
        &self,
        ctx: &TlsContext,
        peer_name: Option<&str>,
        deadline: &Deadline,
    ) -> NetResult<()> {
        self.fd.key()?;
        // A session once started stays (a closed socket already failed above).
        if self.transport.tls().is_some() {
            return Err(NetError::Tls(TlsError::new(
                TlsErrorKind::WrongOperation,
                "TLS is already on",
            )));
        }
        let me = runtime::current_cid();
        for dir in [Direction::Read, Direction::Write] {
            match self.bound_cid(dir) {
                0 => {}
                cid if cid == me => {}
                cid => return Err(NetError::Bound(cid)),
            }
        }
        let prefix = std::mem::take(&mut *self.buffer.borrow_mut());
        let tls = self
            .transport
            .start_tls(Tls::new(&self.fd, ctx, peer_name, prefix)?);
        tls.handshake(&self.fd, deadline)
    }

    /// Whether TLS is on (from the handshake's start until close).
    pub fn is_tls(&self) -> bool {
        self.transport.is_tls()
    }

    /// The negotiated protocol ("TLSv1.3"...), once the handshake is done.
    pub fn tls_version(&self) -> Option<&'static str> {
        self.transport.tls()?.version()
    }

    /// The negotiated cipher's name, secret bits and version, once the handshake is done.
    pub fn tls_cipher(&self) -> Option<(&'static str, i32, &'static str)> {
        self.transport.tls()?.cipher()
    }

    /// The peer's certificate as PEM (Swoole's `getPeerCert()`), if it sent one.
    pub fn tls_peer_certificate(&self) -> Option<Vec<u8>> {
        self.transport.tls()?.peer_certificate()
    }

    /// OpenSSL's verdict on the peer's certificate chain (`X509_V_OK` is 0), once the
    /// handshake is done (Swoole's `verifyPeerCert()`).
    pub fn tls_verify_result(&self) -> Option<i32> {
        self.transport.tls()?.verify_result()
    }

    /// Whether the peer's certificate is for `name` (a DNS name as X509_check_host()
    /// matches it, or an IP literal), once the handshake is done.
    pub fn tls_peer_has_name(&self, name: &str) -> bool {
        self.transport.tls().is_some_and(|t| t.peer_has_name(name))
    }

    /// Whether the peer's close_notify has come (a clean TLS close, not a bare EOF).
    pub fn tls_peer_closed(&self) -> bool {
        self.transport.tls().is_some_and(Tls::peer_closed)
    }
}

impl Socket {
    /// One read: buffered bytes if there are any, else one `recv(2)`, waiting for data.
    /// Ok(0) is EOF.
    pub fn recv(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        {
            let mut b = self.buffer.borrow_mut();
            if !b.is_empty() {
                return Ok(b.take_into(buf));
            }
        }
        self.read_below_exact(buf, &Deadline::new(timeout))
    }

    /// One read that never waits: buffered bytes if there are any, else one
    /// non-blocking `recv(2)` (with TLS on, what OpenSSL can give now). EAGAIN
    /// (as [`NetError::Os`]) when there is nothing; Ok(0) is EOF.
    pub fn recv_now(&self, buf: &mut [MaybeUninit<u8>]) -> NetResult<usize> {
        {
            let mut b = self.buffer.borrow_mut();
            if !b.is_empty() {
                return Ok(b.take_into(buf));
            }
        }
        match self.transport.tls() {
            Some(tls) => tls.read_now(&self.fd, buf),
            None => self.fd.read_now(buf, 0),
        }
    }

    /// One read under the buffer for a caller that asked for `buf`'s size (recv,
    /// recvAll): see [`Transport::read_exact`].
    #[inline]
    fn read_below_exact(
        &self,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        self.transport
            .read_exact(&self.fd, buf, deadline, &self.buffer)
    }

    /// What is there, without consuming it or waiting: buffered bytes, else MSG_PEEK.
    pub fn peek(&self, buf: &mut [MaybeUninit<u8>]) -> NetResult<usize> {
        self.fd.key()?;
        let n = self.buffer.borrow().peek_into(buf);
        if n > 0 {
            return Ok(n);
        }
        self.transport.peek(&self.fd, buf, &self.buffer)
    }

    /// Fills `buf`, waiting as needed, until it is full, the peer closes, or an error or
    /// the deadline ends it. Returns the count and what ended it early, if anything.
    pub fn recv_all(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: impl Into<Timeout>,
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
        // SAFETY: passed on from the caller.
        unsafe { self.transport.readv(&self.fd, iov, deadline) }
    }

    /// One datagram (or stream read) with the sender's address, waiting for it; a
    /// stream's buffered bytes come first (they came from the peer).
    pub fn recvfrom(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: impl Into<Timeout>,
    ) -> NetResult<(usize, Option<SockAddr>)> {
        let mut from = RawAddr::empty();
        let n = self.recvfrom_raw(buf, &mut from, timeout)?;
        Ok((n, from.to_sockaddr()))
    }

    /// [`Socket::recvfrom`] with the sender's address as the kernel wrote it, into
    /// `from` (empty when there is none): read in place, without converting, or
    /// allocating for a Unix path.
    pub fn recvfrom_raw(
        &self,
        buf: &mut [MaybeUninit<u8>],
        from: &mut RawAddr,
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        if self.fd.is_stream() {
            let n = self.buffer.borrow_mut().take_into(buf);
            if n > 0 {
                *from = self.peer_addr().map_or(RawAddr::empty(), |a| (&a).into());
                return Ok(n);
            }
        }
        self.transport
            .recvfrom(&self.fd, buf, from, &Deadline::new(timeout))
    }

    /// Whether the connection still looks alive: buffered bytes count as something to
    /// read; else no EOF and no error, without waiting.
    pub fn check_liveness(&self) -> NetResult<()> {
        self.fd.key()?;
        if !self.buffer.borrow().is_empty() || self.transport.has_pending() {
            return Ok(());
        }
        self.fd.check_liveness()
    }

    /// Reads through the read-ahead buffer (Swoole's `recv_with_buffer`): what is
    /// buffered first; if that is less than `out.len()`, one more read (up to 64 KiB,
    /// waiting if need be) tops it up. Ok(0) only at EOF with nothing buffered.
    pub fn recv_with_buffer(
        &self,
        out: &mut [MaybeUninit<u8>],
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        self.fd.key()?;
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
        let r = buffer.fill(want, |spare| self.transport.read(&self.fd, spare, deadline));
        self.put_back(buffer);
        r
    }

    /// Puts a buffer taken out of the cell back; whatever reached the cell meanwhile
    /// was read after it, so it goes behind.
    pub(super) fn put_back(&self, buffer: ReadBuffer) {
        buffer::put_back(&self.buffer, buffer);
    }

    /// Reads up to and including the next "\n" or "\r" (Swoole's line ends), at most
    /// `out.len()` bytes; at EOF, what is left. Surplus bytes stay buffered.
    pub fn recv_line(
        &self,
        out: &mut [MaybeUninit<u8>],
        timeout: impl Into<Timeout>,
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
