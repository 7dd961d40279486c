//! Socket addresses: IPv4, IPv6 and Unix paths, to and from the kernel's sockaddr.

use std::ffi::OsStr;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::unix::ffi::OsStrExt;

/// An address a coroutine socket can bind, connect or send to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SockAddr {
    /// An IPv4 or IPv6 address with its port.
    Inet(SocketAddr),
    /// A filesystem path (or an abstract name starting with NUL); empty when unnamed.
    Unix(Vec<u8>),
}

impl SockAddr {
    /// Parses an IP literal of `domain`'s family (`AF_INET` or `AF_INET6`) with a port.
    /// None if `host` is not a literal of that family (it may be a host name).
    pub fn ip(domain: i32, host: &str, port: u16) -> Option<SockAddr> {
        let ip: IpAddr = host.parse().ok()?;
        match (domain, ip) {
            (libc::AF_INET, IpAddr::V4(v4)) => {
                Some(SockAddr::Inet(SocketAddr::V4(SocketAddrV4::new(v4, port))))
            }
            (libc::AF_INET6, IpAddr::V6(v6)) => Some(SockAddr::Inet(SocketAddr::V6(
                SocketAddrV6::new(v6, port, 0, 0),
            ))),
            _ => None,
        }
    }

    /// The address as `(text, port)`: the IP, or the path with port 0.
    pub fn host_port(&self) -> (String, u16) {
        let mut buf = [0; 46];
        let (text, port) = self.host_text(&mut buf);
        (text.into_owned(), port)
    }

    /// [`SockAddr::host_port`] without an allocation for an IP (written into `buf`).
    pub fn host_text<'a>(&'a self, buf: &'a mut [u8; 46]) -> (std::borrow::Cow<'a, str>, u16) {
        match self {
            SockAddr::Inet(a) => (std::borrow::Cow::Borrowed(ip_text(a.ip(), buf)), a.port()),
            SockAddr::Unix(p) => (String::from_utf8_lossy(p), 0),
        }
    }

    /// The kernel form and its length.
    pub fn raw(&self) -> (libc::sockaddr_storage, libc::socklen_t) {
        let mut st = empty_storage();
        let len = self.to_raw(&mut st);
        (st, len)
    }

    /// Writes the kernel form into `storage`; returns its length.
    pub fn to_raw(&self, storage: &mut libc::sockaddr_storage) -> libc::socklen_t {
        // SAFETY: sockaddr_storage is large enough and suitably aligned for every
        // sockaddr type; all-zero is a valid starting value.
        unsafe {
            *storage = zeroed();
            match self {
                SockAddr::Inet(SocketAddr::V4(a)) => {
                    let sin = &mut *(storage as *mut _ as *mut libc::sockaddr_in);
                    sin.sin_family = libc::AF_INET as libc::sa_family_t;
                    sin.sin_port = a.port().to_be();
                    sin.sin_addr.s_addr = u32::from(*a.ip()).to_be();
                    size_of::<libc::sockaddr_in>() as libc::socklen_t
                }
                SockAddr::Inet(SocketAddr::V6(a)) => {
                    let sin6 = &mut *(storage as *mut _ as *mut libc::sockaddr_in6);
                    sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                    sin6.sin6_port = a.port().to_be();
                    sin6.sin6_addr.s6_addr = a.ip().octets();
                    sin6.sin6_flowinfo = a.flowinfo();
                    sin6.sin6_scope_id = a.scope_id();
                    size_of::<libc::sockaddr_in6>() as libc::socklen_t
                }
                SockAddr::Unix(path) => {
                    let sun = &mut *(storage as *mut _ as *mut libc::sockaddr_un);
                    sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
                    let n = path.len().min(sun.sun_path.len() - 1);
                    for (dst, src) in sun.sun_path.iter_mut().zip(&path[..n]) {
                        *dst = *src as libc::c_char;
                    }
                    (std::mem::offset_of!(libc::sockaddr_un, sun_path)
                        + n
                        + usize::from(path.first() != Some(&0)))
                        as libc::socklen_t
                }
            }
        }
    }

    /// Reads the kernel form.
    pub fn from_raw(storage: &libc::sockaddr_storage, len: libc::socklen_t) -> Option<SockAddr> {
        match storage.ss_family as i32 {
            libc::AF_INET | libc::AF_INET6 => {
                // SAFETY: the family says which sockaddr this is; `len` bytes are valid.
                unsafe { sockaddr_to_std(storage as *const _ as *const libc::sockaddr, len) }
                    .map(SockAddr::Inet)
            }
            libc::AF_UNIX => Some(SockAddr::Unix(unix_path(storage, len).to_vec())),
            _ => None,
        }
    }

    /// A Unix path from text.
    pub fn unix(path: &str) -> SockAddr {
        SockAddr::Unix(OsStr::new(path).as_bytes().to_vec())
    }

    /// The unspecified address of a family (for `bind` of port 0 and friends).
    pub fn any(domain: i32, port: u16) -> Option<SockAddr> {
        match domain {
            libc::AF_INET => Some(SockAddr::Inet(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                port,
            ))),
            libc::AF_INET6 => Some(SockAddr::Inet(SocketAddr::new(
                IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                port,
            ))),
            _ => None,
        }
    }
}

