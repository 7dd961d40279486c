//! The fd layer of a coroutine socket: a non-blocking fd, owned (closed here) or
//! borrowed (a PHP stream's), given a reactor slot at creation; it joins epoll at its
//! first wait and is never re-armed. This file holds its life (creation, connecting, options, closing);
//! `fd/io.rs` the reads and writes, each of which tries its syscall first and parks the
//! calling coroutine only on EAGAIN. No buffering and no TLS here: [`super::Socket`]
//! puts its transport and read-ahead buffer above, and only the net module reaches
//! this layer's reads and writes.

use std::cell::Cell;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};

use super::addr::SockAddr;
use super::deadline::Deadline;
use super::error::{NetError, NetResult};
use crate::runtime::{self, Cid, Direction, Timeout, Wake};

mod io;

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

/// Whether an errno means "not now": the caller parks and retries.
fn would_block(e: i32) -> bool {
    e == libc::EAGAIN || e == libc::EWOULDBLOCK
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
    /// The fd as owned here, which close() drops (closes) once the fd has left the
    /// reactor. None for a borrowed fd (one a PHP stream owns): close() and drop only
    /// take it out of the reactor, and its owner closes it.
    owned: Cell<Option<OwnedFd>>,
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
        // SAFETY: socket() just returned this fd, and nothing else holds it.
        let fd = unsafe { OwnedFd::from_raw_fd(fd as RawFd) };
        FdSocket::register(fd, domain, sock_type, protocol, true)
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
        // SAFETY: the caller hands the open fd over: from now on it is ours alone to close.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
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
        FdSocket::registered(fd, None, domain, sock_type, protocol, false)
    }

    /// Registers an fd that is already non-blocking and close-on-exec; closes it on
    /// failure (it is dropped).
    fn register(
        fd: OwnedFd,
        domain: i32,
        sock_type: i32,
        protocol: i32,
        sole_owner: bool,
    ) -> NetResult<FdSocket> {
        let raw = fd.as_raw_fd();
        FdSocket::registered(raw, Some(fd), domain, sock_type, protocol, sole_owner)
    }

    /// Registers `fd` with the loop and wraps it.
    /// A socket made here (`sole_owner`) joins epoll only when it first has to wait.
    fn registered(
        fd: RawFd,
        owned: Option<OwnedFd>,
        domain: i32,
        sock_type: i32,
        protocol: i32,
        sole_owner: bool,
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
            owned: Cell::new(owned),
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
        // SAFETY: socketpair() just returned these two fds, and nothing else holds them.
        let (a, b) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        let a = FdSocket::register(a, domain, sock_type, protocol, true);
        let b = FdSocket::register(b, domain, sock_type, protocol, true);
        Ok((a?, b?))
    }

    /// Whether close() closes the fd (false for a borrowed one).
    fn owns_fd(&self) -> bool {
        // Cell::take and set: OwnedFd is not Copy; the niche makes it two moves of an int.
        let owned = self.owned.take();
        let owns = owned.is_some();
        self.owned.set(owned);
        owns
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

    /// The coroutines parked on this fd (reading, writing; 0: none).
    pub fn waiters(&self) -> [Cid; 2] {
        self.key
            .get()
            .and_then(|k| {
                runtime::with(|rt| {
                    rt.with_fd(k, |s| {
                        [s.waiter(Direction::Read), s.waiter(Direction::Write)]
                    })
                })
            })
            .unwrap_or([0, 0])
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
    pub fn accept(&self, timeout: impl Into<Timeout>) -> NetResult<FdSocket> {
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
        // SAFETY: accept4() just returned this fd, and nothing else holds it.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
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
    pub fn connect(&self, addr: &SockAddr, timeout: impl Into<Timeout>) -> NetResult<()> {
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
                && self.owns_fd()
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

    /// Lets go of the fd without a word to the runtime, whose reactor this socket's
    /// key no longer names (it was reset since: a request ended). Returns the fd if
    /// it was owned here, for the caller to close or register again.
    pub fn abandon(&self) -> Option<RawFd> {
        self.key.take()?;
        self.owned.take().map(IntoRawFd::into_raw_fd)
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
                let owned = self.owned.take();
                if !fd_open {
                    // Its owner closed it already: the number may name another file now.
                    let _ = owned.map(IntoRawFd::into_raw_fd);
                }
                // Else dropped: closed, now that it has left the reactor.
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
