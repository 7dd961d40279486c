//! `Swoole\Coroutine\System`: `sleep()` (shared with `Swoole\Coroutine`) and the
//! lookups, `gethostbyname()`, `dnsLookup()` and `getaddrinfo()`, on the runtime's
//! resolver threads. `Swoole\Coroutine` answers the same calls.

use std::ptr;

use ext_php_rs::ffi;
use ext_php_rs::types::ZendHashTable;

use super::channel::{nan_timeout, wait_timeout, NanTimeout};
use super::coroutine::{co_sleep, timeouts};
use super::decl::{self, arg, opt, Func, Ty};
use super::errors::{self, require_coroutine, set_last_error};
use super::php_fn;
use super::zend::{
    self, MAY_BE_ARRAY, MAY_BE_BOOL, MAY_BE_DOUBLE, MAY_BE_FALSE, MAY_BE_LONG, MAY_BE_NULL,
    MAY_BE_STRING,
};
use crate::net::dns;
use crate::runtime::{Timeout, Wake};

/// A lookup's timeout: zero, negative or -INF take `socket_dns_timeout`; +INF has none.
fn dns_timeout(t: f64) -> Result<Timeout, NanTimeout> {
    let t = if t > 0.0 || t.is_nan() {
        t
    } else {
        timeouts().dns
    };
    wait_timeout(t)
}

/// Which API asks: each leaves its own last error on failure, as in Swoole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Api {
    /// `gethostbyname()`: 711 for a failed lookup, 712 for a timeout.
    GetHostByName,
    /// `dnsLookup()`: 711 whatever failed.
    DnsLookup,
    /// `getaddrinfo()`: getaddrinfo's own EAI_* code (`swoole_strerror($code,
    /// SWOOLE_STRERROR_GAI)`), 712 for a timeout.
    GetAddrInfo,
}

/// Resolves `q` from a coroutine; on failure sets Swoole's last error (see [`Api`])
/// and returns None. A NAN timeout fails at once with 505.
fn resolve(q: dns::Query, timeout: f64, api: Api) -> Option<Vec<std::net::SocketAddr>> {
    let Ok(timeout) = dns_timeout(timeout) else {
        nan_timeout();
        return None;
    };
    match dns::resolve(q, timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Some(addrs),
        Ok(answer) => {
            errors::warn_if_resolver_failed();
            set_last_error(match answer {
                Err(code) if api == Api::GetAddrInfo => code,
                _ => errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED,
            });
            None
        }
        Err(Wake::Timeout) if api != Api::DnsLookup => {
            set_last_error(errors::SW_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT);
            None
        }
        Err(Wake::Cancelled) => {
            set_last_error(errors::SW_ERROR_CO_CANCELED);
            None
        }
        Err(_) => {
            set_last_error(errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED);
            None
        }
    }
}

/// gethostbyname() and dnsLookup(): the first address of `name`, or false.
///
/// # Safety
/// `rv` is a handler's return value; `name` points to `len` readable bytes.
unsafe fn first_address(
    rv: *mut ffi::zval,
    name: *const std::ffi::c_char,
    len: usize,
    family: i64,
    timeout: f64,
    api: Api,
) {
    if len == 0 {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        let msg = if api == Api::DnsLookup {
            "domain name empty"
        } else {
            "domain name is empty"
        };
        zend::error_docref(zend::E_WARNING, msg);
        zend::zv(rv).set_bool(false);
        return;
    }
    require_coroutine();
    match resolve(
        dns::Query::host(&zend::str_arg(name, len), family as i32),
        timeout,
        api,
    ) {
        Some(addrs) => {
            let _ = zend::zv(rv).set_string(&addrs[0].ip().to_string(), false);
        }
        None => zend::zv(rv).set_bool(false),
    }
}

/// AF_INET or AF_INET6, else Swoole's warning (and its last error, 503).
fn family_ok(family: i64) -> bool {
    if family == libc::AF_INET as i64 || family == libc::AF_INET6 as i64 {
        return true;
    }
    set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
    zend::error_docref(
        zend::E_WARNING,
        "unknown protocol family, must be AF_INET or AF_INET6",
    );
    false
}

php_fn!(sys_gethostbyname, |ex, rv| {
    let (mut name, mut len): (*const std::ffi::c_char, usize) = (ptr::null(), 0);
    let (mut family, mut timeout): (i64, f64) = (libc::AF_INET as i64, -1.0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|ld".as_ptr(),
        &mut name,
        &mut len,
        &mut family,
        &mut timeout,
    ) != 0
    {
        return;
    }
    if len > 0 && !family_ok(family) {
        return zend::zv(rv).set_bool(false);
    }
    first_address(rv, name, len, family, timeout, Api::GetHostByName);
});

