//! Name resolution off the event loop: getaddrinfo(3) on worker threads (so nsswitch
//! and resolv.conf work as for any program), results handed back through a queue and
//! the reactor's waker. Names in /etc/hosts are answered on the loop at once, as
//! Swoole does, so they never wait behind slow lookups.
//!
//! The pool grows whenever a lookup would otherwise wait for a busy worker: a lookup
//! stuck on a resolver that never answers holds its thread until the C library gives
//! up (resolv.conf's timeout × attempts, or longer), long after the coroutine that
//! asked stopped waiting, and must not delay the lookups behind it. Idle workers end
//! after a while. When no thread can be started and none is idle, the lookup fails at
//! once instead of waiting out its timeout.

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use mio::Waker;

/// Worker threads at most: room for lookups stuck on a dead resolver and for the
/// ones behind them.
const MAX_WORKERS: usize = 64;
/// A worker with nothing to do for this long ends.
const IDLE_EXIT: Duration = Duration::from_secs(30);
/// getaddrinfo needs little stack (Rust's default for a thread is 2 MiB).
const WORKER_STACK: usize = 256 * 1024;

/// Answers `q` from /etc/hosts when the system looks there first (nsswitch's
/// `hosts: files ...`, the default), as getaddrinfo would, but at once and on the
/// calling thread. None: not there (or not a query this covers): ask getaddrinfo.
pub fn from_hosts_file(q: &Query) -> Option<Vec<SocketAddr>> {
    if !matches!(q.family, libc::AF_INET | libc::AF_INET6) || !hosts_files_first() {
        return None;
    }
    let port = match &q.service {
        None => 0,
        Some(s) => s.parse::<u16>().ok()?,
    };
    HOSTS.with(|h| h.borrow_mut().lookup(&q.host, q.family)).map(|ips| ips.into_iter().map(|ip| SocketAddr::new(ip, port)).collect())
}

/// Whether nsswitch.conf sends host lookups to /etc/hosts before anything else.
fn hosts_files_first() -> bool {
    static FILES_FIRST: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FILES_FIRST.get_or_init(|| {
        let conf = std::fs::read_to_string("/etc/nsswitch.conf").unwrap_or_default();
        conf.lines()
            .filter_map(|l| l.trim_start().strip_prefix("hosts:"))
            .next()
            .is_some_and(|services| services.split_whitespace().next() == Some("files"))
    })
}

thread_local! {
    static HOSTS: std::cell::RefCell<HostsFile> = std::cell::RefCell::new(HostsFile::default());
}

/// /etc/hosts, parsed, and re-read when it changes.
#[derive(Default)]
struct HostsFile {
    /// Modification time and length when read.
    stamp: Option<(SystemTime, u64)>,
    /// Address and names of each line.
    entries: Vec<(IpAddr, Vec<String>)>,
}

impl HostsFile {
    const PATH: &'static str = "/etc/hosts";

