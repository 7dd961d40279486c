//! The multicast and IPv6 packet-info options of `setOption()`/`getOption()`, converted
//! as ext-sockets converts them (Swoole uses its code): an interface by name or index,
//! loop flags as booleans, TTL/hops range-checked, `IPV6_PKTINFO` from an array.

use std::ffi::c_int;
use std::net::{Ipv4Addr, Ipv6Addr};

use ext_php_rs::types::Zval;

use super::Sock;
use crate::php::zend;
use crate::php::zval::{to_long, truthy};

/// `IPV6_PKTINFO`'s option number on Linux.
const IPV6_PKTINFO: i32 = 50;

/// The raw value of a multicast option, `Some(None)` after a warning (the call returns
/// false), or None when (`level`, `name`) is not one of these options.
pub(super) fn set_value(s: &Sock, level: i32, name: i32, value: &Zval) -> Option<Option<Vec<u8>>> {
    let raw = match (level, name) {
        (libc::IPPROTO_IP, libc::IP_MULTICAST_IF) => {
            let Some(index) = if_index(value) else {
                return Some(None);
            };
            let Some(addr) = addr_of_index(s.net.fd(), index) else {
                return Some(None);
            };
            addr.octets().to_vec()
        }
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF) => match if_index(value) {
            Some(index) => index.to_ne_bytes().to_vec(),
            None => return Some(None),
        },
        (libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP) => vec![truthy(value) as u8],
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP) => {
            (truthy(value) as i32).to_ne_bytes().to_vec()
        }
        (libc::IPPROTO_IP, libc::IP_MULTICAST_TTL) => match in_range(value, 0) {
            Some(v) => vec![v as u8],
            None => return Some(None),
        },
        (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS) => match in_range(value, -1) {
            Some(v) => (v as i32).to_ne_bytes().to_vec(),
            None => return Some(None),
        },
        (libc::IPPROTO_IPV6, IPV6_PKTINFO) => return Some(pktinfo(value)),
        _ => return None,
    };
    Some(Some(raw))
}

/// A TTL or hop limit between `low` and 255, or a warning.
fn in_range(value: &Zval, low: i64) -> Option<i64> {
    let v = to_long(value);
    if (low..=255).contains(&v) {
        Some(v)
    } else {
        zend::error_docref(
            zend::E_WARNING,
            &format!("Expected a value between {low} and 255"),
        );
        None
    }
}

/// An interface given by index (an int) or by name (anything else, as a string).
fn if_index(v: &Zval) -> Option<u32> {
    if let Some(n) = v.long() {
        if !(0..=u32::MAX as i64).contains(&n) {
            zend::error_docref(
                zend::E_WARNING,
                &format!(
                    "The interface index cannot be negative or larger than {}; given {n}",
                    u32::MAX
                ),
            );
            return None;
        }
        return Some(n as u32);
    }
    let name = v.string().unwrap_or_default();
    let index = if name.contains('\0') {
        0
    } else {
        // SAFETY: a NUL-terminated name, only read.
        unsafe { libc::if_nametoindex(zend::cstr(&name).as_ptr()) }
    };
    if index == 0 {
        zend::error_docref(
            zend::E_WARNING,
            &format!("no interface with name \"{name}\" could be found"),
        );
        return None;
    }
    Some(index)
}

/// The IPv4 address of interface `index` (0: any), asked of the kernel through `fd`.
fn addr_of_index(fd: c_int, index: u32) -> Option<Ipv4Addr> {
    if index == 0 {
        return Some(Ipv4Addr::UNSPECIFIED);
    }
    // SAFETY: an all-zero ifreq is valid (plain C data).
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    req.ifr_ifru.ifru_ifindex = index as c_int;
    // SAFETY (both ioctls): `req` is a valid ifreq the kernel reads and fills.
    let ok = unsafe {
        libc::ioctl(fd, libc::SIOCGIFNAME, &mut req) == 0
            && libc::ioctl(fd, libc::SIOCGIFADDR, &mut req) == 0
    };
    if !ok {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        zend::error_docref(
            zend::E_WARNING,
            &format!("Failed obtaining address for interface {index}: error {e}"),
        );
        return None;
    }
    // SAFETY: SIOCGIFADDR filled the union's address with an AF_INET sockaddr_in.
    let sin =
        unsafe { &*(&req.ifr_ifru.ifru_addr as *const libc::sockaddr).cast::<libc::sockaddr_in>() };
    Some(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)))
}

/// The index of the interface that has IPv4 address `addr` (0 for any, or if none).
pub(super) fn index_of_addr(addr: Ipv4Addr) -> u32 {
    if addr.is_unspecified() {
        return 0;
    }
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list`, freed below; each entry is read while it lives.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return 0;
        }
        let mut found = 0;
        let mut p = list;
        while !p.is_null() {
            let a = (*p).ifa_addr;
            if !a.is_null() && (*a).sa_family as i32 == libc::AF_INET {
                let sin = &*a.cast::<libc::sockaddr_in>();
                if Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)) == addr {
                    found = libc::if_nametoindex((*p).ifa_name);
                    break;
                }
            }
            p = (*p).ifa_next;
        }
        libc::freeifaddrs(list);
        found
    }
}

/// A `struct in6_pktinfo` from `['addr' => IPv6 address, 'ifindex' => index or name]`.
fn pktinfo(value: &Zval) -> Option<Vec<u8>> {
    let warn = |path: &str, msg: &str| {
        zend::error_docref(
            zend::E_WARNING,
            &format!("error converting user data (path: {path}): {msg}"),
        )
    };
    let Some(ht) = value.array() else {
        warn("in6_pktinfo", "expected an array here");
        return None;
    };
    let Some(addr) = ht.get("addr") else {
        warn("in6_pktinfo", "The key 'addr' is required");
        return None;
    };
    let Some(ifindex) = ht.get("ifindex") else {
        warn("in6_pktinfo", "The key 'ifindex' is required");
        return None;
    };
    let text = addr.string().unwrap_or_default();
    let Ok(ip) = text.parse::<Ipv6Addr>() else {
        warn(
            "in6_pktinfo > addr",
            &format!("could not resolve address '{text}' to get an AF_INET6 address"),
        );
        return None;
    };
    let index = if_index(ifindex)?;
    let mut raw = ip.octets().to_vec();
    raw.extend_from_slice(&index.to_ne_bytes());
    Some(raw)
}
