//! `Swoole\Event` and the `swoole_event_*` functions: fds put on the loop with read and
//! write callbacks (PHP streams, ext-sockets Sockets, Co\Sockets, raw fds), buffered
//! writes, defer and cycle callbacks, one loop turn, exit. The core's side is
//! runtime/tasks.rs; `wait()` and the shutdown function that runs the loop at script
//! end are in scheduler.rs.
//!
//! Each callback runs in a coroutine of its own, as in Swoole; a read or write callback
//! gets the value the fd was added as. Where Swoole crashes or loses data, this does
//! not: a write larger than the socket's buffer is sent in full as the fd becomes
//! writable, `defer()` of something not callable is refused, and a failed `add()`
//! leaves the caller's fd alone.

use std::any::Any;
use std::cell::RefCell;
use std::os::fd::RawFd;
use std::rc::Rc;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

use super::args::{CallableZval, NullableCallable};
use super::call::{php_fn, Fail};
use super::decl;
use super::errors::{self, set_last_error};
use super::scheduler;
use super::socket::{co_socket_open_fd, stream::stream_fd_as};
use super::vm::Call;
use super::zend;
use super::zval;
use crate::runtime::{self, Direction, Watch, WatchError};

const EVENT_READ: i64 = 512;
const EVENT_WRITE: i64 = 1024;

extern "C" {
    /// shim.c: an ext-sockets Socket's fd (negative once closed), INT_MIN for another object.
    fn cosocket_ext_socket_fd(obj: *mut ffi::zend_object) -> std::ffi::c_int;
}

/// Swoole's warnings (php_swoole_fatal_error): E_WARNING, and 503 as the last error.
fn warn(msg: &str) {
    set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
    zend::error_docref(zend::E_WARNING, msg);
}

/// The fd behind a value, as Swoole finds it (its warnings included): an int, a PHP
/// stream, a Co\Socket (its `fd`), an ext-sockets Socket. `then`: the warning the
/// calling function adds when there is none.
pub(super) fn to_fd(z: &Zval, then: Option<&str>) -> Result<RawFd, Fail> {
    let raw = (z as *const Zval).cast_mut().cast::<zend::zval>();
    let fd = if let Some(n) = z.long().filter(|_| !z.is_bool()) {
        if n < 0 {
            warn(&format!("invalid file descriptor#{n} passed"));
            None
        } else {
            Some(n)
        }
    } else if z.is_resource() {
        // 3 = PHP_STREAM_AS_FD_FOR_SELECT, with PHP_STREAM_CAST_INTERNAL (as Swoole).
        // SAFETY: a resource zval, PHP's thread.
        match unsafe { stream_fd_as(raw, 3 | 0x2000_0000) } {
            Some(fd) if fd >= 0 => Some(fd as i64),
            _ => {
                warn("fd argument must be either valid PHP stream or valid PHP socket resource");
                None
            }
        }
    } else if z.is_object() {
        // SAFETY: an object zval holds a live object.
        let obj = unsafe { (*raw).value.obj };
        // SAFETY: a live object.
        match unsafe { co_socket_open_fd(obj) } {
            Some(Some(fd)) => Some(fd as i64),
            // Swoole's close() leaves the fd open and takes it; ours is closed (its
            // number may be another file's by now): refused as a closed ext-sockets
            // Socket is.
            Some(None) => {
                warn("contains a closed socket");
                None
            }
            None => {
                // SAFETY: a live object.
                let fd = unsafe { cosocket_ext_socket_fd(obj) };
                if fd == i32::MIN {
                    None
                } else if fd < 0 {
                    warn("contains a closed socket");
                    None
                } else {
                    Some(fd as i64)
                }
            }
        }
    } else {
        warn("invalid file descriptor passed");
        None
    };
    match fd {
        Some(fd) if fd <= i32::MAX as i64 && fd >= 0 => Ok(fd as RawFd),
        _ => {
            if let Some(msg) = then {
                warn(msg);
            }
            Err(if exception_pending() {
                Fail::Raised
            } else {
                Fail::False
            })
        }
    }
}