    fn lookup(&mut self, name: &str, family: i32) -> Option<Vec<IpAddr>> {
        let meta = std::fs::metadata(Self::PATH).ok()?;
        let stamp = (meta.modified().ok()?, meta.len());
        if self.stamp != Some(stamp) {
            self.entries = parse_hosts(&std::fs::read_to_string(Self::PATH).ok()?);
            self.stamp = Some(stamp);
        }
        let want_v4 = family == libc::AF_INET;
        let mut out: Vec<IpAddr> = Vec::new();
        for (ip, names) in &self.entries {
            if ip.is_ipv4() == want_v4 && names.iter().any(|n| n.eq_ignore_ascii_case(name)) && !out.contains(ip) {
                out.push(*ip);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// The lines of a hosts file: an address, then names; `#` starts a comment.
fn parse_hosts(text: &str) -> Vec<(IpAddr, Vec<String>)> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split('#').next()?.split_whitespace();
            let ip: IpAddr = words.next()?.parse().ok()?;
            let names: Vec<String> = words.map(str::to_owned).collect();
            (!names.is_empty()).then_some((ip, names))
        })
        .collect()
}

/// A worker thread: takes lookups until the queue closes or it has been idle for
/// [`IDLE_EXIT`].
fn worker(rx: &Mutex<Receiver<Job>>, done: &Mutex<Vec<(u64, Answer)>>, pool: &Pool, waker: &Waker) {
    while let Some((id, q)) = next_job(rx, pool) {
        pool.queued.fetch_sub(1, SeqCst);
        let answer = lookup_blocking(&q);
        if let Ok(mut done) = done.lock() {
            done.push((id, answer));
        }
        let _ = waker.wake();
    }
    pool.live.fetch_sub(1, SeqCst);
}

/// The next job, counted as idle while waiting for it; None: time for this worker to end.
fn next_job(rx: &Mutex<Receiver<Job>>, pool: &Pool) -> Option<Job> {
    pool.idle.fetch_add(1, SeqCst);
    let Ok(rx) = rx.lock() else {
        pool.idle.fetch_sub(1, SeqCst);
        return None;
    };
    let job = rx.recv_timeout(IDLE_EXIT);
    pool.idle.fetch_sub(1, SeqCst);
    match job {
        Ok(job) => Some(job),
        // No longer counted as idle: one last look, so that a job sent by a submit
        // that still saw us idle is not left behind (see Resolver::submit).
        Err(RecvTimeoutError::Timeout) => rx.try_recv().ok(),
        Err(RecvTimeoutError::Disconnected) => None,
    }
}

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

/// Counters shared with the workers.
#[derive(Default)]
struct Pool {
    /// Workers alive.
    live: AtomicUsize,
    /// Workers waiting for a job.
    idle: AtomicUsize,
    /// Jobs sent and not yet taken by a worker.
    queued: AtomicUsize,
}

/// The worker pool and the bookkeeping of lookups in flight.
pub(crate) struct Resolver {
    jobs: Option<Sender<Job>>,
    job_rx: Arc<Mutex<Receiver<Job>>>,
    done: Arc<Mutex<Vec<(u64, Answer)>>>,
    pool: Arc<Pool>,
    max_workers: usize,
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
            pool: Arc::new(Pool::default()),
            max_workers: MAX_WORKERS,
            next_id: 0,
            pending: HashMap::new(),
            answers: HashMap::new(),
        }
    }

    /// Queues a lookup for the workers, starting one if none is free; returns its id.
    /// Fails when no worker is free and none can be started: the caller fails the
    /// lookup at once rather than waiting for a thread that may never come.
    pub fn submit(&mut self, q: Query, waker: &Arc<Waker>) -> io::Result<u64> {
        self.next_id += 1;
        let id = self.next_id;
        let Some(tx) = &self.jobs else { return Err(io::Error::from(io::ErrorKind::BrokenPipe)) };
        // Sent before the idle count is read: a worker that ends for idleness lowers
        // that count before its last look at the queue, so either it takes this job
        // or we see it gone and start another.
        let _ = tx.send((id, q));
        let queued = self.pool.queued.fetch_add(1, SeqCst) + 1;
        if queued <= self.pool.idle.load(SeqCst) {
            return Ok(id);
        }
        if self.pool.live.load(SeqCst) < self.max_workers {
            if let Err(e) = self.spawn_worker(waker.clone()) {
                if self.pool.idle.load(SeqCst) == 0 {
                    return Err(e);
                }
            }
        } else if self.pool.live.load(SeqCst) == 0 {
            return Err(io::Error::other("no resolver thread may be started"));
        }
        // Otherwise every worker is busy (some perhaps stuck): the job waits for the
        // first free one, within the lookup's own timeout.
        Ok(id)
    }

    fn spawn_worker(&mut self, waker: Arc<Waker>) -> io::Result<()> {
        let rx = self.job_rx.clone();
        let done = self.done.clone();
        let pool = self.pool.clone();
        pool.live.fetch_add(1, SeqCst);
        let spawned = thread::Builder::new()
            .name("cosocket-dns".into())
            .stack_size(WORKER_STACK)
            .spawn(move || worker(&rx, &done, &pool, &waker));
        if let Err(e) = spawned {
            self.pool.live.fetch_sub(1, SeqCst);
            return Err(e);
        }
        Ok(())
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
    fn hosts_file_lines() {
        let text = "127.0.0.1 localhost # loopback\n::1 localhost ip6-localhost\n# comment\n10.0.0.1\nbad line\n192.0.2.7 Web web.example\n";
        let e = parse_hosts(text);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0], (ip("127.0.0.1"), vec!["localhost".to_string()]));
        assert_eq!(e[1], (ip("::1"), vec!["localhost".to_string(), "ip6-localhost".to_string()]));
        assert_eq!(e[2], (ip("192.0.2.7"), vec!["Web".to_string(), "web.example".to_string()]));
        // The machine's own file: localhost is there on every Debian system.
        if hosts_files_first() {
            let v4 = from_hosts_file(&Query::host("LocalHost", libc::AF_INET)).unwrap();
            assert!(v4.iter().all(|a| a.ip().is_loopback() && a.is_ipv4()));
            assert!(from_hosts_file(&Query::host("no-such-host.invalid", libc::AF_INET)).is_none());
        }
    }

    #[test]
    fn a_pool_that_cannot_start_a_thread_fails_at_once() {
        let poll = mio::Poll::new().unwrap();
        let waker = Arc::new(Waker::new(poll.registry(), mio::Token(0)).unwrap());
        let mut r = Resolver::new();
        r.max_workers = 0;
        assert!(r.submit(Query::host("localhost", libc::AF_INET), &waker).is_err());
    }

    #[test]
    fn unknown_name_is_an_eai_error() {
        let err = lookup_blocking(&Query::host("no-such-host.invalid", libc::AF_INET)).unwrap_err();
        assert_ne!(err, 0);
        assert!(!gai_strerror(err).is_empty());
    }
}
