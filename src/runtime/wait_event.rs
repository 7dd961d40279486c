//! `System::waitEvent()`: a coroutine waits until any fd (one the runtime knows or not)
//! is readable or writable. The fd is duplicated and the copy joins the loop under a
//! key of its own, so an fd that a socket of ours or a watch (Event::add) has in epoll
//! already, or another coroutine's waitEvent, does not conflict with it (epoll takes
//! each fd number once). The reactor owns the copy until the wait ends, so that it is
//! closed on every path: readiness, timeout, cancel, and a coroutine abandoned at
//! shutdown (the reactor closes what it still owns when it goes).

use std::os::fd::RawFd;
use std::time::Instant;

use super::*;

/// Why a wait on an fd failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventWaitError {
    /// The fd could not be waited on (dup or epoll_ctl's errno: EBADF, EPERM for a
    /// regular file), or poll(2) found nothing ready (ETIMEDOUT) or a bad fd (EBADF).
    Os(i32),
    /// The wait ended first (timeout, cancel, runtime stopping).
    Wake(Wake),
}

/// What is ready: (readable, writable), of the directions asked for only.
pub type Readiness = (bool, bool);

/// poll(2) with a zero timeout: what of `read`/`write` `fd` is ready for now. An error or
/// hang-up alone counts as every direction asked for (the call that follows reports it).
pub fn poll_fd_now(fd: RawFd, read: bool, write: bool) -> Result<Readiness, EventWaitError> {
    let mut pfd = libc::pollfd {
        fd,
        events: (if read { libc::POLLIN } else { 0 }) | (if write { libc::POLLOUT } else { 0 }),
        revents: 0,
    };
    // SAFETY: one pollfd, a local, zero timeout.
    let n = unsafe { libc::poll(&mut pfd, 1, 0) };
    if n < 0 {
        let e = io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EIO);
        return Err(EventWaitError::Os(e));
    }
    if n == 0 {
        return Err(EventWaitError::Os(libc::ETIMEDOUT));
    }
    if pfd.revents & libc::POLLNVAL != 0 {
        return Err(EventWaitError::Os(libc::EBADF));
    }
    let (r, w) = (
        pfd.revents & libc::POLLIN != 0,
        pfd.revents & libc::POLLOUT != 0,
    );
    if !r && !w {
        return Ok((read, write));
    }
    Ok((r, w))
}

impl Runtime {
    /// Parks the running coroutine until `fd` is ready for reading (`read`) or writing
    /// (`write`), or `deadline`; returns what is ready of what was asked (both when
    /// both are). An error or hang-up on the fd counts as every direction asked for.
    /// The fd itself is left as it is (no flag changed, nothing read).
    pub fn wait_event(
        &self,
        fd: RawFd,
        read: bool,
        write: bool,
        deadline: Option<Instant>,
    ) -> Result<Readiness, EventWaitError> {
        self.wait_fds(&[(fd, read, write)], deadline, false)
            .map(|ready| ready[0])
    }

    /// [`Runtime::wait_event`] on several fds at once: parks until one of them is ready
    /// (or `deadline`), and returns what is ready of each (`stream_select()`'s wait). An
    /// fd that cannot be waited on (a regular file: epoll refuses it; a closed one) is
    /// left out, reported as not ready; with none left, this is a plain wait until
    /// `deadline`.
    pub fn wait_events(
        &self,
        fds: &[(RawFd, bool, bool)],
        deadline: Option<Instant>,
    ) -> Result<Vec<Readiness>, EventWaitError> {
        self.wait_fds(fds, deadline, true)
    }

