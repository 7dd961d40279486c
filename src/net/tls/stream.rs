//! The TLS transport: OpenSSL over the socket's non-blocking fd, under the read-ahead
//! buffer, so the buffer holds plaintext and every buffered read (lines, packets,
//! `recv_with_buffer`, peek) works unchanged on top.
//!
//! OpenSSL talks to the fd through [`RawIo`], a `Read + Write` adaptor doing one
//! `recv(2)` or `send(2)` (MSG_NOSIGNAL: a reset peer is never SIGPIPE) per call and
//! saying `WouldBlock` on EAGAIN, so every SSL call returns at once. An operation runs
//! its SSL call, and on WANT_READ / WANT_WRITE parks on that readiness through the same
//! reactor registration as a plain socket (no epoll_ctl per operation), then retries.
//!
//! Invariants:
//! - **No RefCell borrow across a park.** The session is borrowed around each SSL call
//!   only; calls never block and never yield.
//! - **Parking is always safe.** A coroutine parks only when the fd itself said EAGAIN
//!   in the direction it waits for ([`RawIo`] records it), or, for a read, when the fd
//!   is known drained *and* OpenSSL holds no byte (`SSL_has_pending`: decrypted or
//!   read ahead). "A short read means drained" is about the raw fd, never about
//!   SSL_read's result.
//! - **One reader and one writer, as on a plain socket.** A coroutine parks in the
//!   waiter slot of the operation it performs (read, or the handshake: Read; write:
//!   Write), whatever readiness OpenSSL asks for: an SSL_read that must write first
//!   waits in the Read slot for writability (`Runtime::wait_fd_for`). So OpenSSL's
//!   needs never count as a second reader or writer, and `cancel(Read)` cancels a read
//!   whatever it waits on.
//! - **No lost wake-up between the two.** Both share one SSL object: when an operation
//!   of one side reads raw bytes that the other side's parked coroutine was waiting for
//!   (a read that consumed a renegotiation message, a write that read records ahead),
//!   it wakes that coroutine, which retries.

use std::cell::RefCell;
use std::ffi::c_void;
use std::io::{self, IoSlice, Read, Write};
use std::mem::MaybeUninit;
use std::net::IpAddr;
use std::os::fd::RawFd;
use std::ptr;

use foreign_types::ForeignTypeRef;
use openssl::error::ErrorStack;
use openssl::ssl::{self, ErrorCode, ShutdownState, Ssl, SslStream};
use openssl::x509::X509VerifyResult;

use super::{sni_name, TlsContext, TlsError, TlsErrorKind};
use crate::net::buffer::{uninit, ReadBuffer, READ_AHEAD};
use crate::net::deadline::Deadline;
use crate::net::error::{wait_outcome, NetError, NetResult};
use crate::net::fd::FdSocket;
use crate::runtime::{self, Direction, Wake};

extern "C" {
    /// Whether `ssl` holds bytes an SSL_read could use without the fd, decrypted or
    /// read ahead (OpenSSL ≥ 1.1.0; the crate does not wrap it).
    fn SSL_has_pending(ssl: *const c_void) -> libc::c_int;
    /// 1 when certificate `x` is for host name `chk` (its DNS names, wildcards
    /// included; the subject's CN when it has none): what Swoole checks.
    fn X509_check_host(
        x: *mut c_void,
        chk: *const libc::c_char,
        chklen: usize,
        flags: libc::c_uint,
        peername: *mut *mut libc::c_char,
    ) -> libc::c_int;
    /// 1 when certificate `x` names IP address `chk` (4 or 16 bytes).
    fn X509_check_ip(
        x: *mut c_void,
        chk: *const u8,
        chklen: usize,
        flags: libc::c_uint,
    ) -> libc::c_int;
}

/// `SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE`: a server that requires a client
/// certificate got none.
const NO_PEER_CERTIFICATE: i32 = 199;

/// How many times an SSL call may ask to wait without the fd having said EAGAIN before
/// the operation parks anyway (never seen with AUTO_RETRY; a guard against spinning).
const RETRIES_WITHOUT_EAGAIN: u32 = 8;

