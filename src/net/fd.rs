//! The fd layer of a coroutine socket: a non-blocking fd whose operations park the
//! calling coroutine instead of blocking. Every operation tries its syscall first and
//! waits only on EAGAIN; the fd is registered with the reactor once, at creation, and
//! never re-armed. No buffering here: [`super::Socket`] adds the read-ahead buffer
//! above it (and a TLS transport will sit between the two).

use std::cell::Cell;
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use super::addr::SockAddr;
use crate::runtime::{self, Cid, Direction, WaitError, Wake};

/// Why an operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    /// The syscall's errno.
    Os(i32),
    /// The timeout passed.
    Timeout,
    /// `cancel()` ended the wait.
    Cancelled,
    /// The socket was closed while this coroutine waited on it.
    Closed,
    /// Another coroutine already waits in this direction (Swoole makes this fatal).
    Bound(Cid),
    /// The operation must wait, and the caller is not a coroutine.
    NotInCoroutine,
    /// A TLS failure, with Swoole's `SW_ERROR_SSL_*` code and OpenSSL's reason.
    Tls(super::tls::TlsError),
}

/// What every socket operation returns.
pub type NetResult<T> = Result<T, NetError>;

fn errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// Calls a syscall returning -1 on error, retrying EINTR.
fn cvt(mut f: impl FnMut() -> isize) -> Result<usize, i32> {
    loop {
        let r = f();
        if r >= 0 {
            return Ok(r as usize);
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(e);
        }
    }
}

/// The size of [`FdSocket::read_spilling`]'s scratch area: how much it reads past
/// the caller's buffer.
const SPILL: usize = 16 * 1024;
/// Up to this size, [`FdSocket::read_spilling`] copies out of the scratch area.
const COPY_MAX: usize = 2048;

thread_local! {
    /// [`FdSocket::read_spilling`]'s scratch area: one per thread, allocated on first
    /// use, borrowed only around one syscall (never across a switch).
    static SCRATCH: std::cell::RefCell<Box<[u8]>> = std::cell::RefCell::new(Box::default());
}

/// What a wait on an fd ended with, for the operation that waited: Ok to try its
/// syscall again, else why it stops.
pub(super) fn wait_outcome(r: Result<Wake, WaitError>) -> NetResult<()> {
    match r {
        Ok(Wake::Ready) | Ok(Wake::Resumed) => Ok(()),
        Ok(Wake::Timeout) => Err(NetError::Timeout),
        Ok(Wake::Cancelled) => Err(NetError::Cancelled),
        Ok(Wake::Closed) => Err(NetError::Closed),
        Err(WaitError::Bound(cid)) => Err(NetError::Bound(cid)),
        Err(WaitError::Os(e)) => Err(NetError::Os(e)),
    }
}

/// Whether an errno means "not now": the caller parks and retries.
fn would_block(e: i32) -> bool {
    e == libc::EAGAIN || e == libc::EWOULDBLOCK
}

/// A timeout that becomes an instant only when an operation first has to wait, so
/// that calls which complete at once never read the clock. Loops (`send_all`...) share
/// one, so their timeout bounds the whole loop.
pub struct Deadline {
    timeout: Option<Duration>,
    at: Cell<Option<Instant>>,
}

impl Deadline {
    /// None: no limit.
    pub fn new(timeout: Option<Duration>) -> Deadline {
        Deadline {
            timeout,
            at: Cell::new(None),
        }
    }

    /// A deadline whose clock starts now: several calls share one timeout.
    pub fn starting_now(timeout: Option<Duration>) -> Deadline {
        let d = Deadline::new(timeout);
        d.instant();
        d
    }

    pub(crate) fn instant(&self) -> Option<Instant> {
        let t = self.timeout?;
        // Cell::get() is a copy: the instant must be stored back, or every wait of a
        // loop would get the whole timeout again.
        let at = self.at.get().unwrap_or_else(|| runtime::deadline_after(t));
        self.at.set(Some(at));
        Some(at)
    }

