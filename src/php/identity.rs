//! The Swoole identity: a second module entry named `swoole` (version [`SWOOLE_VERSION`])
//! registered from cosocket's MINIT, so `extension_loaded('swoole')`, `phpversion('swoole')`,
//! `ReflectionExtension('swoole')`, `php -m`, `php --ri swoole` and Composer's `ext-swoole`
//! requirement find Swoole, while `cosocket` stays the extension that owns every class and
//! function. The entry has no functions or classes of its own, only Swoole's `swoole.*` INI
//! settings that code reads (`ini_get_all('swoole')`); the version constants and
//! `swoole_version()`/`swoole_cpu_num()` live here too.
//!
//! Never both: cosocket stands down when the real Swoole is registered (php/mod.rs), and
//! once this entry exists, loading swoole.so fails with PHP's "already loaded" warning.

use std::cell::UnsafeCell;
use std::ffi::c_int;
use std::mem::MaybeUninit;
use std::ptr;

use ext_php_rs::ffi;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

use super::call::php_fn;
use super::decl;
use super::ini;
use super::zend;

/// The Swoole release whose coroutine API cosocket follows.
pub const SWOOLE_VERSION: &str = "6.2.1";
pub const SWOOLE_VERSION_ID: i64 = 60201;

extern "C" {
    fn zend_unregister_ini_entries(module_number: c_int);
    fn display_ini_entries(module: *mut ffi::zend_module_entry);
    fn zend_next_free_module() -> c_int;
    fn zend_startup_module_ex(module: *mut ffi::zend_module_entry) -> c_int;
}
#[cfg(not(php84))]
extern "C" {
    fn zend_register_module_ex(module: *mut ffi::zend_module_entry) -> *mut ffi::zend_module_entry;
}
#[cfg(php84)]
extern "C" {
    fn zend_register_module_ex(
        module: *mut ffi::zend_module_entry,
        module_type: c_int,
    ) -> *mut ffi::zend_module_entry;
}

/// Swoole's dependencies as Reflection shows them: json, and sockets as cosocket has it
/// (optional: cosocket defines the socket constants itself without it).
struct Deps([ffi::_zend_module_dep; 3]);
// SAFETY: immutable static data (pointers to string literals).
unsafe impl Sync for Deps {}
static DEPS: Deps = Deps([
    ffi::_zend_module_dep {
        name: c"json".as_ptr(),
        rel: ptr::null(),
        version: ptr::null(),
        type_: 1, // MODULE_DEP_REQUIRED (always there since PHP 8.0)
    },
    ffi::_zend_module_dep {
        name: c"sockets".as_ptr(),
        rel: ptr::null(),
        version: ptr::null(),
        type_: 3, // MODULE_DEP_OPTIONAL
    },
    ffi::_zend_module_dep {
        name: ptr::null(),
        rel: ptr::null(),
        version: ptr::null(),
        type_: 0,
    },
]);

/// The `swoole` entry. The engine's registry keeps a pointer to it (not a copy) and
/// writes to it (module number, started flag) until the module is unloaded: at process
/// end, or with cosocket at request end under `dl()`, both while this object is mapped.
struct Entry(UnsafeCell<MaybeUninit<ffi::zend_module_entry>>);
// SAFETY: PHP's one thread only (MINIT writes it; the engine uses it afterwards).
unsafe impl Sync for Entry {}
static SWOOLE_MODULE: Entry = Entry(UnsafeCell::new(MaybeUninit::zeroed()));

extern "C" fn swoole_mshutdown(_type: c_int, module_number: c_int) -> c_int {
    // SAFETY: MSHUTDOWN of the entry that registered them.
    unsafe { zend_unregister_ini_entries(module_number) };
    0
}

extern "C" fn swoole_minfo(module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!(
        "Swoole support",
        "provided by cosocket (coroutine API only)"
    );
    info_table_row!("Version", SWOOLE_VERSION);
    info_table_row!("cosocket", super::VERSION);
    info_table_end!();
    // SAFETY: the engine passes the entry whose information it prints.
    unsafe { display_ini_entries(module.cast()) };
}

