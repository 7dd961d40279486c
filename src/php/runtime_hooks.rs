//! `Swoole\Runtime` and the life cycle of the runtime hooks: the flags asked for
//! (`enableCoroutine()`, `setHookFlags()`, `Coroutine::set(['hook_flags'])`, `Co\run`'s
//! default), and which hooks are on. As in Swoole 6.2.1: the flags are stored; they are
//! applied when the first coroutine starts and at once by `enableCoroutine()` and
//! `setHookFlags()`; every hook comes off when the loop ends (the flags stay, and the next
//! coroutine applies them again); `Coroutine::set(['hook_flags'])` only stores them.
//! Every hook is off again at request end, and nothing of ours is left in PHP's tables
//! after MSHUTDOWN.
//!
//! [`apply`] is the one place where hook families go on and off: the stream transports
//! (hook_stream.rs), ext-sockets (hook_sockets.rs) and the function hooks here
//! (hook_funcs.rs). [`FnHook`] swaps an internal function's handler and puts it back.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::call::php_fn;
use super::decl::{self, Class};
use super::state::REQUEST;
use super::zend::{self, zend_class_entry, zend_execute_data, zend_object, zval};
use super::{hook_funcs, hook_sockets, hook_stream, zval as zv};

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

/// The transports' bits (hook_stream.rs), and the stream function flag it may use too.
const STREAM_FAMILY: u32 =
    HOOK_TCP | HOOK_UDP | HOOK_UNIX | HOOK_UDG | HOOK_SSL | HOOK_TLS | HOOK_STREAM_FUNCTION;

/// The flags cosocket implements: `getHookFlags()` reports no other (each hook family
/// adds its bits here).
pub const IMPLEMENTED: u32 = HOOK_SLEEP | HOOK_STREAM_FUNCTION | HOOK_NET_FUNCTION | HOOK_SOCKETS;

/// [`IMPLEMENTED`] in this process: SOCKETS needs ext-sockets (as in Swoole, which drops
/// that flag without it).
fn implemented() -> u32 {
    if zend::module_loaded("sockets") {
        IMPLEMENTED
    } else {
        IMPLEMENTED & !HOOK_SOCKETS
    }
}

/// The request's hook state (PHP's one thread only).
struct State {
    /// The flags asked for (Swoole's `config.hook_flags`), as given.
    requested: Cell<u32>,
    /// The hooks on now (implemented flags only).
    active: Cell<u32>,
    /// Whether a coroutine has applied `requested` since the loop last ended.
    activated: Cell<bool>,
}

// SAFETY: PHP's one thread only (NTS), as state.rs's statics.
unsafe impl Sync for State {}

static STATE: State = State {
    requested: Cell::new(0),
    active: Cell::new(0),
    activated: Cell::new(false),
};

/// Turns each hook family on or off from `old` to `new` (both implemented flags only).
fn apply(old: u32, new: u32) {
    let changed = old ^ new;
    if changed == 0 {
        return;
    }
    if changed & STREAM_FAMILY != 0 {
        hook_stream::set_enabled(new);
    }
    if changed & HOOK_SOCKETS != 0 {
        hook_sockets::set_enabled(new & HOOK_SOCKETS != 0);
    }
    hook_funcs::set_enabled(old, new);
    STATE.active.set(new);
}

/// Stores the flags asked for (`config.hook_flags`), and shows them in
/// `Coroutine::getOptions()` as Swoole does.
fn store(flags: u32) {
    STATE.requested.set(flags);
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("hook_flags", flags as i64);
    let prev = REQUEST.options.take();
    *REQUEST.options.borrow_mut() = Some(zv::merge_arrays(prev, &ht));
}

/// `Coroutine::set()` / `Scheduler::set()` with a `hook_flags` key: stored only (a coroutine
/// that starts later applies them; running ones keep the hooks they have).
pub(super) fn set_option(value: &Zval) {
    STATE.requested.set(zv::to_long(value) as u32);
}