/// OpenSSL's view of the fd: one syscall per call, and what the syscalls said.
pub(crate) struct RawIo {
    fd: RawFd,
    /// Raw bytes read as plaintext before the handshake began (a STARTTLS peer's first
    /// TLS bytes, read ahead with its last plaintext line): OpenSSL gets them first.
    prefix: ReadBuffer,
    /// A recv said EAGAIN during the current SSL call.
    read_blocked: bool,
    /// The fd has nothing more to read now: a recv said EAGAIN or came back short.
    drained: bool,
    /// A recv brought bytes during the current SSL call.
    did_read: bool,
    /// A send said EAGAIN during the current SSL call.
    write_blocked: bool,
}

impl RawIo {
    fn new(fd: RawFd, prefix: ReadBuffer) -> RawIo {
        RawIo {
            fd,
            prefix,
            read_blocked: false,
            drained: false,
            did_read: false,
            write_blocked: false,
        }
    }

    fn reset(&mut self) {
        self.read_blocked = false;
        self.drained = false;
        self.did_read = false;
        self.write_blocked = false;
    }
}

impl Read for RawIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.prefix.is_empty() {
            return Ok(self.prefix.take_into(uninit(buf)));
        }
        loop {
            // SAFETY: `buf` is valid for writes of its length.
            let n = unsafe { libc::recv(self.fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
            if n >= 0 {
                let n = n as usize;
                if n > 0 {
                    self.did_read = true;
                    self.drained = n < buf.len();
                }
                return Ok(n);
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EAGAIN) => {
                    self.read_blocked = true;
                    self.drained = true;
                    return Err(io::ErrorKind::WouldBlock.into());
                }
                _ => return Err(e),
            }
        }
    }
}

