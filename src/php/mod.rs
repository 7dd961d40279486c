//! The PHP layer: registers Swoole's API names and converts between zvals and the
//! core. Only this module touches zvals, EG(...) or ext-php-rs types.

mod args;
mod autoload;
mod backtrace;
mod call;
mod channel;
mod constants;
mod coroutine;
mod decl;
mod errors;
mod object;
mod options;
mod output;
mod scheduler;
mod socket;
mod state;
mod stub;
mod system;
mod vm;
mod zend;

use std::ffi::c_int;

use ext_php_rs::builders::ModuleBuilder;
use ext_php_rs::ffi;
use ext_php_rs::zend::{ModuleEntry, StaticModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use state::PROCESS;

extern "C" fn minit(_type: c_int, module_number: c_int) -> c_int {
    for other in ["swoole", "openswoole"] {
        if zend::module_loaded(other) {
            zend::zend_error_str(
                zend::E_CORE_WARNING,
                &format!(
                    "cosocket: the {other} extension is loaded and defines the same classes and \
                     functions; cosocket stays inactive. Load only one of them."
                ),
            );
            return 0; // SUCCESS: PHP starts, without us.
        }
    }
    stub::module_startup();
    errors::register(module_number);
    constants::register(module_number);
    coroutine::register(module_number);
    scheduler::register();
    channel::register(module_number);
    socket::register();
    stub::write_if_asked();
    autoload::register();
    vm::module_startup();
    // A coroutine stack overflow is reported on stderr the way PHP logs a fatal error
    // there (the handler cannot run PHP's error machinery from a signal handler).
    crate::runtime::overflow::set_message_prefix("PHP Fatal error:  ");
    PROCESS.active.set(true);
    0
}

extern "C" fn mshutdown(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        state::module_shutdown();
    }
    0
}

extern "C" fn rinit(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        state::request_startup();
    }
    0
}

extern "C" fn rshutdown(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        state::request_shutdown();
    }
    0
}

extern "C" fn minfo(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!(
        "cosocket support",
        if PROCESS.active.get() {
            "enabled"
        } else {
            "disabled (swoole loaded)"
        }
    );
    info_table_row!("version", VERSION);
    info_table_row!("event loop", "epoll (mio, edge-triggered)");
    info_table_row!(
        "coroutine stack",
        "corosensei, 2 MiB default, one mapping each, pooled"
    );
    info_table_row!(
        "coroutine stack guard",
        crate::runtime::stack_guard_description()
    );
    info_table_row!(
        "default c_stack_size",
        crate::runtime::DEFAULT_STACK_SIZE.to_string()
    );
    info_table_row!("built for PHP", env!("COSOCKET_PHP_VERNUM"));
    info_table_end!();
}

/// Load after ext-sockets when both are present: its constants win, ours fill in.
struct Deps([ffi::_zend_module_dep; 2]);
// SAFETY: immutable static data (pointers to string literals).
unsafe impl Sync for Deps {}
static DEPS: Deps = Deps([
    // 3 = MODULE_DEP_OPTIONAL
    ffi::_zend_module_dep {
        name: c"sockets".as_ptr(),
        rel: std::ptr::null(),
        version: std::ptr::null(),
        type_: 3,
    },
    ffi::_zend_module_dep {
        name: std::ptr::null(),
        rel: std::ptr::null(),
        version: std::ptr::null(),
        type_: 0,
    },
]);

/// The module entry PHP looks up when it loads the shared object.
#[no_mangle]
pub extern "C" fn get_module() -> *mut ModuleEntry {
    static MODULE: StaticModuleEntry = StaticModuleEntry::new();
    MODULE.get_or_init(|| {
        let (mut entry, _startup, owned) = ModuleBuilder::new("cosocket", VERSION)
            .startup_function(minit)
            .shutdown_function(mshutdown)
            .request_startup_function(rinit)
            .request_shutdown_function(rshutdown)
            .info_function(minfo)
            .try_into()
            .expect("module entry");
        entry.deps = DEPS.0.as_ptr();
        (entry, owned)
    })
}