fn exception_pending() -> bool {
    // SAFETY: reading EG(exception), PHP's thread.
    unsafe { !(*zend::eg()).exception.is_null() }
}

/// Swoole's warning for a callback that is not callable: a falsy value ([], false, 0,
/// "") is "illegal", anything else names the function.
fn not_callable(z: &Zval) -> Option<String> {
    if !zval::truthy(z) {
        return Some("illegal callback function".into());
    }
    zval::callable(z)
        .err()
        .map(|what| format!("function '{what}' is not callable"))
}

/// A callback argument as Swoole takes it: null (or left out) is none; anything not
/// callable warns and throws `Swoole\Exception`, and counts as none.
fn callback(z: Option<&Zval>, name: &str) -> Option<Zval> {
    let z = z.filter(|z| !z.is_null())?;
    match not_callable(z) {
        None => Some(z.shallow_clone()),
        Some(msg) => {
            warn(&msg);
            let ty = zend::type_name((z as *const Zval).cast());
            zend::throw(
                errors::exception_ce(),
                &format!("{name} must be of type callable, {ty} given"),
                0,
            );
            None
        }
    }
}

/// Runs `callable(...args)` in a new coroutine.
fn run_in_coroutine(callable: Zval, args: Vec<Zval>) {
    scheduler::create(Call {
        callable,
        // SAFETY: all-zero is "not resolved yet": zend_call_function resolves it.
        fcc: unsafe { std::mem::zeroed() },
        args,
    });
}

/// What the loop holds for an fd added with `Event::add()`.
struct EventObject {
    /// The value it was added as: what the callbacks get.
    socket: Zval,
    read: RefCell<Option<Zval>>,
    write: RefCell<Option<Zval>>,
}

