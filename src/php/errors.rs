//! Swoole's error vocabulary: its exception classes, the request's "last error",
//! `swoole_strerror()` and the `SWOOLE_ERROR_*` constants (from the core's table,
//! `crate::errors`).

use std::ffi::CStr;

use super::call::php_fn;
use super::decl::{self, Class};
use super::state::{PROCESS, REQUEST};
use super::zend::{self, zend_class_entry};

pub use crate::errors::code::*;
pub use crate::errors::{SW_ERROR_BEGIN, SW_ERROR_END};

/// Swoole's message for one of its own codes, strerror(3) below 500.
pub fn strerror(code: i32) -> String {
    if code < SW_ERROR_BEGIN {
        // SAFETY: strerror returns a valid C string (glibc: never null).
        return unsafe { CStr::from_ptr(libc::strerror(code)) }
            .to_string_lossy()
            .into_owned();
    }
    match crate::errors::message(code) {
        Some(m) => m.to_owned(),
        None => format!("Unknown error {code}"),
    }
}

/// Warns when the last lookup failed at once because no resolver thread could take
/// it (the runtime says why); call after a lookup failed.
pub fn warn_if_resolver_failed() {
    if let Some(e) = crate::runtime::with(|rt| rt.take_resolver_error()) {
        zend::error_docref(
            zend::E_WARNING,
            &format!("DNS lookup failed at once: no resolver thread could take it ({e})"),
        );
    }
}

/// Records `code` as what `swoole_last_error()` returns (the request's, see state.rs).
pub fn set_last_error(code: i32) {
    REQUEST.last_error.set(code);
}

pub fn last_error() -> i32 {
    REQUEST.last_error.get()
}

/// Sets C `errno`, which is what `swoole_errno()` returns (Swoole leaves it set by the
/// call that failed, e.g. ECHILD from `waitPid()`, its own code after a timeout).
pub fn set_errno(code: i32) {
    // SAFETY: the calling thread's errno, valid for its life.
    unsafe { *libc::__errno_location() = code };
}

/// C `errno` now (see [`set_errno`]): what `swoole_errno()` returns.
pub fn errno() -> i32 {
    // SAFETY: as above.
    unsafe { *libc::__errno_location() }
}

/// `Swoole\Exception`.
pub fn exception_ce() -> *mut zend_class_entry {
    PROCESS.exception_ce.get()
}

/// `Swoole\Error`.
pub fn error_ce() -> *mut zend_class_entry {
    PROCESS.error_ce.get()
}

/// Swoole's fatal errors: a `Swoole\Error` reported as an uncaught exception (PHP's
/// "Fatal error: Uncaught Swoole\Error: ..." text, status 255), then the script ends,
/// whatever try/catch surrounds the call. `after_report` prints more before the end.
/// In a coroutine this returns, and the caller returns at once: as its handler returns
/// the coroutine unwinds, its frames freed, and the failure goes on as for an uncaught
/// exception there (see vm.rs). Elsewhere the bailout comes at once.
pub fn fatal(code: i32, msg: &str, after_report: impl FnOnce()) {
    report_fatal(code, msg, after_report);
    if crate::runtime::in_coroutine() {
        super::vm::fail_current_coroutine(false);
    } else {
        // SAFETY: the error is reported; PHP's handler on the main stack ends the script.
        unsafe { zend::bailout() }
    }
}

fn report_fatal(code: i32, msg: &str, after_report: impl FnOnce()) {
    set_last_error(code);
    zend::throw(error_ce(), msg, code as i64);
    // SAFETY: the exception was just thrown, so EG(exception) is set; reporting it
    // clears it.
    unsafe {
        let ex = (*zend::eg()).exception;
        if !ex.is_null() {
            zend::zend_exception_error(ex, zend::E_ERROR);
        }
    }
    after_report();
}

/// The fatal error of a waiting API called outside a coroutine.
pub fn throw_not_in_coroutine() -> ! {
    report_fatal(
        SW_ERROR_CO_OUT_OF_COROUTINE,
        "API must be called in the coroutine",
        || {},
    );
    // SAFETY: outside a coroutine: the main stack, where PHP's handler ends the script.
    // The bailout skips only frames with nothing left to drop.
    unsafe { zend::bailout() }
}

/// For an API that must run in a coroutine: returns inside one, else the fatal error
/// above (Swoole's `Coroutine::get_current_safe()`).
pub fn require_coroutine() {
    if !crate::runtime::in_coroutine() {
        throw_not_in_coroutine();
    }
}

php_fn! {
    /// The code of the last Swoole-level error (set by failing coroutine APIs).
    "swoole_last_error" fn swoole_last_error(cx) -> "int" {
        last_error() as i64
    }
}

php_fn! {
    /// C errno as it stands (as Swoole: whatever the last failing system call left,
    /// PHP's own included).
    "swoole_errno" fn swoole_errno(cx) -> "int" {
        errno() as i64
    }
}

php_fn! {
    /// Resets swoole_last_error() to 0.
    "swoole_clear_error" fn swoole_clear_error(cx) -> "void" {
        set_last_error(0);
    }
}

php_fn! {
    /// The message of an errno (SWOOLE_STRERROR_SYSTEM), a getaddrinfo code, or a Swoole code.
    "swoole_strerror" fn swoole_strerror(cx, errno: i64, error_type: i64 = "SWOOLE_STRERROR_SYSTEM") -> "string" {
        let code32 = errno as i32;
        match error_type {
            1 => crate::net::dns::gai_strerror(code32),
            2 => {
                // SAFETY: hstrerror returns a static string.
                unsafe { CStr::from_ptr(hstrerror(code32)) }
                    .to_string_lossy()
                    .into_owned()
            }
            9 => strerror(code32),
            _ if code32 > SW_ERROR_BEGIN && code32 < SW_ERROR_END => strerror(code32),
            // SAFETY: strerror returns a valid C string.
            _ => unsafe { CStr::from_ptr(libc::strerror(code32)) }
                .to_string_lossy()
                .into_owned(),
        }
    }
}

extern "C" {
    fn hstrerror(err: i32) -> *const std::ffi::c_char;
}

/// Registers the exception classes and error functions (MINIT).
pub fn register(module_number: i32) {
    // SAFETY: the engine's base classes exist by MINIT.
    let (exc, err) = unsafe { (zend::zend_ce_exception, zend::zend_ce_error) };
    PROCESS.exception_ce.set(decl::register_class(&Class {
        parent: Some(("\\Exception", exc)),
        ..Class::new("Swoole\\Exception")
    }));
    PROCESS.error_ce.set(decl::register_class(&Class {
        parent: Some(("\\Error", err)),
        ..Class::new("Swoole\\Error")
    }));
    decl::register_functions(&[
        swoole_last_error,
        swoole_clear_error,
        swoole_strerror,
        swoole_errno,
    ]);
    for (name, v) in [
        ("SWOOLE_STRERROR_SYSTEM", 0),
        ("SWOOLE_STRERROR_GAI", 1),
        ("SWOOLE_STRERROR_DNS", 2),
        ("SWOOLE_STRERROR_SWOOLE", 9),
    ] {
        decl::constant(name, v, module_number);
    }
    decl::constant_doc(
        "Swoole's own error codes (swoole_last_error(), swoole_strerror()), all of them.",
    );
    for e in crate::errors::SWOOLE_ERRORS {
        decl::constant(&e.php_name(), e.code as i64, module_number);
    }
}
