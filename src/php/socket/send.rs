//! Sending: send(), sendAll(), sendto(), sendFile().

use std::borrow::Cow;
use std::os::fd::AsRawFd;

use super::setup::send_address;
use super::{fail, limit, net_err, notice, return_count, set_err, this, Obj, Sock, Wait};
use crate::net::NetError;
use crate::php::call::{php_fn, Cx, Fail};
use crate::php::errors::{self, set_last_error, SW_ERROR_SYSTEM_CALL_FAIL};
use crate::php::zend;
use crate::runtime::Timeout;

#[inline]
fn send_impl(cx: &Cx, data: &[u8], timeout: f64, all: bool) -> Result<i64, Fail> {
    errors::require_coroutine();
    let (obj, s) = this(cx)?;
    let t = limit(obj, s, s.timeout(timeout, Wait::Write))?;
    if all {
        return send_all(obj, s, data, t);
    }
    return_count(obj, s, s.net.send(data, t))
}

/// sendAll() (and Co\Client's send()): every byte within `t`, or what went out before an
/// error (recorded), or false when nothing did.
#[inline(always)]
pub(super) fn send_all(obj: Obj, s: &Sock, data: &[u8], t: Timeout) -> Result<i64, Fail> {
    let r = match s.net.send_all(data, t) {
        (0, Some(e)) if !data.is_empty() => Err(e),
        (n, Some(e)) => {
            net_err(obj, s, e);
            return Ok(n as i64);
        }
        (n, None) => Ok(n),
    };
    return_count(obj, s, r)
}

php_fn! {
    /// One write; may write less than asked.
    "send" fn sock_send(cx, data: &[u8], timeout: f64 = "0") -> "int|false" {
        send_impl(cx, data, timeout, false)
    }
}

php_fn! {
    "sendAll" fn sock_send_all(cx, data: &[u8], timeout: f64 = "0") -> "int|false" {
        send_impl(cx, data, timeout, true)
    }
}

php_fn! {
    "sendto" fn sock_sendto(cx, addr: &[u8], port: i64, data: &[u8]) -> "int|false" {
        errors::require_coroutine();
        let (obj, s) = this(cx)?;
        if s.net.sock_type() & 0xf == libc::SOCK_STREAM {
            return Err(fail(obj, s, NetError::Os(libc::EPROTONOSUPPORT)));
        }
        let t = limit(obj, s, s.timeout(0.0, Wait::Write))?;
        let r = send_address(s, addr, port).and_then(|a| s.net.sendto_raw(data, &a, t));
        return_count(obj, s, r)
    }
}

php_fn! {
    /// $length 0: to the end of the file.
    "sendFile" fn sock_send_file(cx, file: Cow<str>, offset: i64 = "0", length: i64 = "0") -> "bool" {
        errors::require_coroutine();
        if file.is_empty() {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(zend::E_WARNING, "file to send is empty");
            return Err(Fail::False);
        }
        if offset < 0 {
            return Err(notice(&format!(
                "parameter $offset[{offset}] must be greater than or equal to 0"
            )));
        }
        if length < 0 {
            return Err(notice(&format!(
                "parameter $length[{length}] must be greater than or equal to 0"
            )));
        }
        let (obj, s) = this(cx)?;
        send_file(obj, s, &file, offset, length)
    }
}

/// sendFile() (and Co\Client's sendfile()) once its arguments are checked.
pub(super) fn send_file(
    obj: Obj,
    s: &Sock,
    path: &str,
    offset: i64,
    length: i64,
) -> Result<bool, Fail> {
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(libc::EIO);
            set_err(
                obj,
                code,
                &format!("open({path}) failed, {}", errors::strerror(code)),
            );
            return Err(Fail::False);
        }
    };
    let end = if length == 0 {
        f.metadata().map(|m| m.len() as i64).unwrap_or(0)
    } else {
        offset.saturating_add(length)
    };
    let want = (end - offset).max(0) as usize;
    let t = limit(obj, s, s.timeout(0.0, Wait::Write))?;
    match s.net.sendfile(f.as_raw_fd(), offset, want, t) {
        (n, None) if n == want => Ok(true),
        // The file ended before `length` bytes: what it had went out (Swoole's code).
        (_, None) => {
            set_err(obj, SW_ERROR_SYSTEM_CALL_FAIL, "sendfile return zero");
            Err(Fail::False)
        }
        (_, Some(NetError::Os(code))) => {
            let msg = format!(
                "sendfile({}, {path}) failed, {}",
                s.net.fd(),
                errors::strerror(code)
            );
            set_err(obj, code, &msg);
            Err(Fail::False)
        }
        (_, Some(e)) => Err(fail(obj, s, e)),
    }
}