    fn wait_fds(
        &self,
        fds: &[(RawFd, bool, bool)],
        deadline: Option<Instant>,
        skip_failed: bool,
    ) -> Result<Vec<Readiness>, EventWaitError> {
        let os = |e: io::Error| EventWaitError::Os(e.raw_os_error().unwrap_or(libc::EIO));
        self.check_fork().map_err(os)?;
        let me = self.current_cid();
        // (index in `fds`, the copy, its key)
        let mut joined: Vec<(usize, RawFd, usize)> = Vec::with_capacity(fds.len());
        {
            let mut r = self.reactor_mut().map_err(os)?;
            for (i, &(fd, read, write)) in fds.iter().enumerate() {
                let key = reactor::dup_fd(fd).and_then(|copy| match r.register(copy, false) {
                    Ok(key) => Ok((copy, key)),
                    Err(e) => {
                        close(copy);
                        Err(e)
                    }
                });
                let (copy, key) = match key {
                    Ok(k) => k,
                    Err(_) if skip_failed => continue,
                    Err(e) => {
                        // Only the one-fd wait fails this way: nothing joined yet.
                        return Err(os(e));
                    }
                };
                r.owned.push(copy);
                let s = &mut r.fds[key];
                // Nothing is known yet: epoll reports at once what is ready.
                s.readable = false;
                s.writable = false;
                if read {
                    s.set_waiter(Direction::Read, me);
                }
                if write {
                    s.set_waiter(Direction::Write, me);
                }
                joined.push((i, copy, key));
            }
            if !joined.is_empty() {
                r.waiting += 1;
            }
        }
        let wake = self.park_until(deadline, true);
        let mut ready = vec![(false, false); fds.len()];
        let mut any = false;
        // None: reset under us; the reactor closed the copies as it went.
        if let Some(r) = self.reactor.borrow_mut().as_mut() {
            if !joined.is_empty() {
                r.waiting -= 1;
            }
            for &(i, copy, key) in &joined {
                let (_, read, write) = fds[i];
                // Every copy leaves: the first ready one resumed us, the others
                // must not wake us again (or keep an fd number in epoll).
                if let Some((rd, wr, hup)) = r.fds.get(key).map(|s| (s.readable, s.writable, s.hup))
                {
                    ready[i] = if hup {
                        (read, write)
                    } else {
                        (rd && read, wr && write)
                    };
                    any |= ready[i].0 || ready[i].1;
                }
                r.deregister(key, true);
                r.owned.retain(|&f| f != copy);
                // The original keeps the open file in epoll: deregister said EPOLL_CTL_DEL.
                close(copy);
            }
        }
        match wake {
            Wake::Ready if any => Ok(ready),
            Wake::Ready => Err(EventWaitError::Wake(Wake::Closed)),
            other => Err(EventWaitError::Wake(other)),
        }
    }
}

