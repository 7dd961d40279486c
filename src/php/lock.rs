//! `Swoole\Coroutine\Lock` over the core's lock (runtime/lock.rs), and
//! `Swoole\Coroutine\TimeoutException`.

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::ffi;

use super::call::{php_fn, Cx, Fail};
use super::decl::{self, Class, Prop, PropDefault};
use super::errors::{self, set_last_error};
use super::log;
use super::object::{self, Native};
use super::state::PROCESS;
use super::zend::{self, zend_object, zend_string};
use crate::runtime::{Lock as CoreLock, LockError};

#[derive(Default)]
pub struct Lock {
    core: CoreLock,
    constructed: Cell<bool>,
}

impl Native for Lock {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        &PROCESS.lock_handlers
    }
}

/// `zend_string` bytes.
///
/// # Safety
/// `s` is a live zend_string.
unsafe fn zstr<'a>(s: *const zend_string) -> &'a [u8] {
    // SAFETY: per the contract; `len` bytes follow `val`.
    unsafe { std::slice::from_raw_parts((*s).val.as_ptr().cast(), (*s).len) }
}

fn class_name(obj: *mut zend_object) -> String {
    // SAFETY: a live object's class entry and its name.
    String::from_utf8_lossy(unsafe { zstr((*(*obj).ce).name) }).into_owned()
}

/// Sets `errCode` (declared slot 0) and fails.
fn fail(cx: &Cx, code: i32) -> bool {
    // SAFETY: `$this` is a Lock (or a subclass): `errCode` is declared slot 0.
    unsafe { cx.this_prop(0) }.set_long(code as i64);
    false
}

/// Swoole's answer to a call outside a coroutine: a log line, errCode 10001.
fn out_of_coroutine(cx: &Cx, func: &str) -> bool {
    log::warning(
        func,
        "The coroutine lock can only be used in a coroutine environment",
    );
    fail(cx, errors::SW_ERROR_CO_OUT_OF_COROUTINE)
}

php_fn! {
    /// $shared is accepted for Swoole's signature: the lock is the process's own either way.
    "__construct" fn lock_construct(cx, shared: bool = "false") -> "" {
        let lock = cx.this_or_default::<Lock>();
        if lock.constructed.replace(true) {
            let msg = format!("Constructor of {} can only be called once", class_name(cx.this_obj()));
            // SAFETY: the engine's Error class exists once it runs.
            return Err(Fail::throw(|| unsafe { zend::zend_ce_error }, msg, 0));
        }
        Ok(())
    }
}

php_fn! {
    /// Takes the lock, waiting while another coroutine holds it; with LOCK_NB, false at
    /// once instead (errCode SOCKET_EBUSY). The holder taking it again gets true. LOCK_SH
    /// is exclusive too.
    "lock" fn lock_lock(cx, operation: i64 = "LOCK_EX") -> "bool" {
        let blocking = operation & libc::LOCK_NB as i64 == 0;
        match cx.this_or_default::<Lock>().core.lock(blocking) {
            Ok(()) => true,
            Err(LockError::Busy) => fail(cx, libc::EBUSY),
            Err(LockError::Cancelled) => {
                set_last_error(errors::SW_ERROR_CO_CANCELED);
                fail(cx, errors::SW_ERROR_CO_CANCELED)
            }
            Err(LockError::OutOfCoroutine) => out_of_coroutine(cx, "CoroutineLock::lock_impl"),
        }
    }
}

php_fn! {
    /// Releases the lock, whichever coroutine holds it (as Swoole); true when it was free.
    "unlock" fn lock_unlock(cx) -> "bool" {
        match cx.this_or_default::<Lock>().core.unlock() {
            Ok(()) => true,
            Err(_) => out_of_coroutine(cx, "CoroutineLock::unlock"),
        }
    }
}

/// Swoole's classes refuse `unset()` of their declared properties (Lock's, Co\Client's).
pub(crate) unsafe extern "C" fn unset_property_deny(
    object: *mut zend_object,
    member: *mut zend_string,
    _cache_slot: *mut *mut c_void,
) {
    // SAFETY: the engine passes a live object and the property's name.
    let name = String::from_utf8_lossy(unsafe { zstr(member) }).into_owned();
    let msg = format!(
        "Property {name} of class {} cannot be unset",
        class_name(object)
    );
    // SAFETY: as above.
    zend::throw(unsafe { zend::zend_ce_error }, &msg, 0);
}

pub fn register() {
    object::handlers_for::<Lock>();
    let h = PROCESS.lock_handlers.load(Ordering::Relaxed);
    // SAFETY: the table was just made by handlers_for and is not in use yet.
    unsafe { (*h).unset_property = Some(unset_property_deny) };
    decl::register_class(&Class {
        doc: "A lock between coroutines: re-entrant for its holder; any coroutine may unlock it.",
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            lock_construct.public(),
            lock_lock.public(),
            lock_unlock.public(),
        ],
        props: &[Prop {
            name: "errCode",
            ty: "",
            default: PropDefault::Long(0),
            flags: zend::ACC_PUBLIC,
            doc: "SOCKET_EBUSY (LOCK_NB), SWOOLE_ERROR_CO_CANCELED or SWOOLE_ERROR_CO_OUT_OF_COROUTINE after a failure.",
        }],
        create_object: Some(object::create_object::<Lock>),
        ..Class::new("Swoole\\Coroutine\\Lock")
    });
    // SAFETY: the engine's Exception class exists by MINIT.
    let exception = unsafe { zend::zend_ce_exception };
    decl::register_class(&Class {
        doc: "Swoole's exception for a coroutine's time limit (Coroutine::setTimeLimit(), which cosocket has not).",
        parent: Some(("\\Exception", exception)),
        flags: super::stub::ACC_FINAL,
        ..Class::new("Swoole\\Coroutine\\TimeoutException")
    });
}
