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
//! (hook_stream.rs), ext-sockets (hook_sockets.rs) and the function hooks (hook_funcs.rs).
//! The flags' values and the handler swap they share: hooks.rs.

use std::cell::Cell;

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::call::php_fn;
use super::decl::{self, Class};
use super::hooks::{
    HOOK_ALL, HOOK_NET_FUNCTION, HOOK_SLEEP, HOOK_SOCKETS, HOOK_SSL, HOOK_STREAM_FUNCTION,
    HOOK_TCP, HOOK_TLS, HOOK_UDG, HOOK_UDP, HOOK_UNIX,
};
use super::state::REQUEST;
use super::zend::{self, zend_class_entry, zend_object};
use super::{hook_funcs, hook_sockets, hook_stream, zval as zv};

/// The transports' bits (hook_stream.rs), and the stream function flag it may use too.
const STREAM_FAMILY: u32 =
    HOOK_TCP | HOOK_UDP | HOOK_UNIX | HOOK_UDG | HOOK_SSL | HOOK_TLS | HOOK_STREAM_FUNCTION;

/// The flags cosocket implements: `getHookFlags()` reports no other (each hook family
/// adds its bits here).
pub const IMPLEMENTED: u32 = HOOK_SLEEP
    | HOOK_STREAM_FUNCTION
    | HOOK_NET_FUNCTION
    | HOOK_TCP
    | HOOK_UDP
    | HOOK_UNIX
    | HOOK_UDG
    | HOOK_SSL
    | HOOK_TLS
    | HOOK_SOCKETS;

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
    if changed & HOOK_SLEEP != 0 {
        hook_funcs::set_sleep(new & HOOK_SLEEP != 0);
    }
    if changed & HOOK_STREAM_FUNCTION != 0 {
        hook_funcs::set_stream_function(new & HOOK_STREAM_FUNCTION != 0);
    }
    if changed & HOOK_NET_FUNCTION != 0 {
        hook_funcs::set_net_function(new & HOOK_NET_FUNCTION != 0);
    }
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
    // SAFETY: `obj` was just made for `ce`, its property table not yet filled.
    unsafe { zend::object_properties_init(obj, ce) };
    // SAFETY: a reference to the engine's static handler table.
    unsafe { (*obj).handlers = &zend::std_object_handlers };
    // SAFETY: a plain read of EG on PHP's thread.
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
        // SAFETY: the engine's Error class exists once it runs code.
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