fn close(fd: RawFd) {
    // SAFETY: an fd this module made and nobody else holds.
    unsafe { libc::close(fd) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::os::unix::net::UnixStream;
    use std::rc::Rc;
    use std::time::Duration;

    /// The copies the reactor holds, and the coroutines it counts as waiting.
    fn held() -> (usize, usize) {
        with(|rt| {
            rt.reactor
                .borrow()
                .as_ref()
                .map_or((0, 0), |r| (r.owned.len(), r.waiting))
        })
    }

    #[test]
    fn wait_event_reports_and_closes_its_copy() {
        let (a, b) = UnixStream::pair().unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&a);
        let peer = std::os::fd::AsRawFd::as_raw_fd(&b);
        let log = Rc::new(RefCell::new(Vec::<String>::new()));
        let l = log.clone();
        spawn(Box::new(move || {
            let t = |ms| Some(deadline_after(Duration::from_millis(ms)));
            let w = |r, w, d| with(|rt| rt.wait_event(fd, r, w, d));
            l.borrow_mut().push(format!("{:?}", w(true, false, t(10))));
            l.borrow_mut().push(format!("{:?}", w(true, true, t(10))));
            // Two waiters on one fd: both get it.
            let l2 = l.clone();
            spawn(Box::new(move || {
                let got = with(|rt| rt.wait_event(fd, true, false, None));
                l2.borrow_mut().push(format!("other {got:?}"));
            }))
            .unwrap();
            spawn(Box::new(move || {
                sleep(Duration::from_millis(5));
                // SAFETY: one byte from a static to an open socket.
                unsafe { libc::write(peer, b"x".as_ptr().cast(), 1) };
            }))
            .unwrap();
            let got = w(true, false, t(2000));
            sleep(Duration::from_millis(5));
            l.borrow_mut().push(format!("{got:?}"));
            l.borrow_mut().push(format!("{:?}", w(true, true, t(2000))));
            l.borrow_mut()
                .push(format!("{:?}", poll_fd_now(fd, true, false)));
            l.borrow_mut()
                .push(format!("{:?}", poll_fd_now(fd, false, true)));
            l.borrow_mut()
                .push(format!("{:?}", poll_fd_now(9999, true, false)));
            // A regular file: epoll refuses it.
            let f = std::fs::File::open("/proc/self/cmdline").unwrap();
            let ffd = std::os::fd::AsRawFd::as_raw_fd(&f);
            let got = with(|rt| rt.wait_event(ffd, true, false, None));
            l.borrow_mut().push(format!("{got:?}"));
            let got = with(|rt| rt.wait_event(9999, true, false, None));
            l.borrow_mut().push(format!("{got:?}"));
            // Cancelled: its copy goes too.
            let me = current_cid();
            spawn(Box::new(move || {
                sleep(Duration::from_millis(1));
                with(|rt| rt.cancel(me)).unwrap();
            }))
            .unwrap();
            let got = with(|rt| rt.wait_event(peer, true, false, None));
            l.borrow_mut().push(format!("{got:?}"));
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Done);
        assert_eq!(
            *log.borrow(),
            [
                "Err(Wake(Timeout))",
                "Ok((false, true))",
                "other Ok((true, false))",
                "Ok((true, false))",
                "Ok((true, true))",
                "Ok((true, false))",
                "Ok((false, true))",
                "Err(Os(9))",
                "Err(Os(1))",
                "Err(Os(9))",
                "Err(Wake(Cancelled))",
            ]
        );
        assert_eq!(held(), (0, 0), "every copy closed");
        // A coroutine left in the wait (the loop stopped under it) leaves its copy to
        // the reactor, which closes it as it goes.
        spawn(Box::new(move || {
            let _ = with(|rt| rt.wait_event(peer, true, false, None));
        }))
        .unwrap();
        spawn(Box::new(|| {
            sleep(Duration::from_millis(1));
            with(|rt| rt.stop());
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Stopped);
        assert_eq!(held(), (1, 1));
        with(|rt| rt.reset());
        assert_eq!(held(), (0, 0));
        drop((a, b));
    }

    #[test]
    fn wait_events_wakes_on_any_and_closes_every_copy() {
        let (a, a2) = UnixStream::pair().unwrap();
        let (b, b2) = UnixStream::pair().unwrap();
        let fa = std::os::fd::AsRawFd::as_raw_fd(&a);
        let fb = std::os::fd::AsRawFd::as_raw_fd(&b);
        let pb = std::os::fd::AsRawFd::as_raw_fd(&b2);
        let log = Rc::new(RefCell::new(Vec::<String>::new()));
        let l = log.clone();
        spawn(Box::new(move || {
            let t = |ms| Some(deadline_after(Duration::from_millis(ms)));
            let f = std::fs::File::open("/proc/self/cmdline").unwrap();
            let ff = std::os::fd::AsRawFd::as_raw_fd(&f);
            // Nothing readable: the timeout (the regular file is left out, not an error).
            let got = with(|rt| {
                rt.wait_events(
                    &[(fa, true, false), (ff, true, false), (fb, true, false)],
                    t(10),
                )
            });
            l.borrow_mut().push(format!("{got:?}"));
            spawn(Box::new(move || {
                sleep(Duration::from_millis(5));
                // SAFETY: one byte from a static to an open socket.
                unsafe { libc::write(pb, b"x".as_ptr().cast(), 1) };
            }))
            .unwrap();
            // The second fd becomes readable: only it is reported.
            let got = with(|rt| rt.wait_events(&[(fa, true, false), (fb, true, false)], t(2000)));
            l.borrow_mut().push(format!("{got:?}"));
            // Only a regular file: a plain wait until the deadline.
            let got = with(|rt| rt.wait_events(&[(ff, true, false)], t(5)));
            l.borrow_mut().push(format!("{got:?}"));
            drop(f);
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Done);
        assert_eq!(
            *log.borrow(),
            [
                "Err(Wake(Timeout))",
                "Ok([(false, false), (true, false)])",
                "Err(Wake(Timeout))",
            ]
        );
        assert_eq!(held(), (0, 0), "every copy closed");
        drop((a, a2, b, b2));
    }
}