/// An address in the kernel's form: what sendto(2) takes and recvfrom(2) fills, kept
/// as it is so that neither side converts (or allocates) per datagram.
#[derive(Clone, Copy)]
pub struct RawAddr {
    storage: libc::sockaddr_storage,
    /// 0: no address (a stream socket's recvfrom).
    len: libc::socklen_t,
}

impl RawAddr {
    /// No address, with room for the kernel to write one.
    pub fn empty() -> RawAddr {
        RawAddr {
            storage: empty_storage(),
            len: 0,
        }
    }

    /// The sockaddr, for a system call that reads `len()` bytes of it.
    pub fn as_ptr(&self) -> *const libc::sockaddr {
        (&self.storage as *const libc::sockaddr_storage).cast()
    }

    /// Its length in bytes (0: none).
    pub fn len(&self) -> libc::socklen_t {
        self.len
    }

    /// No address.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The storage and its length for a system call to fill (the length starts at
    /// the storage's size; the call writes what it used).
    pub fn to_fill(&mut self) -> (*mut libc::sockaddr, &mut libc::socklen_t) {
        self.len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        (
            (&mut self.storage as *mut libc::sockaddr_storage).cast(),
            &mut self.len,
        )
    }

    /// The IP address and port, if it is one.
    #[inline]
    pub fn inet(&self) -> Option<SocketAddr> {
        // SAFETY: the storage holds `len` bytes the kernel (or `to_raw`) wrote, within
        // its size.
        unsafe { sockaddr_to_std(self.as_ptr(), self.len) }
    }

    /// The path of a Unix address (see [`SockAddr::Unix`]), read in place.
    pub fn unix_path(&self) -> Option<&[u8]> {
        (self.len > 0 && self.storage.ss_family as i32 == libc::AF_UNIX)
            .then(|| unix_path(&self.storage, self.len))
    }

    /// As a [`SockAddr`]; None when there is none (or of a family it does not know).
    pub fn to_sockaddr(&self) -> Option<SockAddr> {
        if self.len == 0 {
            return None;
        }
        SockAddr::from_raw(&self.storage, self.len)
    }
}

impl From<&SockAddr> for RawAddr {
    fn from(a: &SockAddr) -> RawAddr {
        let (storage, len) = a.raw();
        RawAddr { storage, len }
    }
}

impl std::fmt::Debug for RawAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawAddr({:?})", self.to_sockaddr())
    }
}

/// The last IP literal a socket sent to, as text and port, with its kernel form:
/// sendto() to the same text again skips the parse. Only literals are kept (a name's
/// lookup may answer differently next time), so the text alone says the address.
#[derive(Clone, Debug)]
pub struct DestCache {
    /// The longest IP literal is 45 bytes ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255").
    host: [u8; 45],
    host_len: u8,
    port: u16,
    /// Empty while nothing is kept.
    addr: RawAddr,
}

