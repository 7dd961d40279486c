//! Swoole's `swoole.*` INI settings (registered by identity.rs under the `swoole` module
//! entry) and what they decide at MINIT: which names are registered (decl.rs asks
//! [`wanted`]) and the UDP buffer size requests start with.

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::ptr;

use ext_php_rs::ffi;

/// A `bool` an INI setting writes through PHP's own `OnUpdateBool` (which stores at
/// `mh_arg2 + mh_arg1`): a `Cell<bool>` has `bool`'s layout.
#[repr(transparent)]
struct IniBool(Cell<bool>);
/// A `zend_long` written by `OnUpdateLong`.
#[repr(transparent)]
struct IniLong(Cell<i64>);
// SAFETY: PHP's one thread only (NTS; see state.rs's access rule), engine and us alike.
unsafe impl Sync for IniBool {}
// SAFETY: as above.
unsafe impl Sync for IniLong {}

static ENABLE_LIBRARY: IniBool = IniBool(Cell::new(true));
static ENABLE_PREEMPTIVE_SCHEDULER: IniBool = IniBool(Cell::new(false));
static DISPLAY_ERRORS: IniBool = IniBool(Cell::new(true));
static USE_SHORTNAME: IniBool = IniBool(Cell::new(true));
static SOCKET_BUFFER_SIZE: IniLong = IniLong(Cell::new(super::state::DEFAULT_BUFFER_SIZE));

/// `swoole.use_shortname` (SYSTEM, default On): Off leaves out the short names (`Co`,
/// `Co\*`, `chan`, `go()`, `defer()`), as Swoole does; read at MINIT.
pub fn use_shortname() -> bool {
    USE_SHORTNAME.0.get()
}

/// `swoole.enable_library` (default On): Off leaves out what swoole/library defines
/// (see [`library_name`]), so the library can be loaded the Composer way; read at MINIT.
pub fn enable_library() -> bool {
    ENABLE_LIBRARY.0.get()
}

/// `swoole.socket_buffer_size`: the send/receive buffer size of new UDP sockets before any
/// `Coroutine::set(['socket_buffer_size' => ...])`, read as each request starts.
pub fn socket_buffer_size() -> i64 {
    SOCKET_BUFFER_SIZE.0.get()
}

/// Swoole's short names: the `Co` alias and everything under `Co\`, `chan`, `go`, `defer`.
pub fn short_name(name: &str) -> bool {
    matches!(name, "Co" | "chan" | "go" | "defer") || name.starts_with("Co\\")
}

/// The names cosocket defines natively that swoole/library v6.2.1 declares too (its
/// `src/core/Coroutine/functions.php`, `src/alias.php`, `src/alias_ns.php` and the PSR-4
/// classes `Swoole\Coroutine\WaitGroup` and `Barrier`): with `swoole.enable_library=Off`
/// they are left to it. Every other name cosocket registers is one the library does not
/// declare (php-tests/runtime/112 and 134 check both lists).
pub fn library_name(name: &str) -> bool {
    matches!(
        name,
        "Swoole\\Coroutine\\run"
            | "Swoole\\Coroutine\\go"
            | "Swoole\\Coroutine\\defer"
            | "Swoole\\Coroutine\\batch"
            | "Swoole\\Coroutine\\parallel"
            | "Swoole\\Coroutine\\map"
            | "Swoole\\Coroutine\\deadlock_check"
            | "Co\\run"
            | "Co\\go"
            | "Co\\defer"
            | "Swoole\\Coroutine\\WaitGroup"
            | "Co\\WaitGroup"
            | "Swoole\\Coroutine\\Barrier"
            | "Swoole\\Coroutine\\Server"
            | "Swoole\\Coroutine\\Server\\Connection"
            | "Co\\Server"
            | "Co\\Server\\Connection"
    )
}

/// Whether a function, class or alias named `name` is registered under the INI settings.
pub fn wanted(name: &str) -> bool {
    (use_shortname() || !short_name(name)) && (enable_library() || !library_name(name))
}

type OnModify = unsafe extern "C" fn(
    *mut ffi::zend_ini_entry,
    *mut ffi::zend_string,
    *mut c_void,
    *mut c_void,
    *mut c_void,
    c_int,
) -> c_int;

extern "C" {
    fn OnUpdateBool(
        entry: *mut ffi::zend_ini_entry,
        new_value: *mut ffi::zend_string,
        mh_arg1: *mut c_void,
        mh_arg2: *mut c_void,
        mh_arg3: *mut c_void,
        stage: c_int,
    ) -> c_int;
    fn OnUpdateLong(
        entry: *mut ffi::zend_ini_entry,
        new_value: *mut ffi::zend_string,
        mh_arg1: *mut c_void,
        mh_arg2: *mut c_void,
        mh_arg3: *mut c_void,
        stage: c_int,
    ) -> c_int;
    fn zend_ini_boolean_displayer_cb(entry: *mut ffi::zend_ini_entry, type_: c_int);
}
const PHP_INI_SYSTEM: u8 = 4;
const PHP_INI_ALL: u8 = 7;

/// One `STD_PHP_INI_*` line: name, default, who may change it, and where it is stored.
fn ini_def(
    name: &'static std::ffi::CStr,
    value: &'static std::ffi::CStr,
    modifiable: u8,
    store: *const c_void,
    bool_setting: bool,
) -> ffi::zend_ini_entry_def {
    let on_modify: OnModify = if bool_setting {
        OnUpdateBool
    } else {
        OnUpdateLong
    };
    ffi::zend_ini_entry_def {
        name: name.as_ptr(),
        on_modify: Some(on_modify),
        mh_arg1: ptr::null_mut(), // the offset from mh_arg2: the store itself
        mh_arg2: store.cast_mut(),
        mh_arg3: ptr::null_mut(),
        value: value.as_ptr(),
        displayer: if bool_setting {
            Some(zend_ini_boolean_displayer_cb)
        } else {
            None
        },
        value_length: value.to_bytes().len() as u32,
        name_length: name.to_bytes().len() as u16,
        modifiable,
    }
}

/// Swoole's settings that cosocket reads or that code reads back (their defaults and
/// access levels are Swoole 6.2.1's). enable_preemptive_scheduler and display_errors
/// are accepted and change nothing; Swoole's diagnostics settings of 6.2
/// (enable_fiber_mock, blocking_*, profile, leak_detection) are not registered.
pub fn entries() -> [ffi::zend_ini_entry_def; 6] {
    fn b(s: &IniBool) -> *const c_void {
        (s as *const IniBool).cast()
    }
    [
        ini_def(
            c"swoole.enable_library",
            c"On",
            PHP_INI_ALL,
            b(&ENABLE_LIBRARY),
            true,
        ),
        ini_def(
            c"swoole.enable_preemptive_scheduler",
            c"Off",
            PHP_INI_ALL,
            b(&ENABLE_PREEMPTIVE_SCHEDULER),
            true,
        ),
        ini_def(
            c"swoole.display_errors",
            c"On",
            PHP_INI_ALL,
            b(&DISPLAY_ERRORS),
            true,
        ),
        ini_def(
            c"swoole.use_shortname",
            c"On",
            PHP_INI_SYSTEM,
            b(&USE_SHORTNAME),
            true,
        ),
        ini_def(
            c"swoole.socket_buffer_size",
            c"8388608",
            PHP_INI_ALL,
            (&SOCKET_BUFFER_SIZE as *const IniLong).cast(),
            false,
        ),
        // SAFETY: an all-zero entry ends the table.
        unsafe { std::mem::zeroed() },
    ]
}
