//! Receiving: recv(), recvAll(), recvLine(), recvWithBuffer(), peek(), recvfrom(), and
//! the spare receive buffer they share.

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::setup::addr_array;
use super::{clear_err, limit, net_err, ret_false, this, Sock};
use crate::net::{NetResult, SockAddr};
use crate::php::errors;
use crate::php::php_fn;
use crate::php::zend::{self, zend_object};

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
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn recv_into_string(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, mode: RecvMode) {
    let (mut length, mut timeout): (i64, f64) = (BUFFER_SIZE_BIG, 0.0);
    if !zend::fast_args(
        ex,
        0,
        &mut [
            zend::Fast::Long(&mut length),
            zend::Fast::Double(&mut timeout),
        ],
    ) && zend::zend_parse_parameters(
        zend::num_args(ex),
        c"|ld".as_ptr(),
        &mut length,
        &mut timeout,
    ) != 0
    {
        return;
    }
    if length <= 0 {
        length = BUFFER_SIZE_BIG;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.read)) else {
        return;
    };
    let buf = recv_buffer(length as usize);
    let spare = zend::zstr_spare(buf);
    let result = match mode {
        RecvMode::Once => s.net.recv(spare, t),
        RecvMode::Line => s.net.recv_line(spare, t),
        RecvMode::WithBuffer => s.net.recv_with_buffer(spare, t),
        RecvMode::All => match s.net.recv_all(spare, t) {
            (0, Some(e)) => Err(e),
            (n, Some(e)) => {
                // Swoole hands back what arrived, with the error that cut it short.
                net_err(obj, s, e);
                return finish_recv(rv, buf, n);
            }
            (n, None) => Ok(n),
        },
    };
    return_read(rv, obj, s, buf, result);
}

/// Returns what a read put in `buf` (resetting the error properties), or false with
/// the error recorded.
///
/// # Safety
/// As [`return_count`](super::return_count); `buf` came from [`recv_buffer`] and holds `n` initialised bytes when `r` is `Ok(n)`.
unsafe fn return_read(
    rv: *mut zend::zval,
    obj: *mut zend_object,
    s: &Sock,
    buf: *mut zend::zend_string,
    r: NetResult<usize>,
) {
    match r {
        Ok(n) => {
            clear_err(obj);
            finish_recv(rv, buf, n);
        }
        Err(e) => {
            release_recv_buffer(buf);
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

/// One spare receive buffer, kept between calls: a small message is copied out of it
/// into a string of its size, so it costs neither a 64 KiB allocation nor a shrinking
/// realloc; a large one is handed out as it is (shrunk in place: no copy).
static SPARE_RECV: AtomicPtr<zend::zend_string> = AtomicPtr::new(ptr::null_mut());

/// Results up to this size are copied (below it, shrinking would copy anyway).
const COPY_OUT_MAX: usize = 3072;

/// A buffer of `len` bytes for a receive: the spare one if it fits.
fn recv_buffer(len: usize) -> *mut zend::zend_string {
    let spare = SPARE_RECV.swap(ptr::null_mut(), Ordering::Relaxed);
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
unsafe fn release_recv_buffer(buf: *mut zend::zend_string) {
    if let Err(buf) = SPARE_RECV
        .compare_exchange(ptr::null_mut(), buf, Ordering::Relaxed, Ordering::Relaxed)
        .map_err(|_| buf)
    {
        zend::zstr_free(buf);
    }
}

/// Forgets any spare buffer left from an earlier request (RINIT): it was request
/// memory, gone with that request's heap, whether or not RSHUTDOWN freed it.
pub fn request_startup() {
    SPARE_RECV.store(ptr::null_mut(), Ordering::Relaxed);
}

/// Frees the spare buffer (RSHUTDOWN: before the request's memory goes).
pub fn request_shutdown() {
    let spare = SPARE_RECV.swap(ptr::null_mut(), Ordering::Relaxed);
    if !spare.is_null() {
        // SAFETY: the spare is ours; the Zend heap is still alive in RSHUTDOWN.
        unsafe { zend::zstr_free(spare) };
    }
}

/// # Safety
/// `rv` is a handler's return value; `buf` came from [`recv_buffer`] and its first `n` bytes are initialised.
unsafe fn finish_recv(rv: *mut zend::zval, buf: *mut zend::zend_string, n: usize) {
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

php_fn!(sock_recv, |ex, rv| {
    recv_into_string(ex, rv, RecvMode::Once)
});
php_fn!(sock_recv_all, |ex, rv| {
    recv_into_string(ex, rv, RecvMode::All)
});
php_fn!(sock_recv_line, |ex, rv| {
    recv_into_string(ex, rv, RecvMode::Line)
});
php_fn!(sock_recv_with_buffer, |ex, rv| {
    recv_into_string(ex, rv, RecvMode::WithBuffer)
});

php_fn!(sock_peek, |ex, rv| {
    let mut length: i64 = BUFFER_SIZE_BIG;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut length) != 0 {
        return;
    }
    if length <= 0 {
        length = BUFFER_SIZE_BIG;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let buf = recv_buffer(length as usize);
    let r = s.net.peek(zend::zstr_spare(buf));
    return_read(rv, obj, s, buf, r);
});

php_fn!(sock_recvfrom, |ex, rv| {
    let (mut peer, mut timeout): (*mut zend::zval, f64) = (ptr::null_mut(), 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"z|d".as_ptr(), &mut peer, &mut timeout)
        != 0
    {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.read)) else {
        return;
    };
    let buf = recv_buffer(BUFFER_SIZE_BIG as usize);
    match s.net.recvfrom(zend::zstr_spare(buf), t) {
        Ok((n, from)) => {
            clear_err(obj);
            if n > 0 {
                let target = zend::zv(peer);
                let target = if target.is_reference() {
                    target.dereference_mut()
                } else {
                    target
                };
                // No address from the kernel (an unbound Unix sender, a stream
                // socket): an empty one, as Swoole shows a socketpair's.
                let ht = addr_array(from.as_ref().unwrap_or(&SockAddr::Unix(Vec::new())));
                target.set_hashtable(ht);
            }
            finish_recv(rv, buf, n);
        }
        Err(e) => {
            release_recv_buffer(buf);
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});