php_fn!(sys_dns_lookup, |ex, rv| {
    let (mut name, mut len): (*const std::ffi::c_char, usize) = (ptr::null(), 0);
    let (mut timeout, mut family): (f64, i64) = (60.0, libc::AF_INET as i64);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|dl".as_ptr(),
        &mut name,
        &mut len,
        &mut timeout,
        &mut family,
    ) != 0
    {
        return;
    }
    first_address(rv, name, len, family, timeout, Api::DnsLookup);
});

php_fn!(sys_getaddrinfo, |ex, rv| {
    let (mut name, mut len): (*const std::ffi::c_char, usize) = (ptr::null(), 0);
    let (mut family, mut socktype, mut protocol): (i64, i64, i64) = (
        libc::AF_INET as i64,
        libc::SOCK_STREAM as i64,
        libc::IPPROTO_TCP as i64,
    );
    let (mut service, mut service_len): (*const std::ffi::c_char, usize) = (ptr::null(), 0);
    let mut timeout: f64 = -1.0;
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|llls!d".as_ptr(),
        &mut name,
        &mut len,
        &mut family,
        &mut socktype,
        &mut protocol,
        &mut service,
        &mut service_len,
        &mut timeout,
    ) != 0
    {
        return;
    }
    if len == 0 {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(zend::E_WARNING, "hostname is empty");
        zend::zv(rv).set_bool(false);
        return;
    }
    if !family_ok(family) {
        return zend::zv(rv).set_bool(false);
    }
    require_coroutine();
    let q = dns::Query {
        host: zend::str_arg(name, len).into_owned(),
        service: (!service.is_null()).then(|| zend::str_arg(service, service_len).into_owned()),
        family: family as i32,
        socktype: socktype as i32,
        protocol: protocol as i32,
    };
    match resolve(q, timeout, Api::GetAddrInfo) {
        Some(addrs) => {
            let mut ht = ZendHashTable::new();
            for a in addrs {
                let _ = ht.push(a.ip().to_string());
            }
            zend::zv(rv).set_hashtable(ht);
        }
        None => zend::zv(rv).set_bool(false),
    }
});

const INT: Ty = Ty::of(MAY_BE_LONG);
const FLOAT: Ty = Ty::of(MAY_BE_DOUBLE);
const BOOL: Ty = Ty::of(MAY_BE_BOOL);
const STATIC: u32 = zend::ACC_PUBLIC | zend::ACC_STATIC;

const SLEEP_PARAMS: &[decl::Param] = &[arg("seconds", FLOAT)];
const GETHOSTBYNAME_PARAMS: &[decl::Param] = &[
    arg("domain_name", Ty::of(MAY_BE_STRING)),
    opt("type", INT, "AF_INET"),
    opt("timeout", FLOAT, "-1"),
];
const DNSLOOKUP_PARAMS: &[decl::Param] = &[
    arg("domain_name", Ty::of(MAY_BE_STRING)),
    opt("timeout", FLOAT, "60"),
    opt("type", INT, "AF_INET"),
];
const GETADDRINFO_PARAMS: &[decl::Param] = &[
    arg("domain", Ty::of(MAY_BE_STRING)),
    opt("family", INT, "AF_INET"),
    opt("socktype", INT, "SOCK_STREAM"),
    opt("protocol", INT, "STREAM_IPPROTO_TCP"),
    opt("service", Ty::of(MAY_BE_STRING | MAY_BE_NULL), "null"),
    opt("timeout", FLOAT, "-1"),
];
const STR_FALSE: Ty = Ty::of(MAY_BE_STRING | MAY_BE_FALSE);
const ARRAY_BOOL: Ty = Ty::of(MAY_BE_ARRAY | MAY_BE_BOOL);

pub(super) fn system_methods() -> Vec<Func<'static>> {
    vec![
        Func {
            name: "sleep",
            handler: co_sleep,
            params: SLEEP_PARAMS,
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "gethostbyname",
            handler: sys_gethostbyname,
            params: GETHOSTBYNAME_PARAMS,
            ret: STR_FALSE,
            flags: STATIC,
        },
        Func {
            name: "dnsLookup",
            handler: sys_dns_lookup,
            params: DNSLOOKUP_PARAMS,
            ret: STR_FALSE,
            flags: STATIC,
        },
        Func {
            name: "getaddrinfo",
            handler: sys_getaddrinfo,
            params: GETADDRINFO_PARAMS,
            ret: ARRAY_BOOL,
            flags: STATIC,
        },
    ]
}
