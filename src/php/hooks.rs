//! What every hook family shares: the `SWOOLE_HOOK_*` flags' values, and [`FnHook`],
//! which swaps an internal function's handler for ours and puts it back
//! (runtime_hooks.rs decides when; pcntl_signal()'s wrapper uses it too).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ext_php_rs::ffi;

use super::zend::{zend_execute_data, zval};

pub const HOOK_TCP: u32 = 1 << 1;
pub const HOOK_UDP: u32 = 1 << 2;
pub const HOOK_UNIX: u32 = 1 << 3;
pub const HOOK_UDG: u32 = 1 << 4;
pub const HOOK_SSL: u32 = 1 << 5;
pub const HOOK_TLS: u32 = 1 << 6;
/// Also `SWOOLE_HOOK_STREAM_SELECT` (same value).
pub const HOOK_STREAM_FUNCTION: u32 = 1 << 7;
pub const HOOK_SLEEP: u32 = 1 << 9;
pub const HOOK_SOCKETS: u32 = 1 << 14;
pub const HOOK_NET_FUNCTION: u32 = 1 << 21;
/// `SWOOLE_HOOK_ALL`: every bit but NATIVE_CURL and MONGODB (unused bits included).
pub const HOOK_ALL: u32 = 0x7fbf_efff;

type RawHandler = unsafe extern "C" fn(*mut zend_execute_data, *mut zval);

/// One internal function whose handler can be replaced by ours and put back: the
/// function is looked up by name each time (an extension loaded later may add it), its
/// own handler saved while ours is in place.
pub(super) struct FnHook {
    name: &'static str,
    ours: RawHandler,
    /// The function's own handler (0: never seen). Kept after removal, so that a call
    /// already inside ours can still reach it.
    orig: AtomicUsize,
    on: AtomicBool,
}

impl FnHook {
    pub const fn new(name: &'static str, ours: RawHandler) -> FnHook {
        FnHook {
            name,
            ours,
            orig: AtomicUsize::new(0),
            on: AtomicBool::new(false),
        }
    }

    /// The internal function `name`, or null (no such function, or a user one).
    fn function(&self) -> *mut ffi::zend_function {
        // SAFETY: PHP's thread; CG(function_table) lives from MINIT until after every
        // MSHUTDOWN. A lookup does not change it.
        let f = unsafe {
            ffi::zend_hash_str_find_ptr_lc(
                ffi::compiler_globals.function_table,
                self.name.as_ptr().cast(),
                self.name.len(),
            )
        }
        .cast::<ffi::zend_function>();
        // 1 = ZEND_INTERNAL_FUNCTION
        if f.is_null() || unsafe { (*f).type_ } != 1 {
            return std::ptr::null_mut();
        }
        f
    }

    /// Puts our handler in place (no-op when it is, or when there is no such function);
    /// whether it is in place.
    pub fn install(&self) -> bool {
        if self.on.load(Ordering::Relaxed) {
            return true;
        }
        let f = self.function();
        if f.is_null() {
            return false;
        }
        // SAFETY: `f` is an internal function of the process-wide table (its entry
        // lives as long as the process); the engine reads the handler at each call, on
        // this thread. Ours is put back by `remove` before the module goes (MSHUTDOWN).
        unsafe {
            let Some(h) = (*f).internal_function.handler else {
                return false;
            };
            self.orig.store(h as usize, Ordering::Relaxed);
            (*f).internal_function.handler = Some(self.ours);
        }
        self.on.store(true, Ordering::Relaxed);
        true
    }

    /// Puts the function's own handler back (no-op when ours is not in place).
    pub fn remove(&self) {
        if !self.on.swap(false, Ordering::Relaxed) {
            return;
        }
        let f = self.function();
        if f.is_null() {
            return;
        }
        // SAFETY: as in `install`; `orig` was stored there, from this very entry.
        unsafe {
            let now = (*f).internal_function.handler.map_or(0, |h| h as usize);
            if now == self.ours as usize {
                (*f).internal_function.handler = Some(std::mem::transmute::<usize, RawHandler>(
                    self.orig.load(Ordering::Relaxed),
                ));
            }
        }
    }

    /// [`install`](Self::install) or [`remove`](Self::remove).
    pub fn set(&self, on: bool) {
        if on {
            self.install();
        } else {
            self.remove();
        }
    }

    /// Calls the function's own handler: what PHP does without the hook.
    ///
    /// # Safety
    /// From our handler, with the engine's frame and return value, after `install`.
    pub unsafe fn call_original(&self, ex: *mut zend_execute_data, rv: *mut zval) {
        let h = self.orig.load(Ordering::Relaxed);
        debug_assert!(h != 0, "{}: original handler unknown", self.name);
        // SAFETY: stored by `install` from the function's own handler, never 0 once
        // ours could be called.
        let h: RawHandler = unsafe { std::mem::transmute::<usize, RawHandler>(h) };
        unsafe { h(ex, rv) };
    }
}

/// Declares a [`FnHook`] static whose handler runs `$inner` in a coroutine and the
/// function's own handler outside any (a hooked call outside a coroutine is plain PHP).
macro_rules! fn_hook {
    ($(#[$m:meta])* $vis:vis static $hook:ident = $name:literal => $inner:path;) => {
        $(#[$m])*
        $vis static $hook: $crate::php::hooks::FnHook = {
            unsafe extern "C" fn handler(
                ex: *mut $crate::php::zend::zend_execute_data,
                rv: *mut $crate::php::zend::zval,
            ) {
                if $crate::runtime::in_coroutine() {
                    // SAFETY: the engine's frame and return value for this call.
                    unsafe { $inner(ex, rv) }
                } else {
                    // SAFETY: our handler is only in place after install().
                    unsafe { $hook.call_original(ex, rv) }
                }
            }
            $crate::php::hooks::FnHook::new($name, handler)
        };
    };
}
pub(crate) use fn_hook;
