//! The PHP stream behind an imported socket (`Socket::import()`): its fd, whether it is
//! still open, and closing it.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use ext_php_rs::types::Zval;

use crate::php::zend;

extern "C" {
    fn zend_fetch_resource2_ex(
        res: *mut zend::zval,
        name: *const c_char,
        t1: c_int,
        t2: c_int,
    ) -> *mut c_void;
    fn php_file_le_stream() -> c_int;
    fn php_file_le_pstream() -> c_int;
    fn _php_stream_cast(
        stream: *mut c_void,
        castas: c_int,
        ret: *mut *mut c_void,
        show_err: c_int,
    ) -> c_int;
    pub(super) fn _php_stream_free(stream: *mut c_void, close_options: c_int) -> c_int;
}

/// php_stream_free() options: call the stream's close, free the stream, keep the
/// resource (it becomes a closed one).
pub(super) const PHP_STREAM_FREE_CLOSE: c_int = 1 | 2;
pub(super) const PHP_STREAM_FREE_KEEP_RSRC: c_int = 64;

/// The fd behind a PHP stream resource (warning and None if it has none).
///
/// # Safety
/// `z` is a live zval; PHP's thread, executor active.
pub(super) unsafe fn stream_fd(z: *mut zend::zval) -> Option<c_int> {
    // 2 = PHP_STREAM_AS_SOCKETD
    stream_fd_as(z, 2)
}

/// [`stream_fd`] cast as `castas` (a `PHP_STREAM_AS_*` value and flags).
///
/// # Safety
/// As [`stream_fd`].
pub(crate) unsafe fn stream_fd_as(z: *mut zend::zval, castas: c_int) -> Option<c_int> {
    stream_fd_cast(z, castas, true)
}

/// The fd behind a PHP stream resource cast as `castas`; with `report` false nothing is
/// said when `z` is no stream or the stream has no such fd (stream_select's look already
/// reported it).
///
/// # Safety
/// As [`stream_fd`].
pub(crate) unsafe fn stream_fd_cast(
    z: *mut zend::zval,
    castas: c_int,
    report: bool,
) -> Option<c_int> {
    // A null type name makes the fetch silent.
    let name = if report {
        c"stream".as_ptr()
    } else {
        ptr::null()
    };
    let stream = zend_fetch_resource2_ex(z, name, php_file_le_stream(), php_file_le_pstream());
    if stream.is_null() {
        return None;
    }
    let mut fd: c_int = -1;
    // show_err: 1 = REPORT_ERRORS
    if _php_stream_cast(
        stream,
        castas,
        (&mut fd as *mut c_int).cast(),
        c_int::from(report),
    ) != 0
        || fd < 0
    {
        return None;
    }
    Some(fd)
}

/// The stream an imported socket's zval still names, or null once it was closed.
///
/// # Safety
/// PHP's thread; `z` is a live zval.
pub(super) unsafe fn live_stream(z: &Zval) -> *mut c_void {
    let zp = (z as *const Zval).cast_mut().cast::<zend::zval>();
    if (*zp).u1.v.type_ != zend::IS_RESOURCE {
        return ptr::null_mut();
    }
    let res = (*zp).value.res;
    if res.is_null()
        || ((*res).type_ != php_file_le_stream() && (*res).type_ != php_file_le_pstream())
    {
        return ptr::null_mut();
    }
    (*res).ptr
}