/// Registers the `swoole` module entry and its INI settings (cosocket's MINIT, first, so
/// the settings are read before the names they govern are registered). `module_type` is
/// cosocket's own: temporary under `dl()`, so the entry goes with cosocket at request end.
pub fn register(module_type: c_int, cosocket: *mut ffi::zend_module_entry) {
    // SAFETY: MINIT on PHP's thread, once: nothing refers to the static entry yet. It
    // starts as a copy of cosocket's (API number, build id, size); what it points to
    // (names, deps, callbacks) is static. EG(current_module) is cosocket's while its
    // MINIT runs: registering resets it, so it is put back.
    unsafe {
        let entry = &mut *(*SWOOLE_MODULE.0.get()).as_mut_ptr();
        *entry = ptr::read(cosocket);
        entry.name = c"swoole".as_ptr();
        entry.version = c"6.2.1".as_ptr();
        entry.deps = DEPS.0.as_ptr();
        entry.functions = ptr::null();
        entry.module_startup_func = None;
        entry.module_shutdown_func = Some(swoole_mshutdown);
        entry.request_startup_func = None;
        entry.request_shutdown_func = None;
        entry.post_deactivate_func = None;
        entry.info_func = Some(swoole_minfo);
        entry.globals_size = 0;
        entry.globals_ptr = ptr::null_mut();
        entry.globals_ctor = None;
        entry.globals_dtor = None;
        entry.module_started = 0;
        entry.handle = ptr::null_mut();
        entry.type_ = module_type as u8;
        entry.module_number = zend_next_free_module();
        let eg = zend::eg();
        let current = (*eg).current_module;
        #[cfg(not(php84))]
        let reg = zend_register_module_ex(entry);
        #[cfg(php84)]
        let reg = zend_register_module_ex(entry, module_type);
        (*eg).current_module = current;
        if reg.is_null() {
            return; // PHP warned: a module named swoole exists already
        }
        let ini = ini::entries();
        ffi::zend_register_ini_entries(ini.as_ptr(), (*reg).module_number);
        // Started now (it has nothing to start), so its MSHUTDOWN runs, and PHP's own
        // startup pass, which may reach it next, leaves it alone.
        zend_startup_module_ex(reg);
        (*eg).current_module = current;
    }
}

php_fn! {
    /// The Swoole version whose API cosocket provides (SWOOLE_VERSION).
    "swoole_version" fn swoole_version(cx) -> "string" {
        SWOOLE_VERSION.to_string()
    }
}

php_fn! {
    /// The number of online CPUs (sysconf(_SC_NPROCESSORS_ONLN)).
    "swoole_cpu_num" fn swoole_cpu_num(cx) -> "int" {
        // SAFETY: sysconf has no preconditions.
        unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) }.max(1) as i64
    }
}

/// Registers the identity's functions and constants (cosocket's MINIT).
pub fn register_api(module_number: i32) {
    decl::register_functions(&[swoole_version, swoole_cpu_num]);
    let (major, minor, release) = (6, 2, 1);
    decl::constant_doc("The Swoole version whose API cosocket provides.");
    decl::constant_str("SWOOLE_VERSION", SWOOLE_VERSION, module_number);
    decl::constant("SWOOLE_VERSION_ID", SWOOLE_VERSION_ID, module_number);
    decl::constant("SWOOLE_MAJOR_VERSION", major, module_number);
    decl::constant("SWOOLE_MINOR_VERSION", minor, module_number);
    decl::constant("SWOOLE_RELEASE_VERSION", release, module_number);
    decl::constant_str("SWOOLE_EXTRA_VERSION", "", module_number);
    decl::constant_bool("SWOOLE_DEBUG", false, module_number);
    decl::constant_doc("swoole.use_shortname: whether Co, Co\\*, chan, go() and defer() exist.");
    decl::constant_bool("SWOOLE_USE_SHORTNAME", ini::use_shortname(), module_number);
}
