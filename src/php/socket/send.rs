//! Sending: send(), sendAll(), sendto(), sendFile().

use std::ffi::c_char;
use std::os::fd::AsRawFd;
use std::ptr;

use super::setup::address;
use super::{bytes_arg, limit, net_err, notice, ret_false, return_count, set_err, this};
use crate::net::NetError;
use crate::php::errors::{self, set_last_error, SW_ERROR_SYSTEM_CALL_FAIL};
use crate::php::{php_fn, zend};

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn send_impl(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let (mut data, mut len, mut timeout): (*const c_char, usize, f64) = (ptr::null(), 0, 0.0);
    if !zend::fast_args(
        ex,
        1,
        &mut [
            zend::Fast::Str(&mut data, &mut len),
            zend::Fast::Double(&mut timeout),
        ],
    ) && zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|d".as_ptr(),
        &mut data,
        &mut len,
        &mut timeout,
    ) != 0
    {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let data = bytes_arg(data, len);
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.write)) else {
        return;
    };
    let r = if all {
        match s.net.send_all(data, t) {
            (0, Some(e)) if !data.is_empty() => Err(e),
            (n, Some(e)) => {
                net_err(obj, s, e);
                zend::zv(rv).set_long(n as i64);
                return;
            }
            (n, None) => Ok(n),
        }
    } else {
        s.net.send(data, t)
    };
    return_count(rv, obj, s, r);
}

php_fn!(sock_send, |ex, rv| { send_impl(ex, rv, false) });
php_fn!(sock_send_all, |ex, rv| { send_impl(ex, rv, true) });

php_fn!(sock_sendto, |ex, rv| {
    let (mut host, mut hlen, mut port, mut data, mut dlen): (
        *const c_char,
        usize,
        i64,
        *const c_char,
        usize,
    ) = (ptr::null(), 0, 0, ptr::null(), 0);
    if !zend::fast_args(
        ex,
        3,
        &mut [
            zend::Fast::Str(&mut host, &mut hlen),
            zend::Fast::Long(&mut port),
            zend::Fast::Str(&mut data, &mut dlen),
        ],
    ) && zend::zend_parse_parameters(
        zend::num_args(ex),
        c"sls".as_ptr(),
        &mut host,
        &mut hlen,
        &mut port,
        &mut data,
        &mut dlen,
    ) != 0
    {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    if s.net.sock_type() & 0xf == libc::SOCK_STREAM {
        net_err(obj, s, NetError::Os(libc::EPROTONOSUPPORT));
        return ret_false(rv);
    }
    let Some(t) = limit(rv, obj, s, s.timeout(0.0, |t| t.write)) else {
        return;
    };
    let r = address(s, &zend::str_arg(host, hlen), port, true)
        .and_then(|a| s.net.sendto(bytes_arg(data, dlen), &a, t));
    return_count(rv, obj, s, r);
});

php_fn!(sock_send_file, |ex, rv| {
    let (mut file, mut flen, mut offset, mut length): (*const c_char, usize, i64, i64) =
        (ptr::null(), 0, 0, 0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|ll".as_ptr(),
        &mut file,
        &mut flen,
        &mut offset,
        &mut length,
    ) != 0
    {
        return;
    }
    errors::require_coroutine();
    if flen == 0 {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(zend::E_WARNING, "file to send is empty");
        return ret_false(rv);
    }
    if offset < 0 {
        return notice(
            rv,
            &format!("parameter $offset[{offset}] must be greater than or equal to 0"),
        );
    }
    if length < 0 {
        return notice(
            rv,
            &format!("parameter $length[{length}] must be greater than or equal to 0"),
        );
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let path = zend::str_arg(file, flen);
    let f = match std::fs::File::open(&*path) {
        Ok(f) => f,
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(libc::EIO);
            set_err(
                obj,
                code,
                &format!("open({path}) failed, {}", errors::strerror(code)),
            );
            return ret_false(rv);
        }
    };
    let end = if length == 0 {
        f.metadata().map(|m| m.len() as i64).unwrap_or(0)
    } else {
        offset.saturating_add(length)
    };
    let want = (end - offset).max(0) as usize;
    let Some(t) = limit(rv, obj, s, s.timeout(0.0, |t| t.write)) else {
        return;
    };
    match s.net.sendfile(f.as_raw_fd(), offset, want, t) {
        (n, None) if n == want => zend::zv(rv).set_bool(true),
        // The file ended before `length` bytes: what it had went out (Swoole's code).
        (_, None) => {
            set_err(obj, SW_ERROR_SYSTEM_CALL_FAIL, "sendfile return zero");
            ret_false(rv);
        }
        (_, Some(NetError::Os(code))) => {
            let msg = format!(
                "sendfile({}, {path}) failed, {}",
                s.net.fd(),
                errors::strerror(code)
            );
            set_err(obj, code, &msg);
            ret_false(rv);
        }
        (_, Some(e)) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});
