//! Name resolution for sockets: getaddrinfo(3) run on the runtime's worker threads (so
//! nsswitch and resolv.conf work as for any program), and names in /etc/hosts answered
//! at once on the loop, as Swoole does, so they never wait behind slow lookups.

use std::ffi::{CStr, CString};
use std::net::{IpAddr, SocketAddr};
use std::time::{Instant, SystemTime};

use super::addr::sockaddr_to_std;
pub use crate::runtime::dns::Answer;
use crate::runtime::{self, Timeout, Wake};

/// Resolves `q` from a coroutine: /etc/hosts at once, else getaddrinfo on a worker
/// thread while the coroutine waits (at most `timeout`).
pub fn resolve(q: Query, timeout: impl Into<Timeout>) -> Result<Answer, Wake> {
    resolve_until(q, timeout.into().deadline())
}

/// [`resolve`] against an absolute deadline (None: no limit).
pub fn resolve_until(q: Query, deadline: Option<Instant>) -> Result<Answer, Wake> {
    if let Some(addrs) = from_hosts_file(&q) {
        return Ok(Ok(addrs));
    }
    runtime::with(|rt| rt.resolve_until(Box::new(move || lookup_blocking(&q)), deadline))
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
        Query {
            host: host.to_owned(),
            service: None,
            family,
            socktype: libc::SOCK_STREAM,
            protocol: 0,
        }
    }
}

/// The text of an EAI_* code.
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static, NUL-terminated string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned()
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
    HOSTS
        .with(|h| h.borrow_mut().lookup(&q.host, q.family))
        .map(|ips| {
            ips.into_iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect()
        })
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
            if ip.is_ipv4() == want_v4
                && names.iter().any(|n| n.eq_ignore_ascii_case(name))
                && !out.contains(ip)
            {
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
        assert_eq!(
            e[1],
            (
                ip("::1"),
                vec!["localhost".to_string(), "ip6-localhost".to_string()]
            )
        );
        assert_eq!(
            e[2],
            (
                ip("192.0.2.7"),
                vec!["Web".to_string(), "web.example".to_string()]
            )
        );
        // The machine's own file: localhost is there on every Debian system.
        if hosts_files_first() {
            let v4 = from_hosts_file(&Query::host("LocalHost", libc::AF_INET)).unwrap();
            assert!(v4.iter().all(|a| a.ip().is_loopback() && a.is_ipv4()));
            assert!(from_hosts_file(&Query::host("no-such-host.invalid", libc::AF_INET)).is_none());
        }
    }

    #[test]
    fn unknown_name_is_an_eai_error() {
        let err = lookup_blocking(&Query::host("no-such-host.invalid", libc::AF_INET)).unwrap_err();
        assert_ne!(err, 0);
        assert!(!gai_strerror(err).is_empty());
    }
}
