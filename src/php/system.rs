//! `Swoole\Coroutine\System`: `sleep()` (shared with `Swoole\Coroutine`) and the
//! lookups, `gethostbyname()`, `dnsLookup()` and `getaddrinfo()`, on the runtime's
//! resolver threads. `Swoole\Coroutine` answers the same calls.

use std::borrow::Cow;

use ext_php_rs::types::ZendHashTable;

use super::call::{php_fn, Fail};
use super::channel::{nan_timeout, wait_timeout, NanTimeout};
use super::decl::Func;
use super::errors::{self, require_coroutine, set_last_error};
use super::options::timeouts;
use super::zend;
use super::{system_io, system_wait};
use crate::net::dns;
use crate::runtime::{self, Timeout, Wake};

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
fn first_address(name: &[u8], family: i64, timeout: f64, api: Api) -> Result<String, Fail> {
    if name.is_empty() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        let msg = if api == Api::DnsLookup {
            "domain name empty"
        } else {
            "domain name is empty"
        };
        zend::error_docref(zend::E_WARNING, msg);
        return Err(Fail::False);
    }
    require_coroutine();
    let host = String::from_utf8_lossy(name);
    match resolve(dns::Query::host(&host, family as i32), timeout, api) {
        Some(addrs) => Ok(addrs[0].ip().to_string()),
        None => Err(Fail::False),
    }
}

/// `swoole_async_dns_lookup_coro()`: dnsLookup() with the same arguments.
pub(super) fn dns_lookup(name: &[u8], family: i64, timeout: f64) -> Result<String, Fail> {
    first_address(name, family, timeout, Api::DnsLookup)
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

php_fn! {
    /// Sleeps the current coroutine; false if it was cancelled. At least 0.001 s (NAN is refused); INF: until cancelled.
    "sleep" fn co_sleep(cx, seconds: f64) -> "bool" {
        // Written so that NAN fails the test too (Swoole's `seconds < 0.001` lets it
        // through, then sleeps with no timer, forever). NAN's last error is "Invalid
        // params", as for every NAN timeout; below 1 ms it is Swoole's.
        if seconds.is_nan() || seconds < 0.001 {
            set_last_error(if seconds.is_nan() {
                errors::SW_ERROR_INVALID_PARAMS
            } else {
                errors::SW_ERROR_PHP_FATAL_ERROR
            });
            zend::error_docref(
                zend::E_WARNING,
                "Timer must be greater than or equal to 0.001",
            );
            return false;
        }
        require_coroutine();
        // +INF: no timer at all, so only a cancel ends it (and the loop reports a
        // deadlock when nothing else can run), where Swoole's timer fails to arm with
        // the same outcome.
        let slept = match Timeout::from_secs(seconds).map(Timeout::duration) {
            Ok(Some(d)) => runtime::sleep(d),
            _ => runtime::with(|rt| rt.park(Timeout::NONE, true)) != Wake::Cancelled,
        };
        // Swoole's sleep ends through its timeout path, which leaves this code behind.
        set_last_error(if slept {
            errors::SW_ERROR_CO_TIMEDOUT
        } else {
            errors::SW_ERROR_CO_CANCELED
        });
        slept
    }
}

php_fn! {
    /// Resolves through getaddrinfo(3) on a worker thread: /etc/hosts is honoured.
    "gethostbyname" fn sys_gethostbyname(
        cx,
        domain_name: &[u8],
        r#type: i64 = "AF_INET",
        timeout: f64 = "-1",
    ) -> "string|false" {
        if !domain_name.is_empty() && !family_ok(r#type) {
            return Err(Fail::False);
        }
        first_address(domain_name, r#type, timeout, Api::GetHostByName)
    }
}

php_fn! {
    "dnsLookup" fn sys_dns_lookup(
        cx,
        domain_name: &[u8],
        timeout: f64 = "60",
        r#type: i64 = "AF_INET",
    ) -> "string|false" {
        first_address(domain_name, r#type, timeout, Api::DnsLookup)
    }
}

php_fn! {
    "getaddrinfo" fn sys_getaddrinfo(
        cx,
        domain: Cow<str>,
        family: i64 = "AF_INET",
        socktype: i64 = "SOCK_STREAM",
        protocol: i64 = "STREAM_IPPROTO_TCP",
        service: Option<Cow<str>> = "null",
        timeout: f64 = "-1",
    ) -> "array|bool" {
        if domain.is_empty() {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(zend::E_WARNING, "hostname is empty");
            return Err(Fail::False);
        }
        if !family_ok(family) {
            return Err(Fail::False);
        }
        require_coroutine();
        let q = dns::Query {
            host: domain.into_owned(),
            service: service.map(Cow::into_owned),
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
                Ok(ht)
            }
            None => Err(Fail::False),
        }
    }
}

/// System's methods, which `Swoole\Coroutine` answers too (in Swoole's order).
pub(super) const SYSTEM_METHODS: [Func; 12] = [
    sys_gethostbyname.public_static(),
    sys_dns_lookup.public_static(),
    system_io::sys_exec.public_static(),
    co_sleep.public_static(),
    sys_getaddrinfo.public_static(),
    system_io::sys_statvfs.public_static(),
    system_io::sys_read_file.public_static(),
    system_io::sys_write_file.public_static(),
    system_wait::sys_wait.public_static(),
    system_wait::sys_wait_pid.public_static(),
    system_wait::sys_wait_signal.public_static(),
    system_wait::sys_wait_event.public_static(),
];