/// What `Co\run()` does first (swoole/library's `run()`): every hook unless the options
/// name `hook_flags` already.
pub(super) fn run_default() {
    let given = REQUEST
        .options
        .borrow()
        .as_ref()
        .and_then(|o| o.array().map(|a| a.get("hook_flags").is_some()))
        .unwrap_or(false);
    if !given {
        store(HOOK_ALL);
    }
}

/// A coroutine is about to start: the first since the loop last ended applies the flags
/// asked for.
#[inline]
pub(super) fn activate() {
    if !STATE.activated.replace(true) {
        apply(STATE.active.get(), STATE.requested.get() & implemented());
    }
}

/// The loop has ended: every hook comes off (the flags stay for the next coroutine).
pub(super) fn deactivate() {
    STATE.activated.set(false);
    apply(STATE.active.get(), 0);
}

/// RSHUTDOWN (after the coroutines left were unwound): every hook off, the flags
/// forgotten.
pub(super) fn request_shutdown() {
    deactivate();
    STATE.requested.set(0);
}

/// MSHUTDOWN: no handler of ours stays in PHP's tables (the module is unloaded next).
pub(super) fn module_shutdown() {
    deactivate();
    super::system_signal::unregister();
}

/// enableCoroutine() and setHookFlags(): stored, and applied at once.
fn enable(flags: i64) -> bool {
    let flags = flags as u32;
    store(flags);
    apply(STATE.active.get(), flags & implemented());
    true
}

php_fn! {
    /// Enables the runtime hooks in $flags (SWOOLE_HOOK_*) at once and for every coroutine
    /// started later; 0 disables them. Always true.
    "enableCoroutine" fn rt_enable_coroutine(cx, flags: i64 = "SWOOLE_HOOK_ALL") -> "bool" {
        enable(flags)
    }
}

php_fn! {
    /// The hooks asked for, of those cosocket implements.
    "getHookFlags" fn rt_get_hook_flags(cx) -> "int" {
        (STATE.requested.get() & implemented()) as i64
    }
}

php_fn! {
    /// Same as enableCoroutine($flags).
    "setHookFlags" fn rt_set_hook_flags(cx, flags: i64) -> "bool" {
        enable(flags)
    }
}

/// `new Swoole\Runtime`: Swoole's Error (the object is made, as the engine needs one).
///
/// # Safety
/// Called by the engine with the class being instantiated.
unsafe extern "C" fn create_denied(ce: *mut zend_class_entry) -> *mut zend_object {
    // SAFETY: `ce` is a live class entry; a plain object with the standard handlers.
    let obj = unsafe { ffi::zend_objects_new(ce) };
    unsafe { zend::object_properties_init(obj, ce) };
    // SAFETY: a reference to the engine's static handler table.
    unsafe { (*obj).handlers = &zend::std_object_handlers };
    // SAFETY: the engine's Error class exists once it runs code.
    if unsafe { (*zend::eg()).exception.is_null() } {
        // SAFETY: a class's name is a live zend_string: `len` bytes at `val`.
        let name = unsafe {
            let n = (*ce).name;
            std::slice::from_raw_parts((*n).val.as_ptr().cast::<u8>(), (*n).len)
        };
        let msg = format!(
            "The object of {} can not be created for security reasons",
            String::from_utf8_lossy(name)
        );
        zend::throw(unsafe { zend::zend_ce_error }, &msg, 0);
    }
    obj
}

pub fn register() {
    decl::register_class(&Class {
        doc: "The runtime hooks: PHP's own blocking functions and stream transports made to \
              wait in the coroutine (see getHookFlags() for the ones cosocket implements).",
        methods: &[
            rt_enable_coroutine.public_static(),
            rt_get_hook_flags.public_static(),
            rt_set_hook_flags.public_static(),
        ],
        create_object: Some(create_denied),
        ..Class::new("Swoole\\Runtime")
    });
}

// ---- swapping an internal function's handler --------------------------------------

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
        $vis static $hook: $crate::php::runtime_hooks::FnHook = {
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
            $crate::php::runtime_hooks::FnHook::new($name, handler)
        };
    };
}
pub(crate) use fn_hook;
