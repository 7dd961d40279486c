//! The options of `Coroutine::set()` (and `Scheduler::set()`): the socket timeouts and
//! buffer size new sockets start with, the runtime's limits, and what `getOptions()`
//! returns. They last for the request (kept in state.rs's `REQUEST`, the runtime's in
//! the core) and all go back to their defaults at its end.

use ext_php_rs::types::{ZendHashTable, Zval};

use super::call::php_fn;
use super::state::REQUEST;
use super::zval;
use crate::runtime;

pub use super::state::Timeouts;

/// The buffer size new UDP sockets get, for sending and for receiving
/// (`Coroutine::set(['socket_buffer_size' => ...])`, 8 MiB by default); None: zero or
/// negative was set, they keep the kernel's default.
pub fn socket_buffer_size() -> Option<i32> {
    let size = REQUEST.buffer_size.get();
    (size > 0).then(|| size.min(i32::MAX as i64) as i32)
}

/// The socket timeouts in force.
pub fn timeouts() -> Timeouts {
    REQUEST.timeouts.get()
}

/// The process-wide part of the options, which `swoole_async_set()` takes too: the
/// socket timeouts, `socket_buffer_size` and `log_level`.
pub(super) fn apply_global(ht: &ZendHashTable) {
    let num = |k: &str| ht.get(k).and_then(zval::number);
    let mut t = timeouts();
    if let Some(v) = num("socket_timeout") {
        t.read = v;
        t.write = v;
    }
    if let Some(v) = num("socket_connect_timeout") {
        t.connect = v;
    }
    if let Some(v) = num("socket_read_timeout").or_else(|| num("socket_recv_timeout")) {
        t.read = v;
    }
    if let Some(v) = num("socket_write_timeout").or_else(|| num("socket_send_timeout")) {
        t.write = v;
    }
    if let Some(v) = num("socket_dns_timeout") {
        t.dns = v;
    }
    REQUEST.timeouts.set(t);
    // Swoole's default for new UDP sockets; a value that is not a size is ignored.
    if let Some(size) = ht.get("socket_buffer_size").and_then(zval::size_setting) {
        REQUEST.buffer_size.set(size);
    }
    if let Some(v) = ht.get("log_level") {
        super::log::set_level(zval::to_long(v));
    }
}

/// Applies `Coroutine::set()` options; unknown Swoole keys are kept and ignored.
fn apply_options(ht: &ZendHashTable) {
    apply_global(ht);
    let num = |k: &str| ht.get(k).and_then(zval::number);
    runtime::with(|rt| {
        if let Some(v) = num("c_stack_size").or_else(|| num("stack_size")) {
            rt.set_stack_size(v.max(0.0) as usize);
        }
        let mut limits = rt.limits();
        if let Some(v) = num("max_coroutine") {
            limits.max_coroutine = if v > 0.0 { v as usize } else { 100_000 };
        }
        if let Some(v) = ht.get("enable_deadlock_check") {
            limits.deadlock_check = v.bool().unwrap_or(true);
        }
        rt.set_limits(limits);
    });
    if let Some(v) = ht.get("hook_flags") {
        super::runtime_hooks::set_option(v);
    }
    // getOptions() returns everything set so far, later keys overriding.
    let prev = REQUEST.options.take();
    *REQUEST.options.borrow_mut() = Some(zval::merge_arrays(prev, ht));
}

php_fn! {
    /// Options for the rest of the request: socket_connect_timeout, socket_read_timeout,
    /// socket_write_timeout, socket_timeout, socket_dns_timeout (seconds),
    /// c_stack_size / stack_size (bytes, 64 KiB..16 MiB), max_coroutine,
    /// enable_deadlock_check, log_level. Other Swoole keys are accepted and ignored.
    "set" fn co_set(cx, options: &ZendHashTable) -> "void" {
        apply_options(options);
    }
}

php_fn! {
    /// Same keys as Coroutine::set().
    "set" fn sched_set(cx, settings: &ZendHashTable) -> "void" {
        apply_options(settings);
    }
}

php_fn! {
    /// Everything passed to set() so far, or null.
    "getOptions" fn co_get_options(cx) -> "?array" {
        REQUEST.options.borrow().as_ref().map(Zval::shallow_clone)
    }
}