impl Default for DestCache {
    fn default() -> DestCache {
        DestCache {
            host: [0; 45],
            host_len: 0,
            port: 0,
            addr: RawAddr::empty(),
        }
    }
}

impl DestCache {
    /// The address kept for `host` and `port`, if it is the last one.
    #[inline]
    pub fn get(&self, host: &[u8], port: i64) -> Option<&RawAddr> {
        (!self.addr.is_empty()
            && port == self.port as i64
            && host == &self.host[..self.host_len as usize])
            .then_some(&self.addr)
    }

    /// Keeps `addr`, parsed from the IP literal `host`, for the next call (a text
    /// too long to be a literal is not kept).
    pub fn put(&mut self, host: &[u8], port: u16, addr: RawAddr) {
        if host.len() > self.host.len() || addr.is_empty() {
            return;
        }
        self.host[..host.len()].copy_from_slice(host);
        self.host_len = host.len() as u8;
        self.port = port;
        self.addr = addr;
    }
}

/// The path of an AF_UNIX address, in place: empty for an unnamed socket; an abstract
/// name keeps its leading NUL, a filesystem path ends at its first NUL.
fn unix_path(storage: &libc::sockaddr_storage, len: libc::socklen_t) -> &[u8] {
    // SAFETY: the caller saw AF_UNIX: the storage holds a sockaddr_un.
    let sun = unsafe { &*(storage as *const _ as *const libc::sockaddr_un) };
    let off = std::mem::offset_of!(libc::sockaddr_un, sun_path);
    let n = (len as usize).saturating_sub(off).min(sun.sun_path.len());
    // SAFETY: `n` bytes of `sun_path` (c_char and u8 have one layout).
    let path = unsafe { std::slice::from_raw_parts(sun.sun_path.as_ptr().cast::<u8>(), n) };
    match path.iter().position(|&b| b == 0) {
        Some(end) if end > 0 => &path[..end],
        _ => path,
    }
}

/// A zeroed sockaddr_storage, for the kernel to fill (accept, recvfrom, getsockname).
pub fn empty_storage() -> libc::sockaddr_storage {
    // SAFETY: sockaddr_storage is plain integers; all-zero is a valid value.
    unsafe { zeroed() }
}

/// An IP address as text, written into `buf` without allocating (recvfrom() formats
/// one per datagram).
pub fn ip_text(ip: IpAddr, buf: &mut [u8; 46]) -> &str {
    let n = match ip {
        IpAddr::V4(v4) => {
            let mut n = 0;
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    buf[n] = b'.';
                    n += 1;
                }
                if octet >= 100 {
                    buf[n] = b'0' + octet / 100;
                    n += 1;
                }
                if octet >= 10 {
                    buf[n] = b'0' + octet / 10 % 10;
                    n += 1;
                }
                buf[n] = b'0' + octet % 10;
                n += 1;
            }
            n
        }
        IpAddr::V6(v6) => {
            use std::io::Write;
            let mut cursor = std::io::Cursor::new(&mut buf[..]);
            // 46 bytes hold the longest IPv6 text (INET6_ADDRSTRLEN).
            let _ = write!(cursor, "{v6}");
            cursor.position() as usize
        }
    };
    // Only ASCII digits, dots, colons and hex letters were written.
    std::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// Converts an INET/INET6 sockaddr.
