//! The reads and writes of the fd layer: each tries its syscall first, and on EAGAIN
//! parks the calling coroutine until the reactor says the fd is ready (or the deadline,
//! a cancel or a close ends the wait), then tries again.

use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::RawFd;
use std::time::Duration;

use super::{cvt, would_block, FdSocket};
use crate::net::addr::RawAddr;
use crate::net::deadline::Deadline;
use crate::net::error::{wait_outcome, NetError, NetResult};
use crate::runtime::{self, Direction, Timeout, Wake};

/// The size of [`FdSocket::read_spilling`]'s scratch area: how much it reads past
/// the caller's buffer.
const SPILL: usize = 16 * 1024;
/// Up to this size, [`FdSocket::read_spilling`] copies out of the scratch area.
const COPY_MAX: usize = 2048;

crate::runtime::runtime_local! {
    /// [`FdSocket::read_spilling`]'s scratch area: one per runtime, allocated on first
    /// use, borrowed only around one syscall (never across a switch).
    static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::new());
}
impl FdSocket {
    /// [`FdSocket::io_until`] for writes. A write always tries its syscall first: the
    /// "not writable" bit an EAGAIN left may be stale (the peer drained its buffer, and
    /// the edge was consumed by nobody or by a waiter that gave up), and a write that
    /// parks on a stale bit waits for an edge that never comes. A syscall that says
    /// EAGAIN costs less than a missed write.
    pub(super) fn write_until<T>(
        &self,
        deadline: &Deadline,
        op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        self.io_inner(Direction::Write, deadline, true, op)
    }

    /// The heart of every waiting operation. One runtime access for the whole call (a
    /// thread-local lookup is a function call in a shared object).
    pub(super) fn io_until<T>(
        &self,
        dir: Direction,
        deadline: &Deadline,
        op: impl FnMut(RawFd) -> Result<(T, bool), i32>,
    ) -> NetResult<T> {
        self.io_inner(dir, deadline, false, op)
    }

    /// `always_try`: call `op` on the first round whatever the readiness bit says.
    pub(super) fn io_inner<T>(
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
                    *scratch = vec![0; SPILL];
                }
                if want <= COPY_MAX {
                    // SAFETY: the scratch area is valid for SPILL bytes, borrowed
                    // exclusively for this call.
                    let n =
                        cvt(|| unsafe { libc::recv(fd, scratch.as_mut_ptr().cast(), SPILL, 0) })?;
                    let got = crate::net::buffer::copy_into(buf, &scratch[..n]);
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

    /// One `recv(2)` that never waits (MSG_DONTWAIT): EAGAIN when there is nothing.
    pub fn read_now(&self, buf: &mut [MaybeUninit<u8>], flags: i32) -> NetResult<usize> {
        let fd = self.live_fd()?;
        // SAFETY: `buf` is valid for its length.
        cvt(|| unsafe {
            libc::recv(
                fd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                flags | libc::MSG_DONTWAIT,
            )
        })
        .map_err(NetError::Os)
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
    pub fn send_all(&self, data: &[u8], deadline: &Deadline) -> (usize, Option<NetError>) {
        let mut sent = 0;
        while sent < data.len() {
            match self.send_until(&data[sent..], deadline) {
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

    /// One datagram (or stream read) with the sender's address (written into `from`,
    /// which the caller owns: the address is never moved), waiting for it.
    pub fn recvfrom(
        &self,
        buf: &mut [MaybeUninit<u8>],
        from: &mut RawAddr,
        deadline: &Deadline,
    ) -> NetResult<usize> {
        self.io_until(Direction::Read, deadline, |fd| {
            let (sa, len) = from.to_fill();
            // SAFETY: `buf` is valid for its length, `sa` for the `*len` bytes
            // `to_fill` set.
            let n = cvt(|| unsafe {
                libc::recvfrom(fd, buf.as_mut_ptr().cast(), buf.len(), 0, sa, len)
            })?;
            Ok((n, false))
        })
    }

    /// Sends one datagram to `addr`, waiting for room within `timeout` (a Unix datagram
    /// peer whose queue is full). Not a wait on writability: for an unconnected sender
    /// the kernel raises EPOLLOUT after every refused send (freeing the refused buffer
    /// wakes the writer), so such a wait would spin. It retries on a timer instead,
    /// 1 ms at first, doubling up to 20 ms.
    pub fn sendto(
        &self,
        data: &[u8],
        addr: &RawAddr,
        timeout: impl Into<Timeout>,
    ) -> NetResult<usize> {
        let deadline = Deadline::new(timeout);
        let mut pause = Duration::from_millis(1);
        loop {
            let fd = self.live_fd()?;
            // SAFETY: `data` and `addr` are valid for their lengths.
            let r = cvt(|| unsafe {
                libc::sendto(
                    fd,
                    data.as_ptr().cast(),
                    data.len(),
                    libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
                    addr.as_ptr(),
                    addr.len(),
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
        deadline: &Deadline,
    ) -> (usize, Option<NetError>) {
        let mut sent = 0;
        while sent < length {
            let r = self.write_until(deadline, |fd| {
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

    /// Reads and drops what is queued, without waiting. After shutdown(SHUT_RD) a Unix
    /// peer can queue nothing more, and the read says 0 once the queue is empty; the
    /// bound is only there in case the shutdown failed and a peer keeps writing.
    pub(super) fn discard_input(&self) {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            if scratch.is_empty() {
                *scratch = vec![0; SPILL];
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
}
