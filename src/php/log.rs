//! Swoole's log: `swoole_error_log()`, `swoole_error_log_ex()`, `swoole_ignore_error()`,
//! and [`warning`] for the few places where Swoole logs rather than raising a PHP
//! warning. Lines go to the process's stdout as Swoole writes them (straight to the
//! fd: PHP's output buffering does not see them), in its format:
//! `[2026-12-05 12:04:59 %1234.0]\tWARNING\tmessage`.

use std::ffi::c_char;

use super::call::php_fn;
use super::decl;
use super::errors::set_last_error;
use super::state::REQUEST;

/// Swoole's levels (`SWOOLE_LOG_*`).
pub const SW_LOG_WARNING: i64 = 4;

/// Swoole's `SW_ERROR_MSG_SIZE + 256`: a longer line is cut there.
const LOG_BUFFER_SIZE: usize = 16384 + 256;

fn level_name(level: i64) -> &'static str {
    match level {
        0 => "DEBUG",
        1 => "TRACE",
        3 => "NOTICE",
        4 => "WARNING",
        5 => "ERROR",
        _ => "INFO",
    }
}

/// The local time as Swoole's log writes it (`%Y-%m-%d %H:%M:%S`).
fn now() -> String {
    let mut buf = [0u8; 64];
    // SAFETY: time/localtime_r/strftime with a zeroed tm and a buffer of the size given.
    let n = unsafe {
        let t = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&t, &mut tm);
        libc::strftime(
            buf.as_mut_ptr().cast::<c_char>(),
            buf.len(),
            c"%Y-%m-%d %H:%M:%S".as_ptr(),
            &tm,
        )
    };
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Writes `msg` at `level` unless the log level is above it (Swoole's `Logger::put`).
pub fn put(level: i64, msg: &[u8]) {
    if level < REQUEST.log_level.get() {
        return;
    }
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    let mut line = format!("[{} %{pid}.0]\t{}\t", now(), level_name(level)).into_bytes();
    line.extend_from_slice(msg);
    line.push(b'\n');
    line.truncate(LOG_BUFFER_SIZE - 1);
    let mut rest = &line[..];
    while !rest.is_empty() {
        // SAFETY: writing initialised bytes to fd 1, which PHP does not own.
        let n = unsafe { libc::write(1, rest.as_ptr().cast(), rest.len()) };
        if n <= 0 {
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            break;
        }
        rest = &rest[n as usize..];
    }
}

/// Swoole's `swoole_error_log(level, code, ...)`: the last error becomes `code`, and the
/// line (`func() (ERRNO code): msg`) is written unless `code` is ignored.
pub fn error_with_code(level: i64, code: i64, func: &str, msg: &[u8]) {
    set_last_error(code as i32);
    if level < REQUEST.log_level.get() || REQUEST.ignored_errors.borrow().contains(&code) {
        return;
    }
    let mut line = format!("{func}() (ERRNO {code}): ").into_bytes();
    line.extend_from_slice(msg);
    put(level, &line);
}

/// A warning Swoole logs (`swoole_warning`): `func(): msg`.
pub fn warning(func: &str, msg: &str) {
    put(SW_LOG_WARNING, format!("{func}(): {msg}").as_bytes());
}

/// `Coroutine::set(['log_level' => ...])`.
pub fn set_level(level: i64) {
    REQUEST.log_level.set(level);
}

php_fn! {
    /// Writes $msg to Swoole's log (stdout) at $level (SWOOLE_LOG_*), unless below the log level.
    "swoole_error_log" fn swoole_error_log(cx, level: i64, msg: &[u8]) -> "void" {
        put(level, msg);
    }
}

php_fn! {
    /// As swoole_error_log(), with an error code: it becomes swoole_last_error(), and
    /// swoole_ignore_error($error) silences the line.
    "swoole_error_log_ex" fn swoole_error_log_ex(cx, level: i64, error: i64, msg: &[u8]) -> "void" {
        error_with_code(level, error, "zif_swoole_error_log_ex", msg);
    }
}

php_fn! {
    /// Silences the log lines of error code $error for the rest of the request.
    "swoole_ignore_error" fn swoole_ignore_error(cx, error: i64) -> "void" {
        let mut ignored = REQUEST.ignored_errors.borrow_mut();
        if !ignored.contains(&error) {
            ignored.push(error);
        }
    }
}

pub fn register() {
    decl::register_functions(&[swoole_error_log, swoole_error_log_ex, swoole_ignore_error]);
}
