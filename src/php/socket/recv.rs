//! Receiving: recv(), recvAll(), recvLine(), recvWithBuffer(), peek(), recvfrom(), and
//! the spare receive buffer they share.

use std::net::IpAddr;
use std::ptr;

use ext_php_rs::types::Zval;

use super::setup::fill_addr_array;
use super::{clear_err, fail, limit, net_err, this, Obj, Sock, Wait};
use crate::net::addr::ip_text;
use crate::net::{NetResult, RawAddr};
use crate::php::args::ByRef;
use crate::php::call::{php_fn, Cx, Fail};
use crate::php::errors;
use crate::php::state::REQUEST;
use crate::php::zend;
use crate::php::zend::{zstr_from, zstr_release};
use crate::runtime::Timeout;

/// Swoole's default buffer for recv*() and recvfrom() (SW_BUFFER_SIZE_BIG).
const BUFFER_SIZE_BIG: i64 = 65536;

#[derive(Clone, Copy)]
enum RecvMode {
    Once,
    All,
    Line,
    WithBuffer,
}

/// recv(), recvAll(), recvLine(), recvWithBuffer(): the bytes go straight into the
/// zend_string that is returned.
#[inline]
fn recv_into_string(cx: &Cx, length: i64, timeout: f64, mode: RecvMode) -> Result<(), Fail> {
    let length = if length <= 0 { BUFFER_SIZE_BIG } else { length };
    errors::require_coroutine();
    let (obj, s) = this(cx)?;
    let t = limit(obj, s, s.timeout(timeout, Wait::Read))?;
    let buf = recv_buffer(length as usize);
    // SAFETY: `buf` is a fresh buffer from recv_buffer, not shared.
    let spare = unsafe { zend::zstr_spare(buf) };
    let result = match mode {
        RecvMode::Once => s.net.recv(spare, t),
        RecvMode::Line => s.net.recv_line(spare, t),
        RecvMode::WithBuffer => s.net.recv_with_buffer(spare, t),
        RecvMode::All => match s.net.recv_all(spare, t) {
            (0, Some(e)) => Err(e),
            (n, Some(e)) => {
                // Swoole hands back what arrived, with the error that cut it short.
                net_err(obj, s, e);
                // SAFETY: recv_all wrote `n` bytes into `buf`.
                unsafe { finish_recv(cx.ret_ptr(), buf, n) };
                return Ok(());
            }
            (n, None) => Ok(n),
        },
    };
    // SAFETY: on Ok(n) the read wrote `n` bytes into `buf`.
    unsafe { return_read(cx.ret_ptr(), obj, s, buf, result) }
}

/// One read of up to `length` bytes into the return value `rv`: Co\Client's recv()
/// without framing.
pub(super) fn recv_once(
    rv: *mut zend::zval,
    obj: Obj,
    s: &Sock,
    length: usize,
    t: Timeout,
) -> Result<(), Fail> {
    let buf = recv_buffer(length);
    // SAFETY: a fresh buffer, not shared; on Ok(n) the read wrote `n` bytes into it.
    unsafe {
        let r = s.net.recv(zend::zstr_spare(buf), t);
        return_read(rv, obj, s, buf, r)
    }
}

/// Returns what a read put in `buf` (resetting the error properties), or false with
/// the error recorded.
///
/// # Safety
/// `buf` came from [`recv_buffer`] and holds `n` initialised bytes when `r` is `Ok(n)`;
/// `rv` is the call's (null) return value.
unsafe fn return_read(
    rv: *mut zend::zval,
    obj: Obj,
    s: &Sock,
    buf: *mut zend::zend_string,
    r: NetResult<usize>,
) -> Result<(), Fail> {
    match r {
        Ok(n) => {
            clear_err(obj);
            finish_recv(rv, buf, n);
            Ok(())
        }
        Err(e) => {
            release_recv_buffer(buf);
            Err(fail(obj, s, e))
        }
    }
}

// One spare receive buffer is kept between calls (`REQUEST.spare_recv`): a small
// message is copied out of it into a string of its size, so it costs neither a 64 KiB
// allocation nor a shrinking realloc; a large one is handed out as it is (shrunk in
// place: no copy). The request hooks forget it at RINIT and free it at RSHUTDOWN.

/// Results up to this size are copied (below it, shrinking would copy anyway).
const COPY_OUT_MAX: usize = 3072;

/// A buffer of `len` bytes for a receive: the spare one if it fits.
pub(super) fn recv_buffer(len: usize) -> *mut zend::zend_string {
    let spare = REQUEST.spare_recv.replace(ptr::null_mut());
    // SAFETY: the spare is a string from zstr_alloc, owned by nobody else.
    if !spare.is_null() && unsafe { (*spare).len } == len {
        return spare;
    }
    if !spare.is_null() {
        // SAFETY: as above; it is ours to free.
        unsafe { zend::zstr_free(spare) };
    }
    zend::zstr_alloc(len)
}

/// Gives an unused receive buffer back (or frees it if a spare is already kept).
///
/// # Safety
/// `buf` came from [`recv_buffer`] in this request and is no longer used by anyone.
pub(super) unsafe fn release_recv_buffer(buf: *mut zend::zend_string) {
    if REQUEST.spare_recv.get().is_null() {
        REQUEST.spare_recv.set(buf);
    } else {
        zend::zstr_free(buf);
    }
}

