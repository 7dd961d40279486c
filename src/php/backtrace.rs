//! What a coroutine can learn about another: `Coroutine::getBackTrace()`,
//! `printBackTrace()` (also the deadlock report's), `getContext()` and `getElapsed()`.

use std::ffi::c_int;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

use super::call::{php_fn, Fail};
use super::errors::{self, set_last_error};
use super::state::PROCESS;
use super::vm;
use super::zend::{self, eg};
use crate::runtime::{self, Cid};

/// Runs `f` with EG(current_execute_data) set to where coroutine `cid` is suspended.
/// Returns None when it does not exist.
/// Cid -1 is the main context (where `Co\run()` was called) from inside a coroutine.
pub fn with_frame_of<R>(cid: Cid, f: impl FnOnce() -> R) -> Option<R> {
    let ctx = if cid == -1 {
        vm::main_context()
    } else {
        vm::context_of(cid)?
    };
    if ctx.is_null() {
        return None;
    }
    // SAFETY: a suspended coroutine's saved frame chain lives on its own VM stack,
    // which stays allocated while it is suspended; we restore the pointer at once.
    unsafe {
        // Raw accesses: `f` calls into Zend, which reads and writes EG itself.
        let g = eg();
        let saved = (*g).current_execute_data;
        (*g).current_execute_data = (*ctx).saved_execute_data();
        let r = f();
        (*g).current_execute_data = saved;
        Some(r)
    }
}

fn is_current_or_zero(cid: Cid) -> bool {
    cid == 0 || cid == runtime::current_cid()
}

/// `debug_backtrace()`'s array into `rv`.
fn fetch_backtrace(rv: *mut zend::zval, options: i64, limit: i64) {
    // SAFETY: the executor is active; `rv` is a null zval the engine fills.
    unsafe { zend::zend_fetch_debug_backtrace(rv, 0, options as c_int, limit as c_int) }
}

php_fn! {
    /// $cid -1: the main context's frames (where run() was called).
    "getBackTrace" fn co_get_backtrace(
        cx,
        cid: i64 = "0",
        options: i64 = "DEBUG_BACKTRACE_PROVIDE_OBJECT",
        limit: i64 = "0",
    ) -> "array|false" {
        let rv = cx.ret_ptr();
        if is_current_or_zero(cid) {
            fetch_backtrace(rv, options, limit);
        } else if with_frame_of(cid, || fetch_backtrace(rv, options, limit)).is_none() {
            set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
            return Err(Fail::False);
        }
        Ok(())
    }
}

extern "C" {
    fn zend_trace_to_string(
        trace: *mut ffi::HashTable,
        include_main: bool,
    ) -> *mut ffi::zend_string;
}

/// Prints a backtrace as debug_print_backtrace() does, without the `skip_last`
/// innermost frames.
pub(super) fn print_trace(skip_last: c_int, options: i64, limit: i64) {
    let mut trace = Zval::new();
    // SAFETY: the executor is active; the result is an array we own.
    unsafe {
        zend::zend_fetch_debug_backtrace(
            (&mut trace as *mut Zval).cast(),
            skip_last,
            options as c_int,
            limit as c_int,
        );
        if let Some(ht) = trace.array() {
            let s = zend_trace_to_string(ht as *const _ as *mut ffi::HashTable, false);
            if !s.is_null() {
                let text = std::slice::from_raw_parts((*s).val.as_ptr().cast::<u8>(), (*s).len);
                zend::output(&String::from_utf8_lossy(text));
                ffi::ext_php_rs_zend_string_release(s);
            }
        }
    }
}

/// Prints coroutine `cid`'s backtrace; false if it does not exist.
pub fn print_backtrace(cid: Cid, options: i64, limit: i64) -> bool {
    if is_current_or_zero(cid) {
        print_trace(1, options, limit);
        true
    } else {
        with_frame_of(cid, || print_trace(0, options, limit)).is_some()
    }
}

php_fn! {
    "printBackTrace" fn co_print_backtrace(
        cx,
        cid: i64 = "0",
        options: i64 = "0",
        limit: i64 = "0",
    ) -> "void" {
        if !print_backtrace(cid, options, limit) {
            set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
            return Err(Fail::False);
        }
        Ok(())
    }
}

php_fn! {
    /// Per-coroutine storage, released when the coroutine ends; null outside a coroutine or if $cid does not exist.
    "getContext" fn co_get_context(cx, cid: i64 = "0") -> "?\\Swoole\\Coroutine\\Context" {
        // Outside a coroutine there is none to have a context, as in Swoole (NULL).
        let ctx = if cid == 0 {
            runtime::in_coroutine().then(vm::current_context)
        } else {
            vm::context_of(cid)
        };
        let Some(ctx) = ctx.filter(|c| !c.is_null()) else {
            set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
            return None;
        };
        // SAFETY: a live coroutine's context; nothing else borrows it while this runs.
        let slot = unsafe { &mut (*ctx).context };
        Some(
            slot.get_or_insert_with(|| {
                let mut z = Zval::new();
                // SAFETY: the class is registered at MINIT; `z` is a fresh zval.
                unsafe {
                    zend::object_init_ex(
                        (&mut z as *mut Zval).cast(),
                        PROCESS.context_ce.get(),
                    )
                };
                z
            })
            .shallow_clone(),
        )
    }
}

php_fn! {
    /// Milliseconds since the coroutine started, -1 if it does not exist.
    "getElapsed" fn co_get_elapsed(cx, cid: i64 = "0") -> "int" {
        let cid = if cid == 0 {
            runtime::current_cid()
        } else {
            cid
        };
        runtime::with(|rt| rt.started_at(cid)).map_or(-1, |t| t.elapsed().as_millis() as i64)
    }
}
