//! Name resolution off the event loop: getaddrinfo(3) on a few worker threads (so
//! /etc/hosts and nsswitch work as for any program), results handed back through a
//! queue and the reactor's waker.

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

use mio::Waker;

/// Worker threads started at most (lazily, one per concurrent lookup up to this).
const MAX_WORKERS: usize = 4;

/// What to look up: getaddrinfo's arguments.
#[derive(Clone, Debug)]
pub struct Query {
    /// The name (or IP literal) to look up.
    pub host: String,
    /// The service (port number or name), if any.
    pub service: Option<String>,
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC`.
    pub family: i32,
    /// `SOCK_STREAM`, `SOCK_DGRAM`... (0: any).
    pub socktype: i32,
    /// The protocol (0: any).
    pub protocol: i32,
}

impl Query {
    /// A lookup of `host`'s addresses of one family (`AF_INET`, `AF_INET6` or `AF_UNSPEC`).
    pub fn host(host: &str, family: i32) -> Query {
        Query { host: host.to_owned(), service: None, family, socktype: libc::SOCK_STREAM, protocol: 0 }
    }
}

/// A lookup's outcome: addresses in getaddrinfo's order, or its EAI_* code.
pub type Answer = Result<Vec<SocketAddr>, i32>;

/// The text of an EAI_* code.
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static, NUL-terminated string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned()
}

/// Runs getaddrinfo on the calling thread.
pub fn lookup_blocking(q: &Query) -> Answer {
    let host = CString::new(q.host.as_str()).map_err(|_| libc::EAI_NONAME)?;
    let service = match &q.service {
        Some(s) => Some(CString::new(s.as_str()).map_err(|_| libc::EAI_SERVICE)?),
        None => None,
    };
    // SAFETY: an all-zero addrinfo is the documented "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = q.family;
    hints.ai_socktype = q.socktype;
    hints.ai_protocol = q.protocol;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: the strings outlive the call; `res` is freed below with freeaddrinfo.
    let rc = unsafe {
        libc::getaddrinfo(
            host.as_ptr(),
            service.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            &hints,
            &mut res,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    let mut out = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: `p` walks the list getaddrinfo returned; each ai_addr has ai_addrlen bytes.
        let ai = unsafe { &*p };
        if let Some(addr) = unsafe { sockaddr_to_std(ai.ai_addr, ai.ai_addrlen) } {
            if !out.contains(&addr) {
                out.push(addr);
            }
        }
        p = ai.ai_next;
    }
    // SAFETY: `res` came from a successful getaddrinfo.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// Converts an INET/INET6 sockaddr.
///
/// # Safety
/// `sa` must point to `len` readable bytes of a socket address.
pub unsafe fn sockaddr_to_std(sa: *const libc::sockaddr, len: libc::socklen_t) -> Option<SocketAddr> {
    if sa.is_null() {
        return None;
    }
    // SAFETY (all three derefs): the caller vouches for `len` readable bytes at `sa`,
    // and each cast is taken only when `len` covers the struct it reads.
    match unsafe { (*sa).sa_family } as i32 {
        libc::AF_INET if len as usize >= std::mem::size_of::<libc::sockaddr_in>() => {
            let sin = unsafe { &*(sa as *const libc::sockaddr_in) };
            let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddr::V4(SocketAddrV4::new(ip, u16::from_be(sin.sin_port))))
        }
        libc::AF_INET6 if len as usize >= std::mem::size_of::<libc::sockaddr_in6>() => {
            // SAFETY: as above: `len` covers a sockaddr_in6.
            let sin6 = unsafe { &*(sa as *const libc::sockaddr_in6) };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            Some(SocketAddr::V6(SocketAddrV6::new(
                ip,
                u16::from_be(sin6.sin6_port),
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

type Job = (u64, Query);

/// The worker pool and the bookkeeping of lookups in flight.
pub(crate) struct Resolver {
    jobs: Option<Sender<Job>>,
    job_rx: Arc<Mutex<Receiver<Job>>>,
    done: Arc<Mutex<Vec<(u64, Answer)>>>,
    workers: usize,
    next_id: u64,
    /// Lookups whose coroutine still waits: id -> cid.
    pub pending: HashMap<u64, super::Cid>,
    /// Answers delivered to a woken coroutine, not yet taken.
    pub answers: HashMap<u64, Answer>,
}

impl Resolver {
    pub fn new() -> Resolver {
        let (tx, rx) = channel();
        Resolver {
            jobs: Some(tx),
            job_rx: Arc::new(Mutex::new(rx)),
            done: Arc::new(Mutex::new(Vec::new())),
            workers: 0,
            next_id: 0,
            pending: HashMap::new(),
            answers: HashMap::new(),
        }
    }

    /// Queues a lookup for the workers; returns its id.
    pub fn submit(&mut self, q: Query, waker: &Arc<Waker>) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        if self.workers < MAX_WORKERS && self.workers < self.pending.len() + 1 {
            self.spawn_worker(waker.clone());
        }
        if let Some(tx) = &self.jobs {
            let _ = tx.send((id, q));
        }
        id
    }

    fn spawn_worker(&mut self, waker: Arc<Waker>) {
        let rx = self.job_rx.clone();
        let done = self.done.clone();
        let spawned = thread::Builder::new().name("cosocket-dns".into()).spawn(move || loop {
            let job = match rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok((id, q)) = job else { return };
            let answer = lookup_blocking(&q);
            if let Ok(mut done) = done.lock() {
                done.push((id, answer));
            }
            let _ = waker.wake();
        });
        if spawned.is_ok() {
            self.workers += 1;
        }
    }

    /// In a forked child, where the workers do not exist and their mutexes may stay
    /// locked forever: forgets this resolver without dropping it (a drop would close
    /// the queue and could block on those mutexes) and returns the one to carry on
    /// with, if lookups were in flight. That one has no workers yet (they start with
    /// the next lookup) and holds each lookup in flight as done with `EAI_AGAIN`, so
    /// its coroutine wakes with a failure once the loop sees the new waker fire.
    pub fn forked(mut self) -> Option<Resolver> {
        let pending = std::mem::take(&mut self.pending);
        let answers = std::mem::take(&mut self.answers);
        let next_id = self.next_id;
        std::mem::forget(self);
        if pending.is_empty() && answers.is_empty() {
            return None;
        }
        let mut fresh = Resolver::new();
        if let Ok(mut done) = fresh.done.lock() {
            done.extend(pending.keys().map(|&id| (id, Err(libc::EAI_AGAIN))));
        }
        fresh.next_id = next_id;
        fresh.pending = pending;
        fresh.answers = answers;
        Some(fresh)
    }

    /// Answers that came back since the last call.
    pub fn take_done(&mut self) -> Vec<(u64, Answer)> {
        match self.done.lock() {
            Ok(mut d) => std::mem::take(&mut *d),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        // Closing the queue ends the workers once their current lookup returns.
        self.jobs = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_localhost_and_literals() {
        let v4 = lookup_blocking(&Query::host("127.0.0.1", libc::AF_INET)).unwrap();
        assert_eq!(v4, vec!["127.0.0.1:0".parse().unwrap()]);
        let lh = lookup_blocking(&Query::host("localhost", libc::AF_INET)).unwrap();
        assert!(lh.iter().any(|a| a.ip().is_loopback()));
        let v6 = lookup_blocking(&Query::host("::1", libc::AF_INET6)).unwrap();
        assert_eq!(v6[0].ip(), "::1".parse::<std::net::IpAddr>().unwrap());
    }

    #[test]
    fn unknown_name_is_an_eai_error() {
        let err = lookup_blocking(&Query::host("no-such-host.invalid", libc::AF_INET)).unwrap_err();
        assert_ne!(err, 0);
        assert!(!gai_strerror(err).is_empty());
    }
}