/// Makes `buf`'s first `n` bytes the call's return value `rv`.
///
/// # Safety
/// `buf` came from [`recv_buffer`] and its first `n` bytes are initialised; `rv` is the
/// call's (null) return value.
pub(super) unsafe fn finish_recv(rv: *mut zend::zval, buf: *mut zend::zend_string, n: usize) {
    if n == 0 {
        release_recv_buffer(buf);
        zend::return_empty_str(rv);
    } else if n <= COPY_OUT_MAX && (*buf).len > COPY_OUT_MAX {
        let out = zend::zstr_alloc(n);
        ptr::copy_nonoverlapping((*buf).val.as_ptr(), (*out).val.as_mut_ptr(), n);
        release_recv_buffer(buf);
        zend::return_str(rv, zend::zstr_finish(out, n));
    } else {
        zend::return_str(rv, zend::zstr_finish(buf, n));
    }
}

php_fn! {
    /// One read: '' when the peer has closed.
    "recv" fn sock_recv(cx, length: i64 = "65536", timeout: f64 = "0") -> "string|false" {
        recv_into_string(cx, length, timeout, RecvMode::Once)
    }
}

php_fn! {
    /// Reads until $length bytes, the peer closing, or an error (what arrived is returned).
    "recvAll" fn sock_recv_all(cx, length: i64 = "65536", timeout: f64 = "0") -> "string|false" {
        recv_into_string(cx, length, timeout, RecvMode::All)
    }
}

php_fn! {
    /// Up to and including the next "\n" (or "\r"); surplus stays buffered.
    "recvLine" fn sock_recv_line(cx, length: i64 = "65536", timeout: f64 = "0") -> "string|false" {
        recv_into_string(cx, length, timeout, RecvMode::Line)
    }
}

php_fn! {
    /// Reads through an internal buffer, for many small reads.
    "recvWithBuffer" fn sock_recv_with_buffer(cx, length: i64 = "65536", timeout: f64 = "0") -> "string|false" {
        recv_into_string(cx, length, timeout, RecvMode::WithBuffer)
    }
}

php_fn! {
    /// What is readable now, without consuming it or waiting (false + EAGAIN if nothing).
    "peek" fn sock_peek(cx, length: i64 = "65536") -> "string|false" {
        let length = if length <= 0 { BUFFER_SIZE_BIG } else { length };
        let (obj, s) = this(cx)?;
        peek_into(cx.ret_ptr(), obj, s, length as usize)
    }
}

/// What is readable now, up to `length` bytes, into the return value `rv`.
pub(super) fn peek_into(
    rv: *mut zend::zval,
    obj: Obj,
    s: &Sock,
    length: usize,
) -> Result<(), Fail> {
    let buf = recv_buffer(length);
    // SAFETY: a fresh buffer, not shared; on Ok(n) peek wrote `n` bytes into it.
    unsafe {
        let r = s.net.peek(zend::zstr_spare(buf));
        return_read(rv, obj, s, buf, r)
    }
}

php_fn! {
    /// @param array{address: string, port: int} $peername filled with the sender
    "recvfrom" fn sock_recvfrom(cx, peername: ByRef, timeout: f64 = "0") -> "string|false" {
        errors::require_coroutine();
        let (obj, s) = this(cx)?;
        let t = limit(obj, s, s.timeout(timeout, Wait::Read))?;
        let buf = recv_buffer(BUFFER_SIZE_BIG as usize);
        let mut from = RawAddr::empty();
        // SAFETY: a fresh buffer, not shared.
        match s.net.recvfrom_raw(unsafe { zend::zstr_spare(buf) }, &mut from, t) {
            Ok(n) => {
                clear_err(obj);
                if n > 0 {
                    let target = peername.0;
                    let target = if target.is_reference() {
                        target.dereference_mut()
                    } else {
                        target
                    };
                    let target: *mut zend::zval = (target as *mut Zval).cast();
                    // SAFETY: `target` is the argument's value, live for the call;
                    // the texts are live strings of ours.
                    match from.inet() {
                        Some(a) => unsafe {
                            fill_addr_array(target, s.peer_text(a.ip()), a.port() as i64)
                        },
                        None => {
                            // A Unix path, port 0. No address from the kernel (an unbound
                            // Unix sender, a stream socket): an empty one, as Swoole shows
                            // a socketpair's.
                            let path = from.unix_path().unwrap_or_default();
                            let text = zstr_from(String::from_utf8_lossy(path).as_bytes());
                            unsafe {
                                fill_addr_array(target, text, 0);
                                zstr_release(text);
                            }
                        }
                    }
                }
                // SAFETY: recvfrom wrote `n` bytes into `buf`.
                unsafe { finish_recv(cx.ret_ptr(), buf, n) };
                Ok(())
            }
            Err(e) => {
                // SAFETY: `buf` is unused.
                unsafe { release_recv_buffer(buf) };
                Err(fail(obj, s, e))
            }
        }
    }
}

impl Sock {
    /// The text of a sender's IP as a string the socket holds (borrowed): a datagram
    /// from the same sender as the last one costs no formatting and no allocation.
    fn peer_text(&self, ip: IpAddr) -> *mut zend::zend_string {
        if let Some((last, text)) = self.peer_text.take() {
            if last == ip {
                self.peer_text.set(Some((last, text)));
                return text;
            }
            // SAFETY: the socket's own reference, given up here.
            unsafe { zstr_release(text) };
        }
        let mut buf = [0; 46];
        let text = zstr_from(ip_text(ip, &mut buf).as_bytes());
        self.peer_text.set(Some((ip, text)));
        text
    }
}