    /// The end of a step with a limit of its own (`timeout` from now, None: none) that
    /// this deadline bounds too: whichever comes first. connect()'s DNS lookup ends by
    /// `socket_dns_timeout` or connect()'s deadline.
    pub fn within(&self, timeout: Option<Duration>) -> Option<Instant> {
        let step = timeout.map(runtime::deadline_after);
        match (self.instant(), step) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A coroutine socket. Every method takes `&self`: several coroutines may hold the
/// socket while one of them waits in it (and another closes or cancels it).
pub struct FdSocket {
    fd: RawFd,
    /// The reactor's key for `fd`; None once closed.
    key: Cell<Option<usize>>,
    /// `AF_INET`, `AF_INET6` or `AF_UNIX` (as given to socket(2)).
    pub domain: i32,
    /// `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`...
    pub sock_type: i32,
    /// The protocol given to socket(2), 0 for the default.
    pub protocol: i32,
    /// Whether this fd is the only one on its open file (we made it with socket(),
    /// accept4() or socketpair()): then close() alone takes it out of epoll, with no
    /// EPOLL_CTL_DEL. False for adopted fds, which may have duplicates. A fork makes
    /// duplicates too: the reactor marks the fds that existed then and adds the DEL.
    sole_owner: bool,
    /// Whether close() closes the fd. False for a borrowed fd (one a PHP stream owns):
    /// close() and drop only take it out of the reactor, and its owner closes it.
    owns_fd: bool,
    /// Whether TCP_NODELAY is known to be on: set through [`FdSocket::setsockopt`], or
    /// inherited from the listener by an accepted socket (Linux copies it), so that
    /// turning it on again costs no syscall.
    nodelay: Cell<bool>,
    /// Whether listen() succeeded here. accept() on any other socket tries its syscall
    /// before it waits, whatever the readiness bit says: on a socket that is not
    /// listening it fails at once (EINVAL, or EOPNOTSUPP for a datagram socket), and no
    /// event would ever end that wait.
    listening: Cell<bool>,
    /// Whether `SO_LINGER {1, 0}` is known to be set (through [`FdSocket::setsockopt`],
    /// or inherited from the listener by an accepted socket): close() is then meant to
    /// reset the connection, and [`FdSocket::close_connection`] does not shut it down.
    abortive: Cell<bool>,
}

impl FdSocket {
    /// `socket(2)`, non-blocking and close-on-exec, registered with the reactor.
    pub fn new(domain: i32, sock_type: i32, protocol: i32) -> NetResult<FdSocket> {
        let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        // The loop's own fds (epoll, eventfd) come first, so that sockets made one after
        // the other get consecutive fds (as in Swoole).
        runtime::with(|rt| rt.prepare_reactor())
            .map_err(|e| NetError::Os(e.raw_os_error().unwrap_or(libc::EIO)))?;
        // SAFETY: plain syscall.
        let fd = cvt(|| unsafe { libc::socket(domain, sock_type | flags, protocol) } as isize)
            .map_err(NetError::Os)?;
        FdSocket::register(fd as RawFd, domain, sock_type, protocol, true)
    }

    /// Takes ownership of an open fd from elsewhere (it may have duplicates): makes it
    /// non-blocking and close-on-exec and registers it. The fd is closed on failure.
    pub fn adopt(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<FdSocket> {
        // SAFETY: fcntl on an fd we own.
        unsafe {
            let fl = libc::fcntl(fd, libc::F_GETFL);
            if fl >= 0 && fl & libc::O_NONBLOCK == 0 {
                libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
            }
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        FdSocket::register(fd, domain, sock_type, protocol, false)
    }

    /// Uses an fd that stays someone else's (a PHP stream's): made non-blocking and
    /// registered, but never closed here; close() and drop only leave the reactor.
    /// Not closed on failure either.
    pub fn borrow(fd: RawFd, domain: i32, sock_type: i32, protocol: i32) -> NetResult<FdSocket> {
        // SAFETY: fcntl on an open fd; only its status flag changes.
        unsafe {
            let fl = libc::fcntl(fd, libc::F_GETFL);
            if fl >= 0 && fl & libc::O_NONBLOCK == 0 {
                libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
            }
        }
        FdSocket::registered(fd, domain, sock_type, protocol, false, false)
    }

    /// Registers an fd that is already non-blocking and close-on-exec; closes it on failure.
    fn register(
        fd: RawFd,
        domain: i32,
        sock_type: i32,
        protocol: i32,
        sole_owner: bool,
    ) -> NetResult<FdSocket> {
        let r = FdSocket::registered(fd, domain, sock_type, protocol, sole_owner, true);
        if r.is_err() {
            // SAFETY: the fd is ours and is not registered anywhere.
            unsafe { libc::close(fd) };
        }
        r
    }

    /// Registers `fd` with the loop and wraps it.
    /// A socket made here (`sole_owner`) joins epoll only when it first has to wait.
    fn registered(
        fd: RawFd,
        domain: i32,
        sock_type: i32,
        protocol: i32,
        sole_owner: bool,
        owns_fd: bool,
    ) -> NetResult<FdSocket> {
        let key = runtime::with(|rt| {
            if sole_owner {
                rt.register_fd_lazily(fd)
            } else {
                rt.register_fd(fd)
            }
        })
        .map_err(|e| NetError::Os(e.raw_os_error().unwrap_or(libc::EIO)))?;
        Ok(FdSocket {
            fd,
            key: Cell::new(Some(key)),
            domain,
            sock_type,
            protocol,
            sole_owner,
            owns_fd,
            nodelay: Cell::new(false),
            listening: Cell::new(false),
            abortive: Cell::new(false),
        })
    }

    /// Two connected sockets (`socketpair(2)`).
    pub fn pair(domain: i32, sock_type: i32, protocol: i32) -> NetResult<(FdSocket, FdSocket)> {
        let mut fds = [0; 2];
        let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        // SAFETY: `fds` has room for the two fds.
        cvt(
            || unsafe { libc::socketpair(domain, sock_type | flags, protocol, fds.as_mut_ptr()) }
                as isize,
        )
        .map_err(NetError::Os)?;
        let a = FdSocket::register(fds[0], domain, sock_type, protocol, true);
        let b = FdSocket::register(fds[1], domain, sock_type, protocol, true);
        Ok((a?, b?))
    }

    /// The fd, -1 once closed.
    pub fn fd(&self) -> RawFd {
        if self.key.get().is_some() {
            self.fd
        } else {
            -1
        }
    }

    /// Whether close() has run.
    pub fn is_closed(&self) -> bool {
        self.key.get().is_none()
    }

    pub(super) fn is_stream(&self) -> bool {
        self.sock_type & 0xf == libc::SOCK_STREAM
    }

    pub(crate) fn key(&self) -> NetResult<usize> {
        self.key.get().ok_or(NetError::Os(libc::EBADF))
    }

    /// The fd for a syscall, or EBADF once closed: after close() the number may belong
    /// to another file, so every direct syscall goes through here.
    fn live_fd(&self) -> NetResult<RawFd> {
        self.key()?;
        Ok(self.fd)
    }

    /// The coroutine waiting to read or write (0 if none).
    pub fn bound_cid(&self, dir: Direction) -> Cid {
        self.key
            .get()
            .map_or(0, |k| runtime::with(|rt| rt.fd_waiter(k, dir)))
    }

    /// Runs `op` until it stops saying EAGAIN, parking between tries. `op` returns the
    /// result and whether the fd is now drained in `dir` (so the next call parks at once).
    fn io<T>(
        &self,
        dir: Direction,
        timeout: Option<Duration>,
        op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        self.io_until(dir, &Deadline::new(timeout), op)
    }

    /// [`FdSocket::io_until`] for writes. A write always tries its syscall first: the
    /// "not writable" bit an EAGAIN left may be stale (the peer drained its buffer, and
    /// the edge was consumed by nobody or by a waiter that gave up), and a write that
    /// parks on a stale bit waits for an edge that never comes. A syscall that says
    /// EAGAIN costs less than a missed write.
    fn write_until<T>(
        &self,
        deadline: &Deadline,
        op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        self.io_inner(Direction::Write, deadline, true, op)
    }

    /// The heart of every waiting operation. One runtime access for the whole call (a
    /// thread-local lookup is a function call in a shared object).
    fn io_until<T>(
        &self,
        dir: Direction,
        deadline: &Deadline,
        op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        self.io_inner(dir, deadline, false, op)
    }

    /// `always_try`: call `op` on the first round whatever the readiness bit says.
    fn io_inner<T>(
        &self,
        dir: Direction,
        deadline: &Deadline,
        always_try: bool,
        mut op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        let key = self.key()?;
        let mut first = always_try;
        runtime::with(|rt| {
            let me = rt.current_cid();
            loop {
                let (ready, waiter) = rt
                    .with_fd(key, |s| (s.ready(dir), s.waiter(dir)))
                    .ok_or(NetError::Os(libc::EBADF))?;
                if waiter != 0 && waiter != me {
                    return Err(NetError::Bound(waiter));
                }
                // Outside a coroutine no loop keeps the bit current: always try.
                if ready || me < 0 || std::mem::take(&mut first) {
                    match op(self.fd) {
                        Ok((v, drained)) => {
                            if drained {
                                rt.with_fd(key, |s| s.set_ready(dir, false));
                            }
                            return Ok(v);
                        }
                        Err(e) if would_block(e) => {
                            rt.with_fd(key, |s| s.set_ready(dir, false));
                        }
                        Err(e) => return Err(NetError::Os(e)),
                    }
                }
                if me < 0 {
                    return Err(NetError::NotInCoroutine);
                }
                wait_outcome(rt.wait_fd(key, dir, deadline.instant()))?;
            }
        })
    }

    /// `bind(2)`.
    pub fn bind(&self, addr: &SockAddr) -> NetResult<()> {
        let fd = self.live_fd()?;
        let (st, len) = addr.raw();
        // SAFETY: `st` holds `len` bytes of a valid sockaddr.
        cvt(|| unsafe { libc::bind(fd, &st as *const _ as *const libc::sockaddr, len) } as isize)
            .map(|_| ())
            .map_err(NetError::Os)
    }

    /// `listen(2)`.
    pub fn listen(&self, backlog: i32) -> NetResult<()> {
        let fd = self.live_fd()?;
        // SAFETY: plain syscall.
        cvt(|| unsafe { libc::listen(fd, backlog) } as isize).map_err(NetError::Os)?;
        self.listening.set(true);
        Ok(())
    }

    /// Accepts a connection, waiting for one.
    pub fn accept(&self, timeout: Option<Duration>) -> NetResult<FdSocket> {
        let fd = self.io_inner(
            Direction::Read,
            &Deadline::new(timeout),
            !self.listening.get(),
            |fd| {
                // SAFETY: accept4 with no address out-parameters.
                let r = unsafe {
                    libc::accept4(
                        fd,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                        libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                    )
                };
                if r >= 0 {
                    Ok((r, false))
                } else {
                    Err(errno())
                }
            },
        )?;
        let conn = FdSocket::register(fd, self.domain, self.sock_type, self.protocol, true)?;
        conn.nodelay.set(self.nodelay.get());
        conn.abortive.set(self.abortive.get());
        Ok(conn)
    }

    /// Turns Nagle's algorithm off (TCP_NODELAY), unless it is known to be off already.
    pub fn set_nodelay(&self) -> NetResult<()> {
        if self.nodelay.get() {
            return Ok(());
        }
        self.setsockopt(libc::IPPROTO_TCP, libc::TCP_NODELAY, &1i32.to_ne_bytes())
    }

    /// Connects, waiting for the handshake.
    pub fn connect(&self, addr: &SockAddr, timeout: Option<Duration>) -> NetResult<()> {
        self.connect_until(addr, &Deadline::new(timeout))
    }

    /// [`FdSocket::connect`] against a deadline shared with the steps around it (the
    /// lookup before it, a proxy's or TLS handshake after it).
    pub fn connect_until(&self, addr: &SockAddr, deadline: &Deadline) -> NetResult<()> {
        let key = self.key()?;
        let fd = self.fd;
        let (st, len) = addr.raw();
        // SAFETY: `st` holds `len` bytes of a valid sockaddr; `fd` is live (key is Some).
        let r = cvt(
            || unsafe { libc::connect(fd, &st as *const _ as *const libc::sockaddr, len) } as isize,
        );
        match r {
            Ok(_) => return Ok(()),
            // Only EINPROGRESS is a handshake under way. A Unix listener with a full
            // backlog says EAGAIN: that is a failure (Swoole's too), not "in progress".
            Err(e) if e == libc::EINPROGRESS => {}
            Err(e) => return Err(NetError::Os(e)),
        }
        // The handshake is under way: writability says it ended. What the loop knew
        // of the fd is stale (see Reactor::connecting).
        runtime::with(|rt| rt.fd_connecting(key))
            .map_err(|e| NetError::Os(e.raw_os_error().unwrap_or(libc::EIO)))?;
        self.io_until(Direction::Write, deadline, |fd| {
            // Woken by an event with neither error nor hang-up: connected, and
            // SO_ERROR has nothing to say (one syscall less per connection).
            if runtime::with(|rt| rt.with_fd(key, |s| s.writable && !s.hup)) == Some(true) {
                return Ok(((), false));
            }
            match sock_error(fd) {
                0 => Ok(((), false)),
                e => Err(e),
            }
        })
    }

    /// One `recv(2)`, waiting for data. Ok(0) is EOF.
    pub fn read(&self, buf: &mut [MaybeUninit<u8>], deadline: &Deadline) -> NetResult<usize> {
        let stream = self.is_stream();
        self.io_until(Direction::Read, deadline, |fd| {
            // SAFETY: `buf` is valid for its length.
            let n = cvt(|| unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) })?;
            // A stream read that came back short drained the socket.
            Ok((n, stream && n > 0 && n < buf.len()))
        })
    }

    /// One read into `buf` that asks the kernel for more than `buf` holds, so that a
    /// read filling `buf` exactly still proves whether the socket drained (it comes
    /// back short of the whole request): the next call then parks at once instead of
    /// paying an EAGAIN read. Bytes past `buf` land in a scratch area borrowed only
    /// for the syscall and are handed to `spill` before anything else runs. For
    /// stream sockets made here (no other fd shares their file, so no other reader
    /// misses the bytes read past the request); others read as [`FdSocket::read`] does.
    ///
    /// A small `buf` is filled by copying out of one recv into the scratch area; a
    /// larger one takes the bytes directly, with the scratch area as a second iovec
    /// of a recvmsg (whose iovec handling costs more than copying a small message;
    /// readv would cost more still: it goes through the VFS layer).
    pub fn read_spilling(
        &self,
        buf: &mut [MaybeUninit<u8>],
        deadline: &Deadline,
        mut spill: impl FnMut(&[u8]),
    ) -> NetResult<usize> {
        if !self.sole_owner || !self.is_stream() {
            return self.read(buf, deadline);
        }
        let want = buf.len();
        self.io_until(Direction::Read, deadline, |fd| {
            SCRATCH.with(|scratch| {
                let mut scratch = scratch.borrow_mut();
                if scratch.is_empty() {
                    *scratch = vec![0; SPILL].into_boxed_slice();
                }
                if want <= COPY_MAX {
                    // SAFETY: the scratch area is valid for SPILL bytes, borrowed
                    // exclusively for this call.
                    let n =
                        cvt(|| unsafe { libc::recv(fd, scratch.as_mut_ptr().cast(), SPILL, 0) })?;
                    let got = super::buffer::copy_into(buf, &scratch[..n]);
                    if n > got {
                        spill(&scratch[got..n]);
                    }
                    return Ok((got, n > 0 && n < SPILL));
                }
                let mut iov = [
                    libc::iovec {
                        iov_base: buf.as_mut_ptr().cast(),
                        iov_len: want,
                    },
                    libc::iovec {
                        iov_base: scratch.as_mut_ptr().cast(),
                        iov_len: SPILL,
                    },
                ];
                // SAFETY: a zeroed msghdr is valid (no name, no control data).
                let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
                msg.msg_iov = iov.as_mut_ptr();
                msg.msg_iovlen = 2;
                // SAFETY: both iovecs point to writable memory of their length, borrowed
                // exclusively for this call; `msg` points to them.
                let n = cvt(|| unsafe { libc::recvmsg(fd, &mut msg, 0) })?;
                if n > want {
                    spill(&scratch[..n - want]);
                }
                Ok((n.min(want), n > 0 && n < want + SPILL))
            })
        })
    }

    /// Reads what is there without consuming it or waiting (MSG_PEEK).
    pub fn peek(&self, buf: &mut [MaybeUninit<u8>]) -> NetResult<usize> {
        let fd = self.live_fd()?;
        // SAFETY: `buf` is valid for its length.
        cvt(|| unsafe {
            libc::recv(
                fd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_PEEK | libc::MSG_DONTWAIT,
            )
        })
        .map_err(NetError::Os)
    }

    /// One `send(2)` (MSG_NOSIGNAL: a reset peer is EPIPE, never SIGPIPE), waiting for
    /// room; may write less than asked.
    pub fn send(&self, data: &[u8], timeout: Option<Duration>) -> NetResult<usize> {
        self.send_until(data, &Deadline::new(timeout))
    }

    /// [`FdSocket::send`] against a deadline shared with other calls.
    pub fn send_until(&self, data: &[u8], deadline: &Deadline) -> NetResult<usize> {
        let stream = self.is_stream();
        self.write_until(deadline, |fd| {
            // SAFETY: `data` is valid for its length.
            let n = cvt(|| unsafe {
                libc::send(fd, data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL)
            })?;
            Ok((n, stream && n < data.len()))
        })
    }

    /// Sends all of `data`, waiting as needed. Returns the count and the error that
    /// stopped it early, if any.
    pub fn send_all(&self, data: &[u8], timeout: Option<Duration>) -> (usize, Option<NetError>) {
        let deadline = Deadline::new(timeout);
        let mut sent = 0;
        while sent < data.len() {
            match self.send_until(&data[sent..], &deadline) {
                Ok(n) => sent += n,
                Err(e) => return (sent, Some(e)),
            }
        }
        (sent, None)
    }

    /// One `readv(2)` into `iov`, waiting for data. Ok(0) is EOF.
    ///
    /// # Safety
    /// Each iovec must point to `iov_len` writable bytes that stay valid, and are not
    /// otherwise accessed, until this returns.
    pub unsafe fn readv(&self, iov: &[libc::iovec], deadline: &Deadline) -> NetResult<usize> {
        let total: usize = iov.iter().map(|v| v.iov_len).sum();
        let stream = self.is_stream();
        self.io_until(Direction::Read, deadline, |fd| {
            // SAFETY: the caller vouches for the iovecs.
            let n = cvt(|| unsafe { libc::readv(fd, iov.as_ptr(), iov.len() as i32) })?;
            Ok((n, stream && n > 0 && n < total))
        })
    }

    /// One `writev(2)`, waiting for room; may write less than asked.
    pub fn writev(&self, bufs: &[IoSlice<'_>], deadline: &Deadline) -> NetResult<usize> {
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        let stream = self.is_stream();
        self.write_until(deadline, |fd| {
            // SAFETY: IoSlice is ABI-compatible with iovec; each is valid for its length.
            let n = cvt(|| unsafe { libc::writev(fd, bufs.as_ptr().cast(), bufs.len() as i32) })?;
            Ok((n, stream && n < total))
        })
    }

    /// One datagram (or stream read) with the sender's address, waiting for it.
    pub fn recvfrom(
        &self,
        buf: &mut [MaybeUninit<u8>],
        timeout: Option<Duration>,
    ) -> NetResult<(usize, Option<SockAddr>)> {
        let mut st = super::addr::empty_storage();
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        let n = self.io(Direction::Read, timeout, |fd| {
            len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: `buf` and `st` are valid for their lengths.
            let n = cvt(|| unsafe {
                libc::recvfrom(
                    fd,
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    0,
                    &mut st as *mut _ as *mut libc::sockaddr,
                    &mut len,
                )
            })?;
            Ok((n, false))
        })?;
        Ok((n, SockAddr::from_raw(&st, len)))
    }

    /// Sends one datagram to `addr`, waiting for room within `timeout` (a Unix datagram
    /// peer whose queue is full). Not a wait on writability: for an unconnected sender
    /// the kernel raises EPOLLOUT after every refused send (freeing the refused buffer
    /// wakes the writer), so such a wait would spin. It retries on a timer instead,
    /// 1 ms at first, doubling up to 20 ms.
    pub fn sendto(
        &self,
        data: &[u8],
        addr: &SockAddr,
        timeout: Option<Duration>,
    ) -> NetResult<usize> {
        let (st, len) = addr.raw();
        let deadline = Deadline::new(timeout);
        let mut pause = Duration::from_millis(1);
        loop {
            let fd = self.live_fd()?;
            // SAFETY: `data` and `st` are valid for their lengths.
            let r = cvt(|| unsafe {
                libc::sendto(
                    fd,
                    data.as_ptr().cast(),
                    data.len(),
                    libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
                    &st as *const _ as *const libc::sockaddr,
                    len,
                )
            });
            match r {
                Ok(n) => return Ok(n),
                Err(e) if would_block(e) => {}
                Err(e) => return Err(NetError::Os(e)),
            }
            if !runtime::in_coroutine() {
                return Err(NetError::NotInCoroutine);
            }
            let now = runtime::deadline_after(Duration::ZERO);
            let limit = deadline.instant();
            if limit.is_some_and(|d| d <= now) {
                return Err(NetError::Timeout);
            }
            let until = limit.map_or(now + pause, |d| d.min(now + pause));
            if runtime::with(|rt| rt.park_until(Some(until), true)) == Wake::Cancelled {
                return Err(NetError::Cancelled);
            }
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }

    /// Sends `length` bytes of `file` from `offset` with sendfile(2), waiting for room.
    /// Returns the count sent; less than `length` when the file ended first (sendfile
    /// returned 0: that ends the call at once, it never waits).
    pub fn sendfile(
        &self,
        file: RawFd,
        mut offset: i64,
        length: usize,
        timeout: Option<Duration>,
    ) -> (usize, Option<NetError>) {
        let deadline = Deadline::new(timeout);
        let mut sent = 0;
        while sent < length {
            let r = self.write_until(&deadline, |fd| {
                let want = (length - sent).min(1 << 30);
                // SAFETY: `offset` is a valid out-parameter; both fds are open.
                let n = cvt(|| unsafe { libc::sendfile(fd, file, &mut offset, want) })?;
                Ok((n, n > 0 && n < want))
            });
            match r {
                Ok(0) => break, // the file ended early
                Ok(n) => sent += n,
                Err(e) => return (sent, Some(e)),
            }
        }
        (sent, None)
    }

    /// `shutdown(2)` of one or both halves.
    pub fn shutdown(&self, how: i32) -> NetResult<()> {
        let fd = self.live_fd()?;
        // SAFETY: plain syscall.
        cvt(|| unsafe { libc::shutdown(fd, how) } as isize)
            .map(|_| ())
            .map_err(NetError::Os)
    }

    /// Ends the wait of the coroutine waiting in `dir` with [`NetError::Cancelled`].
    pub fn cancel(&self, dir: Direction) -> bool {
        match self.key.get() {
            Some(k) => runtime::with(|rt| rt.wake_fd_waiter(k, dir, Wake::Cancelled)),
            None => false,
        }
    }

    /// Closes the socket. It is marked closed first, then coroutines waiting on it wake
    /// with [`NetError::Closed`] (a retry sees EBADF), then the fd goes: no coroutine
    /// ever touches a reused fd.
    ///
    /// The writer wakes before the reader (Swoole's order). A borrowed fd leaves the
    /// reactor but stays open: its owner closes it.
    pub fn close(&self) -> bool {
        self.leave(true)
    }

    /// Closes a connection so that the peer reads what was sent and then EOF, even
    /// with input left unread here (closing alone would reset it: the peer's read
    /// fails with ECONNRESET). Swoole's close() shuts a connected socket down first;
    /// so does this, and a Unix socket also drops its unread input (the kernel
    /// reports ECONNRESET to the peer whenever a Unix socket closes with unread
    /// input, shut down or not). Then [`FdSocket::close`].
    ///
    /// Plain close only when the open file may have fds in another process (the
    /// socket existed at a fork): a shutdown would end that process's connection too.
    /// Plain close, too, with `SO_LINGER {1, 0}` (a reset asked for) and for a
    /// borrowed fd (its owner closes it).
    pub fn close_connection(&self) -> bool {
        if let Some(key) = self.key.get() {
            let connection = matches!(
                self.sock_type & 0xf,
                libc::SOCK_STREAM | libc::SOCK_SEQPACKET
            );
            if connection
                && self.owns_fd
                && !self.abortive.get()
                && !runtime::with(|rt| rt.fd_shared(key))
            {
                // SAFETY: plain syscall on our live fd (its key is still set). Its
                // outcome does not matter: a connection the peer ended says ENOTCONN.
                unsafe { libc::shutdown(self.fd, libc::SHUT_RDWR) };
                if self.domain == libc::AF_UNIX {
                    self.discard_input();
                }
            }
        }
        self.close()
    }

    /// Reads and drops what is queued, without waiting. After shutdown(SHUT_RD) a Unix
    /// peer can queue nothing more, and the read says 0 once the queue is empty; the
    /// bound is only there in case the shutdown failed and a peer keeps writing.
    fn discard_input(&self) {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            if scratch.is_empty() {
                *scratch = vec![0; SPILL].into_boxed_slice();
            }
            for _ in 0..1024 {
                // SAFETY: the scratch area is valid for its length, borrowed exclusively
                // here; the fd is live (the caller checked its key).
                let r = cvt(|| unsafe {
                    libc::recv(
                        self.fd,
                        scratch.as_mut_ptr().cast(),
                        scratch.len(),
                        libc::MSG_DONTWAIT,
                    )
                });
                if !matches!(r, Ok(n) if n > 0) {
                    break;
                }
            }
        });
    }

    /// Forgets a borrowed fd that its owner already closed: no epoll call (the number
    /// may already name another file) and no close.
    pub fn forget(&self) -> bool {
        self.leave(false)
    }

    fn leave(&self, fd_open: bool) -> bool {
        match self.key.take() {
            Some(k) => {
                runtime::with(|rt| {
                    rt.wake_fd_waiter(k, Direction::Write, Wake::Closed);
                    rt.wake_fd_waiter(k, Direction::Read, Wake::Closed);
                    rt.deregister_fd(k, fd_open && !self.sole_owner);
                });
                if fd_open && self.owns_fd {
                    // SAFETY: we own the fd and it has left the reactor.
                    unsafe { libc::close(self.fd) };
                }
                true
            }
            None => false,
        }
    }

    /// The bound address (`getsockname(2)`).
    pub fn local_addr(&self) -> NetResult<SockAddr> {
        self.addr_of(libc::getsockname)
    }

    /// The connected peer's address (`getpeername(2)`).
    pub fn peer_addr(&self) -> NetResult<SockAddr> {
        self.addr_of(libc::getpeername)
    }

    fn addr_of(
        &self,
        f: unsafe extern "C" fn(i32, *mut libc::sockaddr, *mut libc::socklen_t) -> i32,
    ) -> NetResult<SockAddr> {
        let fd = self.live_fd()?;
        let mut st = super::addr::empty_storage();
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `st` is valid for `len` bytes.
        cvt(|| unsafe { f(fd, &mut st as *mut _ as *mut libc::sockaddr, &mut len) } as isize)
            .map_err(NetError::Os)?;
        SockAddr::from_raw(&st, len).ok_or(NetError::Os(libc::EAFNOSUPPORT))
    }

    /// getsockopt(2) into `out`; returns the length the kernel wrote.
    pub fn getsockopt(&self, level: i32, name: i32, out: &mut [u8]) -> NetResult<usize> {
        let fd = self.live_fd()?;
        let mut len = out.len() as libc::socklen_t;
        // SAFETY: `out` is valid for `len` bytes.
        cvt(
            || unsafe { libc::getsockopt(fd, level, name, out.as_mut_ptr().cast(), &mut len) }
                as isize,
        )
        .map_err(NetError::Os)?;
        Ok(len as usize)
    }

    /// setsockopt(2) with the raw bytes of the value.
    pub fn setsockopt(&self, level: i32, name: i32, value: &[u8]) -> NetResult<()> {
        let fd = self.live_fd()?;
        // SAFETY: `value` is valid for its length.
        cvt(|| unsafe {
            libc::setsockopt(
                fd,
                level,
                name,
                value.as_ptr().cast(),
                value.len() as libc::socklen_t,
            )
        } as isize)
        .map_err(NetError::Os)?;
        let int_at = |at: usize| {
            value
                .get(at..at + 4)
                .map(|v| i32::from_ne_bytes([v[0], v[1], v[2], v[3]]))
        };
        if level == libc::IPPROTO_TCP && name == libc::TCP_NODELAY {
            self.nodelay.set(int_at(0).is_some_and(|on| on != 0));
        } else if level == libc::SOL_SOCKET && name == libc::SO_LINGER {
            // struct linger: l_onoff, then l_linger.
            self.abortive
                .set(int_at(0).is_some_and(|on| on != 0) && int_at(4) == Some(0));
        }
        Ok(())
    }

    /// Whether the connection still looks alive: no EOF, no error, without waiting.
    pub fn check_liveness(&self) -> NetResult<()> {
        let fd = self.live_fd()?;
        let mut b = [0u8; 1];
        // SAFETY: one byte of valid buffer.
        let r = unsafe {
            libc::recv(
                fd,
                b.as_mut_ptr().cast(),
                1,
                libc::MSG_PEEK | libc::MSG_DONTWAIT,
            )
        };
        match r {
            0 => Err(NetError::Os(libc::ECONNRESET)),
            n if n > 0 => Ok(()),
            _ => match errno() {
                e if would_block(e) || e == libc::EINTR => Ok(()),
                e => Err(NetError::Os(e)),
            },
        }
    }
}

impl Drop for FdSocket {
    fn drop(&mut self) {
        self.close();
    }
}

/// The pending error of a socket (SO_ERROR), 0 if none.
fn sock_error(fd: RawFd) -> i32 {
    let mut err: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: `err` is an int-sized out-parameter.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            (&mut err as *mut i32).cast(),
            &mut len,
        )
    };
    if r < 0 {
        errno()
    } else {
        err
    }
}