impl Watch for EventObject {
    fn ready(&self, _fd: RawFd, dir: Direction) {
        let cb = match dir {
            Direction::Read => &self.read,
            Direction::Write => &self.write,
        };
        let cb = cb.borrow().as_ref().map(Zval::shallow_clone);
        if let Some(cb) = cb {
            run_in_coroutine(cb, vec![self.socket.shallow_clone()]);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn event_object(fd: RawFd) -> Option<Rc<dyn Watch>> {
    runtime::with(|rt| rt.watch_handler(fd))
}

php_fn! {
    /// Puts $fd (a stream, a Socket, a Co\Socket or an fd number) on the loop: each
    /// time it is readable (SWOOLE_EVENT_READ) or writable (SWOOLE_EVENT_WRITE) the
    /// callback runs, in a new coroutine, with $fd as its argument.
    /// @return int|false the fd number
    "add" fn event_add(cx, fd: &Zval, read_callback: NullableCallable = "null",
        write_callback: NullableCallable = "null", events: i64 = "SWOOLE_EVENT_READ") -> "int|false" {
        scheduler::need_loop();
        let n = to_fd(fd, Some("unknown fd type"))?;
        if n == 0 && events & EVENT_WRITE != 0 {
            warn("invalid socket fd [0]");
            return Err(Fail::False);
        }
        if runtime::with(|rt| rt.watch_get(n)).is_some() {
            warn("already exist");
            return Err(Fail::False);
        }
        if events & (EVENT_READ | EVENT_WRITE) == 0 {
            warn("invalid events");
            return Err(Fail::False);
        }
        let fail = || if exception_pending() { Fail::Raised } else { Fail::False };
        let read = callback(read_callback.0, "readable_callback");
        if events & EVENT_READ != 0 && read.is_none() {
            warn(&format!("Swoole\\Event: unable to find readable callback of fd [{n}]"));
            return Err(fail());
        }
        let write = callback(write_callback.0, "writable_callback");
        if events & EVENT_WRITE != 0 && write.is_none() {
            warn(&format!("Swoole\\Event: unable to find writable callback of fd [{n}]"));
            return Err(fail());
        }
        let obj = Rc::new(EventObject {
            socket: fd.shallow_clone(),
            read: RefCell::new(read),
            write: RefCell::new(write),
        });
        let added = runtime::with(|rt| {
            rt.watch_add(n, events & EVENT_READ != 0, events & EVENT_WRITE != 0, obj)
        });
        if added.is_err() {
            // Unlike Swoole, the caller's fd is left open.
            warn("swoole_event_add failed");
            return Err(fail());
        }
        // As Swoole: the fd is non-blocking from now on (a callback's read never blocks).
        // SAFETY: fcntl on an fd epoll has just accepted.
        unsafe {
            let flags = libc::fcntl(n, libc::F_GETFL);
            if flags >= 0 && flags & libc::O_NONBLOCK == 0 {
                libc::fcntl(n, libc::F_SETFL, flags | libc::O_NONBLOCK);
            }
        }
        Ok(n as i64)
    }
}

php_fn! {
    /// Changes $fd's callbacks (those given) and the events it waits for.
    "set" fn event_set(cx, fd: &Zval, read_callback: NullableCallable = "null",
        write_callback: NullableCallable = "null", events: i64 = "0") -> "bool" {
        if !scheduler::loop_exists() {
            warn("reactor is not ready, cannot call swoole_event_set");
            return Err(Fail::False);
        }
        let n = to_fd(fd, None)?;
        let Some(h) = event_object(n) else {
            warn(&format!("socket[{n}] is not found in the reactor"));
            return Err(Fail::False);
        };
        let Some(obj) = h.as_any().downcast_ref::<EventObject>() else {
            return Err(Fail::False);
        };
        let fail = || if exception_pending() { Fail::Raised } else { Fail::False };
        // Replaced callbacks are dropped after the borrow.
        let mut old = Vec::new();
        if let Some(cb) = callback(read_callback.0, "readable_callback") {
            old.push(obj.read.borrow_mut().replace(cb));
        }
        if let Some(cb) = callback(write_callback.0, "writable_callback") {
            old.push(obj.write.borrow_mut().replace(cb));
        }
        let (has_read, has_write) = (obj.read.borrow().is_some(), obj.write.borrow().is_some());
        drop(old);
        if events & EVENT_READ != 0 && !has_read {
            warn(&format!("Swoole\\Event: unable to find readable callback of fd [{n}]"));
            return Err(fail());
        }
        if events & EVENT_WRITE != 0 && !has_write {
            warn(&format!("Swoole\\Event: unable to find writable callback of fd [{n}]"));
            return Err(fail());
        }
        if exception_pending() {
            return Err(Fail::Raised);
        }
        let set = runtime::with(|rt| {
            rt.watch_set(n, events & EVENT_READ != 0, events & EVENT_WRITE != 0, None)
        });
        match set {
            Ok(()) => Ok(true),
            Err(_) => {
                warn("Swoole\\Event::set failed");
                Err(Fail::False)
            }
        }
    }
}

php_fn! {
    /// Takes $fd off the loop; false if it is not on it.
    "del" fn event_del(cx, fd: &Zval) -> "bool" {
        if !scheduler::loop_exists() {
            warn("reactor is not ready, cannot call swoole_event_del");
            return Err(Fail::False);
        }
        let n = to_fd(fd, Some("unknown type"))?;
        let deleted = runtime::with(|rt| rt.watch_del(n));
        // SAFETY: F_GETFD only asks whether the fd is open.
        if deleted && unsafe { libc::fcntl(n, libc::F_GETFD) } < 0 {
            // Closed behind the loop's back: Swoole's epoll_ctl(DEL) fails, and says so
            // (SW_ERROR_EVENT_REMOVE_FAILED), but the fd is forgotten all the same.
            set_last_error(800);
        }
        Ok(deleted)
    }
}

php_fn! {
    /// Whether $fd is on the loop for any of $events.
    "isset" fn event_isset(cx, fd: &Zval, events: i64 = "1536") -> "bool" {
        if !scheduler::loop_exists() {
            return Ok(false);
        }
        let n = to_fd(fd, Some("unknown type"))?;
        Ok(match runtime::with(|rt| rt.watch_get(n)) {
            Some((r, w)) => (events & EVENT_READ != 0 && r) || (events & EVENT_WRITE != 0 && w),
            None => false,
        })
    }
}

php_fn! {
    /// Sends $data on $fd (on the loop) without blocking: what the socket does not take
    /// now is sent, in order, as it becomes writable.
    "write" fn event_write(cx, fd: &Zval, data: &[u8]) -> "bool" {
        if data.is_empty() {
            warn("data empty");
            return Err(Fail::False);
        }
        let n = to_fd(fd, Some("unknown type"))?;
        match runtime::with(|rt| rt.write_buffered(n, data)) {
            Ok(()) => Ok(true),
            Err(WatchError::NotFound) | Err(WatchError::Exists) => {
                warn(&format!("socket[{n}] is not found in the reactor"));
                Err(Fail::False)
            }
            Err(WatchError::Os(e)) => {
                set_last_error(e.raw_os_error().unwrap_or(libc::EIO));
                Err(Fail::False)
            }
        }
    }
}

php_fn! {
    /// Runs $callback, in a new coroutine, at the end of the current loop turn.
    "defer" fn event_defer(cx, callback: CallableZval) -> "bool" {
        // Swoole warns, returns true, then crashes in the loop: refused here.
        if let Some(msg) = not_callable(callback.0) {
            warn(&msg);
            return false;
        }
        scheduler::need_loop();
        let cb = callback.0.shallow_clone();
        runtime::with(|rt| rt.defer(Box::new(move || run_in_coroutine(cb, Vec::new()))));
        true
    }
}

php_fn! {
    /// Runs $callback, in a new coroutine, at the end of every loop turn (at its start
    /// with $before); null removes it (false if none was set).
    "cycle" fn event_cycle(cx, callback: NullableCallable, before: bool = "false") -> "bool" {
        scheduler::need_loop();
        let cb = callback.0.filter(|z| !z.is_null());
        let Some(z) = cb else {
            return runtime::with(|rt| rt.set_cycle(before, None));
        };
        let run: Rc<dyn Fn()> = match not_callable(z) {
            None => {
                let z = z.shallow_clone();
                Rc::new(move || run_in_coroutine(z.shallow_clone(), Vec::new()))
            }
            Some(msg) => {
                // As Swoole: set, to nothing.
                warn(&msg);
                Rc::new(|| ())
            }
        };
        runtime::with(|rt| rt.set_cycle(before, Some(run)))
    }
}

php_fn! {
    /// Runs one loop turn (waiting for an event or a timer if there is nothing to do
    /// now); false if there is no loop. Inside a coroutine it does nothing.
    "dispatch" fn event_dispatch(cx) -> "bool" {
        if !scheduler::loop_exists() {
            return false;
        }
        if !runtime::in_coroutine() {
            runtime::with(|rt| rt.run_once());
        }
        true
    }
}

php_fn! {
    /// Clears every timer and ends the running loop after its current turn.
    "exit" fn event_exit(cx) -> "void" {
        runtime::with(|rt| rt.exit_loop());
    }
}

/// `Swoole\Event` (its wait() and rshutdown() are scheduler.rs's) and the
/// `swoole_event_*` functions.
pub fn register() {
    decl::register_class(&decl::Class {
        methods: &[
            event_add.public_static(),
            event_del.public_static(),
            event_set.public_static(),
            event_isset.public_static(),
            event_dispatch.public_static(),
            event_defer.public_static(),
            event_cycle.public_static(),
            event_write.public_static(),
            scheduler::event_wait.public_static(),
            scheduler::event_rshutdown.doc("").public_static(),
            event_exit.public_static(),
        ],
        ..decl::Class::new("Swoole\\Event")
    });
    decl::register_functions(&[
        event_add.named("swoole_event_add").doc(""),
        event_del.named("swoole_event_del").doc(""),
        event_set.named("swoole_event_set").doc(""),
        event_isset.named("swoole_event_isset").doc(""),
        event_dispatch.named("swoole_event_dispatch").doc(""),
        event_defer.named("swoole_event_defer").doc(""),
        event_cycle.named("swoole_event_cycle").doc(""),
        event_write.named("swoole_event_write").doc(""),
        event_exit.named("swoole_event_exit").doc(""),
    ]);
}