impl Write for RawIo {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        loop {
            // SAFETY: `buf` is valid for reads of its length.
            let n =
                unsafe { libc::send(self.fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
            if n >= 0 {
                return Ok(n as usize);
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EAGAIN) => {
                    self.write_blocked = true;
                    return Err(io::ErrorKind::WouldBlock.into());
                }
                _ => return Err(e),
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Handshaking,
    Ready,
    Failed,
}

/// A socket's TLS session (the SSL object and its adaptor), from the handshake's
/// start to close. Dropping it frees the SSL object.
pub(crate) struct TlsState {
    stream: SslStream<RawIo>,
    phase: Phase,
    server: bool,
    verify_peer: bool,
    /// An SSL_write stopped inside a record: its retry must come before anything else.
    mid_record: bool,
    /// ...and it never will (the write timed out or was cancelled): the stream is out
    /// of step for writing.
    write_broken: bool,
    /// The fork generation (`runtime::fork_generation`) of the process that made the
    /// session or last used it. Another one is a forked child holding a copy of its
    /// parent's session: its keys and sequence numbers are the parent's, so a
    /// close_notify from it would end the parent's connection.
    owner: u32,
    /// A read met the end of the peer's data (close_notify or a bare EOF): from then on
    /// every write fails.
    peer_closed: bool,
}

impl TlsState {
    fn io(&mut self) -> &mut RawIo {
        self.stream.get_mut()
    }

    fn has_pending(&self) -> bool {
        // SAFETY: the pointer is the live SSL object `stream` owns; the call only reads it.
        unsafe { SSL_has_pending(self.stream.ssl().as_ptr().cast()) > 0 }
    }

    fn not_ready(&self) -> TlsError {
        let reason = match self.phase {
            Phase::Handshaking => "the TLS handshake is in progress",
            _ => "the TLS handshake failed",
        };
        TlsError::new(TlsErrorKind::NotReady, reason)
    }

    /// What a failed handshake reports.
    fn handshake_error(&self, e: &ssl::Error) -> TlsError {
        let first = e.ssl_error().and_then(|s| s.errors().first());
        let reason = first.and_then(|x| x.reason()).unwrap_or("");
        let code = first.map_or(0, |x| x.code());
        let verify = self.stream.ssl().verify_result();
        if self.verify_peer && verify != X509VerifyResult::OK {
            return TlsError {
                verify: verify.as_raw(),
                code,
                ..TlsError::new(TlsErrorKind::VerifyFailed, reason)
            };
        }
        if self.verify_peer
            && self.server
            && first.is_some_and(|x| x.reason_code() == NO_PEER_CERTIFICATE)
        {
            return TlsError::new(TlsErrorKind::VerifyFailed, reason);
        }
        let closed = "the peer closed the connection during the TLS handshake";
        // A client's handshake fails with one code whatever the cause, as Swoole's
        // connect() (the reason tells them apart).
        let (gone, bad) = if self.server {
            (TlsErrorKind::Reset, TlsErrorKind::BadClient)
        } else {
            (TlsErrorKind::HandshakeFailed, TlsErrorKind::HandshakeFailed)
        };
        match e.code() {
            ErrorCode::ZERO_RETURN => TlsError::new(gone, closed),
            ErrorCode::SYSCALL => match e.io_error() {
                Some(io) => TlsError::io(gone, io),
                None => TlsError::new(gone, closed),
            },
            _ => TlsError {
                code,
                ..TlsError::new(bad, reason)
            },
        }
    }

    /// One SSL_read, noting the end of the peer's data.
    fn read(&mut self, buf: &mut [MaybeUninit<u8>]) -> Step<usize> {
        let step = read_step(self.stream.ssl_read_uninit(buf));
        if matches!(step, Step::Done(0)) && !buf.is_empty() {
            self.peer_closed = true;
        }
        step
    }

    /// One close_notify attempt; never waits (the adaptor never blocks).
    fn close_notify(&mut self) {
        clear_errors();
        self.io().reset();
        let _ = self.stream.shutdown();
        clear_errors();
    }
}

/// Empties this thread's OpenSSL error queue, so that SSL_get_error judges the next
/// call alone (another library may have left errors there).
fn clear_errors() {
    drop(ErrorStack::get());
}

/// What one SSL call came to.
enum Step<T> {
    Done(T),
    /// Must wait for this readiness, then call again.
    Want(Direction),
    Fail(NetError),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Write,
    Handshake,
}

/// An SSL_read's result as a read's: EOF for close_notify or a bare close.
fn read_step(r: Result<usize, ssl::Error>) -> Step<usize> {
    let e = match r {
        Ok(n) => return Step::Done(n),
        Err(e) => e,
    };
    match e.code() {
        ErrorCode::WANT_READ => Step::Want(Direction::Read),
        ErrorCode::WANT_WRITE => Step::Want(Direction::Write),
        ErrorCode::ZERO_RETURN => Step::Done(0),
        ErrorCode::SYSCALL => match e.io_error() {
            Some(io) => Step::Fail(NetError::Os(io.raw_os_error().unwrap_or(libc::EIO))),
            None => Step::Done(0),
        },
        _ => Step::Fail(NetError::Tls(data_error(&e))),
    }
}

/// A bad record or alert in the data phase (Swoole: "SSL bad client", both sides).
fn data_error(e: &ssl::Error) -> TlsError {
    let reason = e
        .ssl_error()
        .and_then(|s| s.errors().first())
        .and_then(|x| x.reason())
        .unwrap_or("");
    TlsError::new(TlsErrorKind::BadClient, reason)
}

/// A socket's TLS transport: the session, from the handshake's start until close (then
/// None). Borrowed only around each (non-blocking) OpenSSL call, never across a wait.
pub(in crate::net) struct Tls {
    state: RefCell<Option<TlsState>>,
}

impl Tls {
    /// Starts a session over `fd` (connected, no other coroutine waiting in it) as a
    /// client or a server as `ctx` says, with `prefix` (bytes read ahead as plaintext)
    /// handed to OpenSSL first; [`Tls::handshake`] runs the handshake.
    pub(in crate::net) fn new(
        fd: &FdSocket,
        ctx: &TlsContext,
        peer_name: Option<&str>,
        prefix: ReadBuffer,
    ) -> NetResult<Tls> {
        let ssl = new_ssl(ctx, peer_name).map_err(NetError::Tls)?;
        let stream = SslStream::new(ssl, RawIo::new(fd.fd(), prefix)).map_err(|e| {
            NetError::Tls(TlsError::from_stack(TlsErrorKind::CreateSessionFailed, &e))
        })?;
        Ok(Tls {
            state: RefCell::new(Some(TlsState {
                stream,
                phase: Phase::Handshaking,
                server: ctx.server,
                verify_peer: ctx.verify_peer,
                mid_record: false,
                write_broken: false,
                owner: runtime::fork_generation(),
                peer_closed: false,
            })),
        })
    }

    /// Runs the handshake; on failure the session stays, failed: every read and write
    /// fails with [`TlsErrorKind::NotReady`].
    pub(in crate::net) fn handshake(&self, fd: &FdSocket, deadline: &Deadline) -> NetResult<()> {
        let r = self.io(fd, Op::Handshake, deadline, true, |st| {
            match st.stream.do_handshake() {
                Ok(()) => Step::Done(()),
                Err(e) => match e.code() {
                    ErrorCode::WANT_READ => Step::Want(Direction::Read),
                    ErrorCode::WANT_WRITE => Step::Want(Direction::Write),
                    _ => Step::Fail(NetError::Tls(st.handshake_error(&e))),
                },
            }
        });
        if let Some(st) = self.state.borrow_mut().as_mut() {
            st.phase = if r.is_ok() {
                Phase::Ready
            } else {
                Phase::Failed
            };
        }
        r
    }

    /// Whether the session is there (from the handshake's start until close).
    pub(in crate::net) fn is_on(&self) -> bool {
        self.state.borrow().is_some()
    }

    /// The negotiated protocol ("TLSv1.3"...), once the handshake is done.
    pub(in crate::net) fn version(&self) -> Option<&'static str> {
        let tls = self.state.borrow();
        tls.as_ref()
            .filter(|st| st.phase == Phase::Ready)
            .map(|st| st.stream.ssl().version_str())
    }

    /// The negotiated cipher: its name, secret bits and protocol version (PHP's
    /// `crypto` meta data), once the handshake is done.
    pub(in crate::net) fn cipher(&self) -> Option<(&'static str, i32, &'static str)> {
        let tls = self.state.borrow();
        let st = tls.as_ref().filter(|st| st.phase == Phase::Ready)?;
        let c = st.stream.ssl().current_cipher()?;
        Some((c.name(), c.bits().secret, c.version()))
    }

    /// The peer's certificate as PEM (Swoole's `getPeerCert()`), if it sent one.
    pub(in crate::net) fn peer_certificate(&self) -> Option<Vec<u8>> {
        let tls = self.state.borrow();
        tls.as_ref()?.stream.ssl().peer_certificate()?.to_pem().ok()
    }

    /// OpenSSL's verdict on the peer's certificate chain (an `X509_V_*` code; computed
    /// whether or not the handshake required it).
    pub(in crate::net) fn verify_result(&self) -> Option<i32> {
        let tls = self.state.borrow();
        Some(tls.as_ref()?.stream.ssl().verify_result().as_raw())
    }

    /// Whether the peer's certificate is for `name` (Swoole's `verifyPeerCert()` with
    /// `ssl_host_name`: OpenSSL's X509_check_host()); an IP literal is matched against
    /// the certificate's IP addresses, as the handshake's verification matches it.
    pub(in crate::net) fn peer_has_name(&self, name: &str) -> bool {
        if name.is_empty() {
            // (X509_check_host() would take a length of 0 as "call strlen()".)
            return false;
        }
        let tls = self.state.borrow();
        let Some(cert) = tls
            .as_ref()
            .and_then(|st| st.stream.ssl().peer_certificate())
        else {
            return false;
        };
        let x = ForeignTypeRef::as_ptr(&*cert).cast();
        let ip = name.parse::<IpAddr>().ok().map(|ip| match ip {
            IpAddr::V4(a) => a.octets().to_vec(),
            IpAddr::V6(a) => a.octets().to_vec(),
        });
        // SAFETY: `x` is the certificate `cert` holds a reference to for the call; both
        // calls only read it and the name's bytes, whose (non-zero) length they get.
        let r = unsafe {
            match &ip {
                Some(a) => X509_check_ip(x, a.as_ptr(), a.len(), 0),
                None => X509_check_host(x, name.as_ptr().cast(), name.len(), 0, ptr::null_mut()),
            }
        };
        r == 1
    }

    /// Whether the peer's close_notify has come (a clean TLS close, not a bare EOF).
    pub(in crate::net) fn peer_closed(&self) -> bool {
        let mut tls = self.state.borrow_mut();
        tls.as_mut()
            .is_some_and(|st| st.stream.get_shutdown().contains(ShutdownState::RECEIVED))
    }

    /// Whether OpenSSL holds bytes a read could take without the fd.
    pub(in crate::net) fn has_pending(&self) -> bool {
        self.state
            .borrow()
            .as_ref()
            .is_some_and(|st| st.has_pending())
    }

    /// One SSL_read, waiting as needed. Ok(0) is EOF (close_notify or a bare close).
    pub(in crate::net) fn read(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        self.io(fd, Op::Read, deadline, true, |st| st.read(buf))
    }

    /// [`Tls::read`] that never waits: `Os(EAGAIN)` when it would.
    pub(in crate::net) fn read_now(
        &self,
        fd: &FdSocket,
        buf: &mut [MaybeUninit<u8>],
    ) -> NetResult<usize> {
        self.io(fd, Op::Read, &Deadline::new(None), false, |st| st.read(buf))
    }

    /// readv over TLS: the first vector waits for data; the next ones take what is
    /// already there, without waiting, as long as each one fills.
    ///
    /// # Safety
    /// Each iovec must point to `iov_len` writable bytes that stay valid, and are not
    /// otherwise accessed, until this returns.
    pub(in crate::net) unsafe fn readv(
        &self,
        fd: &FdSocket,
        iov: &[libc::iovec],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        let mut total = 0;
        for v in iov.iter().filter(|v| v.iov_len > 0) {
            // SAFETY: the caller vouches that each iovec is valid, writable and unaliased.
            let dst = unsafe {
                std::slice::from_raw_parts_mut(v.iov_base.cast::<MaybeUninit<u8>>(), v.iov_len)
            };
            let r = if total == 0 {
                self.read(fd, dst, deadline)
            } else {
                self.read_now(fd, dst)
            };
            match r {
                Ok(n) => {
                    total += n;
                    if n < v.iov_len {
                        break;
                    }
                }
                Err(e) if total == 0 => return Err(e),
                // What was read is returned; the error comes again on the next call.
                Err(_) => break,
            }
        }
        Ok(total)
    }

    /// One SSL_write (partial: it returns once some records are out), waiting for room.
    pub(in crate::net) fn write(
        &self,
        fd: &FdSocket,
        data: &[u8],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        let r = self.io(fd, Op::Write, deadline, true, |st| {
            if st.write_broken {
                let reason = "a write that timed out left a TLS record half-sent";
                return Step::Fail(NetError::Tls(TlsError::new(
                    TlsErrorKind::BadProtocol,
                    reason,
                )));
            }
            if st.peer_closed {
                // The peer reads no more: a record written now would be lost, and the
                // peer would answer with a reset. Fail at once, as Swoole does.
                let reason = "the peer closed the TLS session";
                return Step::Fail(NetError::Tls(TlsError::new(TlsErrorKind::Reset, reason)));
            }
            let e = match st.stream.ssl_write(data) {
                Ok(n) => {
                    st.mid_record = false;
                    return Step::Done(n);
                }
                Err(e) => e,
            };
            match e.code() {
                ErrorCode::WANT_WRITE => {
                    st.mid_record = true;
                    Step::Want(Direction::Write)
                }
                ErrorCode::WANT_READ => {
                    st.mid_record = true;
                    Step::Want(Direction::Read)
                }
                ErrorCode::SYSCALL => {
                    let os = e
                        .io_error()
                        .and_then(|io| io.raw_os_error())
                        .unwrap_or(libc::EPIPE);
                    Step::Fail(NetError::Tls(TlsError {
                        os,
                        ..TlsError::new(TlsErrorKind::Reset, "")
                    }))
                }
                _ => Step::Fail(NetError::Tls(data_error(&e))),
            }
        });
        if matches!(r, Err(NetError::Timeout | NetError::Cancelled)) {
            // The record's retry (same bytes) will not come: anything written next
            // would be spliced onto it.
            if let Some(st) = self.state.borrow_mut().as_mut() {
                st.write_broken |= st.mid_record;
            }
        }
        r
    }

    /// All of `data` over TLS, waiting as needed.
    pub(in crate::net) fn send_all(
        &self,
        fd: &FdSocket,
        data: &[u8],
        deadline: &Deadline,
    ) -> (usize, Option<NetError>) {
        let mut sent = 0;
        while sent < data.len() {
            match self.write(fd, &data[sent..], deadline) {
                Ok(n) => sent += n,
                Err(e) => return (sent, Some(e)),
            }
        }
        (sent, None)
    }

    /// writev over TLS: up to 64 KiB of the vectors gathered into one SSL_write, so
    /// that small pieces share records instead of making one each.
    pub(in crate::net) fn writev(
        &self,
        fd: &FdSocket,
        bufs: &[IoSlice<'_>],
        deadline: &Deadline,
    ) -> NetResult<usize> {
        match bufs.iter().filter(|b| !b.is_empty()).count() {
            0 => return Ok(0),
            1 => {
                return self.write(
                    fd,
                    bufs.iter().find(|b| !b.is_empty()).map_or(&[], |b| &b[..]),
                    deadline,
                )
            }
            _ => {}
        }
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        let mut gathered = Vec::with_capacity(total.min(READ_AHEAD));
        for b in bufs {
            let room = READ_AHEAD - gathered.len();
            gathered.extend_from_slice(&b[..b.len().min(room)]);
            if gathered.len() == READ_AHEAD {
                break;
            }
        }
        self.write(fd, &gathered, deadline)
    }

    /// sendfile over TLS, as Swoole does it: the file is read (pread) in 64 KiB chunks
    /// and each is written through SSL_write; the count is of file bytes sent.
    pub(in crate::net) fn sendfile(
        &self,
        fd: &FdSocket,
        file: RawFd,
        mut offset: i64,
        length: usize,
        deadline: &Deadline,
    ) -> (usize, Option<NetError>) {
        let mut chunk = vec![0u8; length.min(READ_AHEAD)];
        let mut sent = 0;
        while sent < length {
            let want = (length - sent).min(chunk.len());
            // SAFETY: `chunk` is valid for writes of `want` bytes.
            let n = unsafe { libc::pread(file, chunk.as_mut_ptr().cast(), want, offset) };
            if n < 0 {
                let e = io::Error::last_os_error()
                    .raw_os_error()
                    .unwrap_or(libc::EIO);
                if e == libc::EINTR {
                    continue;
                }
                return (sent, Some(NetError::Os(e)));
            }
            if n == 0 {
                break; // the file ended early
            }
            let (w, err) = self.send_all(fd, &chunk[..n as usize], deadline);
            sent += w;
            offset += w as i64;
            if err.is_some() {
                return (sent, err);
            }
        }
        (sent, None)
    }

    /// Ends TLS: with `notify`, one close_notify attempt (never waiting), if the
    /// handshake had finished and the session is this process's; then the session is
    /// freed. The fd stays as it is.
    ///
    /// A forked child that never used a session it inherited says nothing: its
    /// close_notify would carry the parent's keys and sequence number, and the peer
    /// would end the parent's connection.
    pub(in crate::net) fn end(&self, fd: &FdSocket, notify: bool) {
        let state = self.state.borrow_mut().take();
        if let Some(mut st) = state {
            if notify
                && st.phase == Phase::Ready
                && !fd.is_closed()
                && st.owner == runtime::fork_generation()
            {
                st.close_notify();
            }
        }
    }

    /// `shutdown()`'s TLS part: a close_notify before the write side closes. Asked for
    /// explicitly, it goes out in a forked child too (which takes the session over).
    pub(in crate::net) fn shutdown_write(&self) {
        if let Some(st) = self.state.borrow_mut().as_mut() {
            st.owner = runtime::fork_generation();
            if st.phase == Phase::Ready {
                st.close_notify();
            }
        }
    }

    /// Runs one SSL call until it completes, parking the coroutine while OpenSSL waits
    /// for the fd (see the module's invariants). `may_wait` false: `Os(EAGAIN)` instead
    /// of a park.
    fn io<T>(
        &self,
        fd: &FdSocket,
        op: Op,
        deadline: &Deadline,
        may_wait: bool,
        mut call: impl FnMut(&mut TlsState) -> Step<T>,
    ) -> NetResult<T> {
        let key = fd.key()?;
        let slot = if op == Op::Write {
            Direction::Write
        } else {
            Direction::Read
        };
        runtime::with(|rt| {
            let me = rt.current_cid();
            let mut retries = 0;
            loop {
                let (waiter, readable) = rt
                    .with_fd(key, |s| (s.waiter(slot), s.readable))
                    .ok_or(NetError::Os(libc::EBADF))?;
                if waiter != 0 && waiter != me {
                    return Err(NetError::Bound(waiter));
                }
                let (step, seen, pending) = {
                    let mut tls = self.state.borrow_mut();
                    let st = tls.as_mut().ok_or(NetError::Os(libc::EBADF))?;
                    // A forked child that uses an inherited session takes it over
                    // (a relaxed load: no syscall).
                    st.owner = runtime::fork_generation();
                    if op != Op::Handshake && st.phase != Phase::Ready {
                        return Err(NetError::Tls(st.not_ready()));
                    }
                    if op == Op::Read && !readable && !st.has_pending() {
                        // The fd is drained and OpenSSL holds nothing: SSL_read could
                        // only meet EAGAIN. Park without the call (as a plain read does).
                        (
                            Step::Want(Direction::Read),
                            Seen {
                                read_blocked: true,
                                ..Seen::default()
                            },
                            false,
                        )
                    } else {
                        clear_errors();
                        st.io().reset();
                        let step = call(st);
                        let io = st.io();
                        let seen = Seen {
                            read_blocked: io.read_blocked,
                            drained: io.drained,
                            did_read: io.did_read,
                            write_blocked: io.write_blocked,
                        };
                        let pending = seen.did_read && st.has_pending();
                        (step, seen, pending)
                    }
                };
                let other = self.note(rt, key, slot, me, seen, pending);
                if other > 0 {
                    let _ = rt.resume(other, Wake::Ready);
                }
                let want = match step {
                    Step::Done(v) => return Ok(v),
                    Step::Fail(e) => return Err(e),
                    Step::Want(dir) => dir,
                };
                let blocked = if want == Direction::Read {
                    seen.read_blocked
                } else {
                    seen.write_blocked
                };
                if !blocked && retries < RETRIES_WITHOUT_EAGAIN {
                    retries += 1;
                    continue;
                }
                if !may_wait {
                    return Err(NetError::Os(libc::EAGAIN));
                }
                if me < 0 {
                    return Err(NetError::NotInCoroutine);
                }
                wait_outcome(rt.wait_fd_for(key, slot, want, deadline.instant()))?;
            }
        })
    }

    /// Records what the syscalls of one SSL call said of the fd, and returns the
    /// coroutine of the other slot to wake, if this call read raw bytes it waits for:
    /// a parked reader when OpenSSL now holds bytes, a writer whose SSL_write waits to
    /// read. 0: none.
    fn note(
        &self,
        rt: &runtime::Runtime,
        key: usize,
        slot: Direction,
        me: runtime::Cid,
        seen: Seen,
        pending: bool,
    ) -> runtime::Cid {
        if !seen.drained && !seen.write_blocked && !seen.did_read {
            return 0;
        }
        rt.with_fd(key, |s| {
            if seen.drained {
                s.set_ready(Direction::Read, false);
            }
            if seen.write_blocked {
                s.set_ready(Direction::Write, false);
            }
            if !seen.did_read {
                return 0;
            }
            let other = slot.other();
            let w = s.waiter(other);
            if w == 0 || w == me {
                return 0;
            }
            let wants_read = (other == Direction::Read) != s.crossed(other);
            if wants_read && (other == Direction::Write || pending) {
                s.take_waiter(other)
            } else {
                0
            }
        })
        .unwrap_or(0)
    }
}

/// What the syscalls of one SSL call said (copied out of [`RawIo`]).
#[derive(Clone, Copy, Default)]
struct Seen {
    read_blocked: bool,
    drained: bool,
    did_read: bool,
    write_blocked: bool,
}

/// A connection's SSL object: the side, and for a client the SNI name and the name the
/// certificate must match.
fn new_ssl(ctx: &TlsContext, peer_name: Option<&str>) -> Result<Ssl, TlsError> {
    let failed = |e: ErrorStack| TlsError::from_stack(TlsErrorKind::CreateSessionFailed, &e);
    let mut ssl = Ssl::new(&ctx.ctx).map_err(failed)?;
    if ctx.server {
        ssl.set_accept_state();
        return Ok(ssl);
    }
    if let Some(sni) = sni_name(ctx.host_name.as_deref(), peer_name) {
        ssl.set_hostname(sni).map_err(failed)?;
    }
    if ctx.verify_peer {
        if let Some(host) = ctx.host_name.as_deref().filter(|h| !h.is_empty()) {
            match host.parse::<IpAddr>() {
                Ok(ip) => ssl.param_mut().set_ip(ip),
                Err(_) => ssl.param_mut().set_host(host),
            }
            .map_err(failed)?;
        }
    }
    ssl.set_connect_state();
    Ok(ssl)
}
