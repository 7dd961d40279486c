//! `System::waitSignal()`, `waitPid()` and `wait()` (also on `Swoole\Coroutine`): the
//! waits on the runtime's signal source (runtime/signal.rs); and `waitEvent()`, a wait
//! on any fd (runtime/wait_event.rs).

use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::zval_param;
use super::call::{php_fn, Fail};
use super::channel::{nan_timeout, wait_timeout};
use super::errors::{self, require_coroutine, set_errno, set_last_error};
use super::event::to_fd;
use super::zend;
use super::zval::to_long;
use crate::runtime::{self, ChildError, EventWaitError, Wake};

zval_param!(
    /// `array|int $signals`: the argument's zval, borrowed.
    pub Signals, "array|int"
);

/// The last error (and errno, as Swoole copies it there) of a wait that ended early.
fn woke(w: Wake) {
    let code = match w {
        Wake::Cancelled => errors::SW_ERROR_CO_CANCELED,
        _ => errors::SW_ERROR_CO_TIMEDOUT,
    };
    set_last_error(code);
    set_errno(code);
}

php_fn! {
    /// Waits for one of the signals; returns it, or false on timeout (zero, negative and INF: none).
    "waitSignal" fn sys_wait_signal(cx, signals: Signals, timeout: f64 = "-1") -> "int|false" {
        require_coroutine();
        let list: Vec<i64> = match signals.0.array() {
            Some(ht) => ht.values().map(to_long).collect(),
            None => vec![to_long(signals.0)],
        };
        let max = runtime::SIGNO_MAX as i64;
        if list.iter().any(|&s| s < 0 || s >= max || s == libc::SIGCHLD as i64) {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(zend::E_WARNING, "Invalid signal in the given list");
            set_errno(libc::EINVAL);
            return Err(Fail::False);
        }
        let Ok(timeout) = wait_timeout(timeout) else {
            nan_timeout();
            return Err(Fail::False);
        };
        let list: Vec<i32> = list.into_iter().map(|s| s as i32).collect();
        match runtime::with(|rt| rt.wait_signal(&list, timeout.deadline())) {
            Ok(sig) => Ok(sig as i64),
            Err(w) => {
                woke(w);
                Err(Fail::False)
            }
        }
    }
}

/// waitPid()/wait(): `{pid, code, signal}`, or false (timeout: last error 110; not a
/// child: errno ECHILD, last error untouched).
fn wait_child(pid: i64, timeout: f64) -> Result<ZendHashTable_, Fail> {
    require_coroutine();
    let Ok(timeout) = wait_timeout(timeout) else {
        nan_timeout();
        return Err(Fail::False);
    };
    let pid = if pid < 0 { -1 } else { pid as i32 };
    match runtime::with(|rt| rt.wait_child(pid, timeout.deadline())) {
        Ok((pid, status)) => {
            let mut ht = ZendHashTable::new();
            let _ = ht.insert("pid", pid as i64);
            let _ = ht.insert("code", libc::WEXITSTATUS(status) as i64);
            let _ = ht.insert("signal", (status & 0x7f) as i64);
            Ok(ht)
        }
        Err(ChildError::Os(e)) => {
            set_errno(e);
            Err(Fail::False)
        }
        Err(ChildError::Wake(Wake::Timeout)) => {
            set_last_error(libc::ETIMEDOUT);
            set_errno(libc::ETIMEDOUT);
            Err(Fail::False)
        }
        Err(ChildError::Wake(w)) => {
            woke(w);
            Err(Fail::False)
        }
    }
}

type ZendHashTable_ = ext_php_rs::boxed::ZBox<ZendHashTable>;

php_fn! {
    /// Waits for any child to end: {pid, code, signal}, or false.
    "wait" fn sys_wait(cx, timeout: f64 = "-1") -> "array|false" {
        wait_child(-1, timeout)
    }
}

php_fn! {
    /// Waits for the child `$pid` to end (a negative pid: any child): {pid, code, signal}, or false.
    "waitPid" fn sys_wait_pid(cx, pid: i64, timeout: f64 = "-1") -> "array|false" {
        wait_child(pid, timeout)
    }
}

const EVENT_READ: i64 = 512;
const EVENT_WRITE: i64 = 1024;

php_fn! {
    /// Waits until $socket (a stream, a Socket, a Co\Socket or an fd number) is readable
    /// (SWOOLE_EVENT_READ) or writable (SWOOLE_EVENT_WRITE); returns the events that are
    /// ready, or false (timeout 0: a look without waiting; negative: no timeout).
    "waitEvent" fn sys_wait_event(cx, socket: &Zval, events: i64 = "SWOOLE_EVENT_READ",
        timeout: f64 = "-1") -> "int|false" {
        let fd = to_fd(socket, Some("unknown fd type"))?;
        let events = events & (EVENT_READ | EVENT_WRITE);
        if events == 0 {
            set_last_error(libc::EINVAL);
            return Err(Fail::False);
        }
        let (read, write) = (events & EVENT_READ != 0, events & EVENT_WRITE != 0);
        let got = if timeout == 0.0 {
            // As Swoole: poll(2) at once, in or out of a coroutine.
            runtime::poll_fd_now(fd, read, write)
        } else {
            require_coroutine();
            let Ok(timeout) = wait_timeout(timeout) else {
                nan_timeout();
                return Err(Fail::False);
            };
            runtime::with(|rt| rt.wait_event(fd, read, write, timeout.deadline()))
        };
        match got {
            Ok((r, w)) => Ok((if r { EVENT_READ } else { 0 }) | (if w { EVENT_WRITE } else { 0 })),
            // A look that found nothing leaves its code in the last error only (Swoole).
            Err(EventWaitError::Os(e)) if timeout == 0.0 => {
                set_last_error(e);
                Err(Fail::False)
            }
            Err(EventWaitError::Os(e)) => {
                set_last_error(e);
                set_errno(e);
                Err(Fail::False)
            }
            Err(EventWaitError::Wake(w)) => {
                woke(w);
                Err(Fail::False)
            }
        }
    }
}