///
/// # Safety
/// `sa` must point to `len` readable bytes of a socket address.
pub unsafe fn sockaddr_to_std(
    sa: *const libc::sockaddr,
    len: libc::socklen_t,
) -> Option<SocketAddr> {
    if sa.is_null() {
        return None;
    }
    // SAFETY (all three derefs): the caller vouches for `len` readable bytes at `sa`,
    // and each cast is taken only when `len` covers the struct it reads.
    match unsafe { (*sa).sa_family } as i32 {
        libc::AF_INET if len as usize >= std::mem::size_of::<libc::sockaddr_in>() => {
            let sin = unsafe { &*(sa as *const libc::sockaddr_in) };
            let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(sin.sin_port),
            )))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(a: SockAddr) {
        let (st, len) = a.raw();
        assert_eq!(SockAddr::from_raw(&st, len), Some(a));
    }

    #[test]
    fn raw_round_trips() {
        round_trip(SockAddr::ip(libc::AF_INET, "127.0.0.1", 8080).unwrap());
        round_trip(SockAddr::ip(libc::AF_INET6, "::1", 443).unwrap());
        round_trip(SockAddr::unix("/tmp/some.sock"));
    }

    #[test]
    fn ip_text_matches_display() {
        for ip in [
            "0.0.0.0",
            "127.0.0.1",
            "10.20.100.255",
            "255.255.255.255",
            "::1",
            "fe80::1:2",
            "2001:db8::ff00:42:8329",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(ip_text(ip, &mut [0; 46]), ip.to_string());
        }
    }

    #[test]
    fn raw_addr_converts_both_ways() {
        let a = SockAddr::ip(libc::AF_INET6, "::1", 53).unwrap();
        let raw = RawAddr::from(&a);
        assert_eq!(raw.to_sockaddr(), Some(a));
        assert_eq!(raw.inet(), Some("[::1]:53".parse().unwrap()));
        let unix = RawAddr::from(&SockAddr::unix("/tmp/x.sock"));
        assert_eq!(unix.inet(), None);
        assert_eq!(unix.unix_path(), Some(&b"/tmp/x.sock"[..]));
        let abstract_name = RawAddr::from(&SockAddr::Unix(b"\0name".to_vec()));
        assert_eq!(abstract_name.unix_path(), Some(&b"\0name"[..]));
        assert_eq!(raw.unix_path(), None);
        assert_eq!(RawAddr::empty().unix_path(), None);
        assert_eq!(unix.to_sockaddr(), Some(SockAddr::unix("/tmp/x.sock")));
        assert!(RawAddr::empty().is_empty());
        assert_eq!(RawAddr::empty().to_sockaddr(), None);
    }

    #[test]
    fn dest_cache_answers_only_for_the_same_text_and_port() {
        let mut c = DestCache::default();
        // Nothing kept: not even the empty text with port 0 matches.
        assert!(c.get(b"", 0).is_none());
        let a = RawAddr::from(&SockAddr::ip(libc::AF_INET, "127.0.0.1", 9000).unwrap());
        c.put(b"127.0.0.1", 9000, a);
        assert_eq!(
            c.get(b"127.0.0.1", 9000).and_then(RawAddr::to_sockaddr),
            a.to_sockaddr()
        );
        assert!(c.get(b"127.0.0.1", 9001).is_none());
        assert!(c.get(b"127.0.0.2", 9000).is_none());
        assert!(c.get(b"127.0.0.10", 9000).is_none());
        assert!(c.get(b"127.0.0.", 9000).is_none());
        assert!(c.get(b"127.0.0.1", 9000 + 65536).is_none());
        // Replaced by the next one.
        let b = RawAddr::from(&SockAddr::ip(libc::AF_INET, "10.0.0.1", 53).unwrap());
        c.put(b"10.0.0.1", 53, b);
        assert!(c.get(b"127.0.0.1", 9000).is_none());
        assert_eq!(
            c.get(b"10.0.0.1", 53).and_then(RawAddr::to_sockaddr),
            b.to_sockaddr()
        );
        // A text too long to be a literal is never kept.
        c.put(&[b'1'; 46], 53, a);
        assert!(c.get(&[b'1'; 46], 53).is_none());
        assert!(c.get(b"10.0.0.1", 53).is_some());
    }

    #[test]
    fn literals_must_match_the_family() {
        assert!(SockAddr::ip(libc::AF_INET, "::1", 1).is_none());
        assert!(SockAddr::ip(libc::AF_INET6, "127.0.0.1", 1).is_none());
        assert!(SockAddr::ip(libc::AF_INET, "localhost", 1).is_none());
        assert_eq!(
            SockAddr::ip(libc::AF_INET, "10.1.2.3", 9)
                .unwrap()
                .host_port(),
            ("10.1.2.3".into(), 9)
        );
    }
}
